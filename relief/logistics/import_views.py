"""Bulk-import pages: upload, preview every bad row, then commit all rows or none.

The checked rows wait between preview and commit as a pending upload (relief.core.uploads:
a random token bound to the uploader), so the user need not upload twice, the commit uses
exactly what was previewed, and one preview commits once.
"""

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from relief.core.errors import DomainError
from relief.core.permissions import LOGISTICS, STAFF, roles
from relief.core.tables import UnreadableTable, read_upload
from relief.core.uploads import consume_pending, discard_pending, load_pending, save_pending
from relief.events.queries import all_events
from relief.extensions import db
from relief.logistics import importer, services
from relief.logistics.blueprint import bp
from relief.logistics.forms import ImportCommitForm, ImportForm
from relief.logistics.schemas import ShipmentCreateSchema
from relief.unit_of_work import writes

KIND = "shipments"


def _form() -> ImportForm:
    form = ImportForm()
    form.event_id.choices = [(e.id, e.name) for e in all_events()]
    return form


def _preview(check, token, status=200):
    commit_form = ImportCommitForm(data={"token": token}, formdata=None) if token else None
    return render_template("logistics/import.html", form=_form(), check=check,
                           commit_form=commit_form), status


@bp.route("/shipments/import", methods=["GET", "POST"])
@roles(LOGISTICS)
@writes
def shipment_import():
    """Upload a CSV/XLSX and see the preview with every bad row."""
    form = _form()
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("logistics/import.html", form=form, check=None), status
    upload = form.file.data
    try:
        rows = importer.read_rows(upload.filename, read_upload(upload))
    except (ValueError, KeyError, OSError, UnicodeError) as err:
        form.file.errors = [str(err) if isinstance(err, UnreadableTable)
                            else _("Berkas tidak dapat dibaca sebagai CSV atau XLSX.")]
        return render_template("logistics/import.html", form=form, check=None), 422
    check = importer.check_rows(rows, form.event_id.data)
    if check.problems or not rows:
        return _preview(check, None, 422)
    token = save_pending(KIND, current_user.id, {"event_id": form.event_id.data, "rows": rows})
    return _preview(check, token)


@bp.route("/shipments/import/commit", methods=["POST"])
@roles(LOGISTICS)
@writes
def shipment_import_commit():
    """Create every previewed shipment, or none when anything is wrong (once per preview)."""
    form = ImportCommitForm()
    if not form.validate_on_submit():
        abort(400)
    token = form.token.data
    payload = load_pending(KIND, token, current_user.id)
    if payload is None:
        abort(404)
    consume_pending(KIND, token, current_user.id)  # a second commit of this preview stops here
    check = importer.check_rows(payload["rows"], payload["event_id"])
    if check.problems:
        db.session.rollback()
        return _preview(check, None, 422)
    created, first_line = [], _first_lines(payload["rows"])
    for ref, body in check.shipments.items():
        try:
            created.append(services.create_shipment(ShipmentCreateSchema().load(body),
                                                    current_user))
        except DomainError as err:
            db.session.rollback()
            for column, messages in (err.fields or {"-": [err.message]}).items():
                for message in messages if isinstance(messages, list) else [messages]:
                    check.add(first_line[ref], column, str(message))
            return _preview(check, None, 422)
    discard_pending(token)
    flash(_("%(n)d pengiriman diimpor.", n=len(created)), "success")
    return redirect(url_for("logistics.shipment_list"))


def _first_lines(rows: list[dict]) -> dict[str, int]:
    first: dict[str, int] = {}
    for row in rows:
        first.setdefault(row.get("ref", ""), row["_line"])
    return first


@bp.route("/shipments/import/template.csv")
@roles(*STAFF)
def shipment_import_template():
    """The CSV template with its columns and example rows."""
    return Response(importer.template_csv(), mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=template_pengiriman.csv"})
