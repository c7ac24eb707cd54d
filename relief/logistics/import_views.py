"""Bulk-import pages: upload, preview every bad row, then commit all rows or none.

The checked rows wait between preview and commit in `instance/imports/<token>.json`
(token from `secrets`, bound to the uploader, removed after commit or after a day), so
the user need not upload twice and the commit uses exactly what was previewed.
"""

import json
import re
import secrets
import time
from pathlib import Path

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from relief.core.errors import DomainError
from relief.core.permissions import LOGISTICS, STAFF, roles
from relief.events.queries import all_events
from relief.extensions import db
from relief.logistics import importer, services
from relief.logistics.blueprint import bp
from relief.logistics.forms import ImportCommitForm, ImportForm
from relief.logistics.schemas import ShipmentCreateSchema
from relief.unit_of_work import writes

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
MAX_AGE_S = 24 * 3600


def _folder() -> Path:
    folder = Path(current_app.config.get("IMPORT_FOLDER")
                  or Path(current_app.instance_path) / "imports")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _save(payload: dict) -> str:
    folder = _folder()
    for old in folder.glob("*.json"):
        if time.time() - old.stat().st_mtime > MAX_AGE_S:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.json").write_text(json.dumps(payload), encoding="utf-8")
    return token


def _load(token: str) -> dict:
    path = _folder() / f"{token}.json"
    if not TOKEN.match(token) or not path.is_file():
        abort(404)
    payload = json.loads(path.read_text(encoding="utf-8"))
    if payload["user_id"] != current_user.id:
        abort(404)
    return payload


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
        rows = importer.read_rows(upload.filename, upload.read())
    except (ValueError, KeyError, OSError, UnicodeError):
        form.file.errors = [_("Berkas tidak dapat dibaca sebagai CSV atau XLSX.")]
        return render_template("logistics/import.html", form=form, check=None), 422
    check = importer.check_rows(rows, form.event_id.data)
    if check.problems or not rows:
        return _preview(check, None, 422)
    token = _save({"user_id": current_user.id, "event_id": form.event_id.data, "rows": rows})
    return _preview(check, token)


@bp.route("/shipments/import/commit", methods=["POST"])
@roles(LOGISTICS)
@writes
def shipment_import_commit():
    """Create every previewed shipment, or none when anything is wrong."""
    form = ImportCommitForm()
    if not form.validate_on_submit():
        abort(400)
    payload = _load(form.token.data)
    check = importer.check_rows(payload["rows"], payload["event_id"])
    if check.problems:
        return _preview(check, None, 422)
    created = []
    try:
        for ref, body in check.shipments.items():
            try:
                data = ShipmentCreateSchema().load(body)
            except ValidationError as err:
                raise DomainError(f"{ref}: {err.messages}") from err
            created.append(services.create_shipment(data, current_user))
    except DomainError as err:
        db.session.rollback()
        check.add(0, "-", err.message)
        return _preview(check, None, 422)
    (_folder() / f"{form.token.data}.json").unlink(missing_ok=True)
    flash(_("%(n)d pengiriman diimpor.", n=len(created)), "success")
    return redirect(url_for("logistics.shipment_list"))


@bp.route("/shipments/import/template.csv")
@roles(*STAFF)
def shipment_import_template():
    """The CSV template with its columns and example rows."""
    return Response(importer.template_csv(), mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=template_pengiriman.csv"})
