"""A public-service unit's staff answer the complaints forwarded to their organisation."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from relief.complaints.models import ResidentReport
from relief.core.errors import DomainError
from relief.core.models import utcnow
from relief.core.permissions import LOGISTICS, roles
from relief.extensions import db
from relief.public import forwarding
from relief.public.blueprint import bp
from relief.public.forms import AnswerForm
from relief.unit_of_work import writes


def _own(report_id: int) -> ResidentReport:
    """A report forwarded to the signed-in user's organisation, else 404."""
    report = db.session.get(ResidentReport, report_id)
    if (
        report is None
        or report.organisation_id is None
        or (report.organisation_id != current_user.organisation_id)
    ):
        abort(404)
    return report


@bp.route("/unit/complaints")
@roles(LOGISTICS)
def unit_complaints():
    """Complaints forwarded to my organisation, the nearest deadline first."""
    reports = []
    if current_user.organisation_id:
        reports = list(
            db.session.scalars(forwarding.forwarded_reports(current_user.organisation_id))
        )
    return render_template("public/unit_complaints.html", reports=reports, now=utcnow())


@bp.route("/unit/complaints/<int:report_id>", methods=["GET", "POST"])
@roles(LOGISTICS)
@writes
def unit_complaint(report_id: int):
    """One forwarded complaint (text without the resident's contact) and the answer form."""
    report = _own(report_id)
    form = AnswerForm()
    status = 200
    if form.validate_on_submit():
        try:
            forwarding.answer_report(report, form.text.data)
        except DomainError as err:
            form.text.errors = list(form.text.errors) + [err.message]
            status = err.status
        else:
            flash(_("Jawaban terkirim; pelapor dapat membacanya."), "success")
            return redirect(url_for("public.unit_complaint", report_id=report.id))
    elif form.is_submitted():
        status = 422
    return render_template(
        "public/unit_complaint.html", report=report, form=form, now=utcnow()
    ), status
