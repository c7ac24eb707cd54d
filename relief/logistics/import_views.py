"""Bulk-import pages: upload, preview every bad row, then commit all rows or none.

The checked rows wait between preview and commit as a pending upload (relief.core.uploads:
a random token bound to the uploader), so the user need not upload twice, the commit uses
exactly what was previewed, and one preview commits once.
"""

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from relief.core.errors import DomainError
from relief.core.form_tokens import once
from relief.core.permissions import LOGISTICS, STAFF, roles
from relief.core.tables import UnreadableTable, read_upload
from relief.core.uploads import discard_pending, save_pending
from relief.events.queries import all_events
from relief.extensions import db
from relief.logistics import import_ledger, importer, services
from relief.logistics.blueprint import bp
from relief.logistics.forms import ImportCommitForm, ImportForm
from relief.logistics.previews import add_refusal, claim_preview
from relief.logistics.schemas import ShipmentCreateSchema
from relief.unit_of_work import writes

KIND = "shipments"


def import_form() -> ImportForm:
    """The upload form with the events to choose from."""
    form = ImportForm()
    form.event_id.choices = [(e.id, e.name) for e in all_events()]
    return form


def _preview(check, token, status=200):
    commit_form = ImportCommitForm(data={"token": token}, formdata=None) if token else None
    return render_template(
        "logistics/import.html", form=import_form(), check=check, commit_form=commit_form
    ), status


@bp.route("/shipments/import", methods=["GET", "POST"])
@roles(LOGISTICS)
@writes
def shipment_import():
    """Upload a CSV/XLSX and see the preview with every bad row."""
    form = import_form()
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("logistics/import.html", form=form, check=None), status
    upload = form.file.data
    try:
        content = read_upload(upload)
        rows = importer.read_rows(upload.filename, content)
    except (ValueError, KeyError, OSError, UnicodeError) as err:
        form.file.errors = [
            str(err)
            if isinstance(err, UnreadableTable)
            else _("Berkas tidak dapat dibaca sebagai CSV atau XLSX.")
        ]
        return render_template("logistics/import.html", form=form, check=None), 422
    check = importer.check_rows(rows, form.event_id.data)
    digest = import_ledger.content_hash(content)
    refuse_duplicates(check, form.event_id.data, digest)
    if check.problems or not rows:
        return _preview(check, None, 422)
    token = save_pending(
        KIND,
        current_user.id,
        {
            "event_id": form.event_id.data,
            "rows": rows,
            "sha256": digest,
            "filename": upload.filename or "",
        },
    )
    return _preview(check, token)


@bp.route("/shipments/import/commit", methods=["POST"])
@roles(LOGISTICS)
@writes
@once
def shipment_import_commit():
    """Create every previewed shipment, or none when anything is wrong (once per preview)."""
    token, payload = claim_preview(KIND)
    check = importer.check_rows(payload["rows"], payload["event_id"])
    refuse_duplicates(check, payload["event_id"], payload.get("sha256", ""))
    if check.problems:
        db.session.rollback()
        return _preview(check, None, 422)
    created, first_line = [], first_lines(payload["rows"])
    for ref, body in check.shipments.items():
        try:
            created.append(
                services.create_shipment(ShipmentCreateSchema().load(body), current_user)
            )
        except DomainError as err:
            db.session.rollback()
            add_refusal(check, first_line[ref], err)
            return _preview(check, None, 422)
    import_ledger.record_import(
        payload["event_id"],
        payload.get("filename", ""),
        payload.get("sha256", ""),
        len(payload["rows"]),
        current_user,
        dict(zip(check.shipments, created, strict=True)),
    )
    discard_pending(token)
    flash(_("%(n)d pengiriman diimpor.", n=len(created)), "success")
    return redirect(url_for("logistics.shipment_list"))


def refuse_duplicates(check, event_id: int, digest: str) -> None:
    """Add a problem for a file already imported or a ref already used (issue 13.6)."""
    for column, message in import_ledger.duplicate_problems(
        event_id, digest, list(check.shipments)
    ):
        check.add(0, column, message)


def first_lines(rows: list[dict]) -> dict[str, int]:
    """The line of each ref's first row."""
    first: dict[str, int] = {}
    for row in rows:
        first.setdefault(row.get("ref", ""), row["_line"])
    return first


@bp.route("/shipments/import/template.csv")
@roles(*STAFF)
def shipment_import_template():
    """The CSV template with its columns and example rows."""
    return Response(
        importer.template_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=template_pengiriman.csv"},
    )
