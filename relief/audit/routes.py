"""Public pages of the audit trail: the published head and the evidence checker."""

from flask import Blueprint, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField
from wtforms.validators import Length, Optional

from relief.audit.anchors import current_head
from relief.audit.chain import using_dev_key
from relief.audit.evidence import verify_file, verify_id
from relief.core.permissions import PUBLIC, roles
from relief.extensions import limiter
from relief.unit_of_work import writes

bp = Blueprint("audit", __name__)
MAX_UPLOAD = 30 * 1024 * 1024


class VerifyForm(FlaskForm):
    """A verification ID, an evidence file, or both."""

    verification_id = StringField(_l("ID verifikasi"), validators=[Optional(), Length(max=24)])
    document = FileField(_l("Berkas bukti (PDF, CSV, XLSX, GeoJSON)"))


@bp.route("/audit/head")
@roles(PUBLIC)
def head():
    """The audit chain's current head, published for anyone to copy and compare later."""
    current = current_head()
    if request.args.get("format") == "json":
        return jsonify(
            {"seq": current.seq, "hash": current.hash, "development_key": using_dev_key()}
        )
    return render_template("audit/head.html", head=current, dev_key=using_dev_key())


@bp.route("/verifikasi", methods=["GET", "POST"])
@roles(PUBLIC)
@writes  # it writes nothing; every POST view passes the write boundary
@limiter.limit("30 per minute", methods=["POST"])
def verify():
    """Check an evidence PDF or export (upload) or a verification ID: genuine and unchanged?"""
    form = VerifyForm()
    verdict, status = None, 200
    if request.method == "POST":
        if not form.validate_on_submit():
            status = 422
        else:
            upload = form.document.data
            content = upload.read(MAX_UPLOAD + 1) if upload else b""
            typed = (form.verification_id.data or "").strip()
            if len(content) > MAX_UPLOAD:
                form.document.errors = [_("Berkas terlalu besar.")]
                status = 413
            elif content:
                verdict = verify_file(content, typed or None)
            elif typed:
                verdict = verify_id(typed)
            else:
                form.verification_id.errors = [_("Isi ID verifikasi atau unggah berkas.")]
                status = 422
    elif request.args.get("id"):
        verdict = verify_id(request.args["id"][:24])
    return render_template("audit/verify.html", form=form, verdict=verdict), status
