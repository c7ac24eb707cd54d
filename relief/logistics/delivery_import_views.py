"""Back-fill pages: upload deliveries made without signal, preview every bad row, then
create all the shipments (dispatched, delivered, with BAST) or none."""

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from relief.core.errors import DomainError
from relief.core.form_tokens import once
from relief.core.permissions import LOGISTICS, STAFF, roles
from relief.core.tables import UnreadableTable, read_upload
from relief.core.uploads import discard_pending, save_pending
from relief.extensions import db
from relief.logistics import delivery_import as backfill
from relief.logistics import import_ledger, importer
from relief.logistics.blueprint import bp
from relief.logistics.forms import ImportCommitForm
from relief.logistics.import_views import first_lines, import_form, refuse_duplicates
from relief.logistics.previews import claim_preview
from relief.unit_of_work import writes

KIND = "deliveries"
PAGE = "logistics/import.html"


def _page(form, check=None, token=None, status=200):
    commit_form = ImportCommitForm(data={"token": token}, formdata=None) if token else None
    return render_template(PAGE, form=form, check=check, commit_form=commit_form, mode=KIND), status


@bp.route("/shipments/import/deliveries", methods=["GET", "POST"])
@roles(LOGISTICS)
@writes
def delivery_import():
    """Upload deliveries already made (dispatch, arrival, BAST) and see the preview."""
    form = import_form()
    if not form.validate_on_submit():
        return _page(form, status=422 if form.errors else 200)
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
        return _page(form, status=422)
    check = backfill.check_delivery_rows(rows, form.event_id.data)
    digest = import_ledger.content_hash(content)
    refuse_duplicates(check, form.event_id.data, digest)
    if check.problems or not rows:
        return _page(form, check, status=422)
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
    return _page(form, check, token)


@bp.route("/shipments/import/deliveries/commit", methods=["POST"])
@roles(LOGISTICS)
@writes
@once
def delivery_import_commit():
    """Record every previewed delivery, or none when anything is refused (once per preview)."""
    token, payload = claim_preview(KIND)
    check = backfill.check_delivery_rows(payload["rows"], payload["event_id"])
    refuse_duplicates(check, payload["event_id"], payload.get("sha256", ""))
    if check.problems:
        db.session.rollback()
        return _page(import_form(), check, status=422)
    try:
        created = backfill.record_deliveries(check, current_user)
    except DomainError as err:
        db.session.rollback()
        _explain(check, err, payload["rows"])
        return _page(import_form(), check, status=422)
    import_ledger.record_import(
        payload["event_id"],
        payload.get("filename", ""),
        payload.get("sha256", ""),
        len(payload["rows"]),
        current_user,
        dict(zip(check.shipments, created, strict=True)),
    )
    discard_pending(token)
    flash(_("%(n)d pengiriman yang sudah tiba dicatat.", n=len(created)), "success")
    return redirect(url_for("logistics.shipment_list"))


def _explain(check, err: DomainError, rows: list[dict]) -> None:
    """Name the refused shipment's first line: the services stop at the first refusal."""
    line = first_lines(rows).get(getattr(err, "ref", None), 0)
    check.shipments.clear()
    pairs = list(_messages(err.fields))
    for column, message in pairs or [("-", err.message)]:
        check.add(line, column, f"{err.message} {message}" if pairs else message)


def _messages(fields, column: str = "-"):
    """(column, message) pairs of a service's (nested) field messages."""
    if isinstance(fields, dict):
        for name, value in fields.items():
            yield from _messages(value, name if not str(name).isdigit() else column)
    elif isinstance(fields, list | tuple):
        for value in fields:
            yield from _messages(value, column)
    elif fields:
        yield column, str(fields)


@bp.route("/shipments/import/deliveries/template.csv")
@roles(*STAFF)
def delivery_import_template():
    """The CSV template of the back-fill, with its columns and example rows."""
    return Response(
        backfill.template_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=template_pengiriman_tiba.csv"},
    )
