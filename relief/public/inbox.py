"""The Ombudsman's inbox of residents' reports: filter, verify, forward, reply, link, close."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from relief.alerts.categories import label as alert_label
from relief.alerts.models import ACTIVE_STATES, Alert
from relief.areas.models import Area
from relief.complaints.models import ResidentReport
from relief.core.errors import DomainError
from relief.core.fields import bounded_page
from relief.core.form_tokens import once
from relief.core.formatting import local_name, moment
from relief.core.models import utcnow
from relief.core.pagination import paginate
from relief.core.permissions import OMBUDSMAN, roles
from relief.extensions import db
from relief.public import forwarding, services
from relief.public.blueprint import bp
from relief.public.forms import InboxFilterForm, ReportActionForm
from relief.unit_of_work import writes


def inbox_query(state: str | None, category: str | None, area: str | None):
    """Reports newest first, optionally by state, category and area code (any level)."""
    stmt = (
        select(ResidentReport)
        .join(Area, Area.code == ResidentReport.village_code)
        .order_by(ResidentReport.created_at.desc(), ResidentReport.id.desc())
    )
    if state:
        stmt = stmt.where(ResidentReport.state == state)
    if category:
        stmt = stmt.where(ResidentReport.category == category)
    if area:
        stmt = stmt.where(
            or_(Area.code == area, Area.district_code == area, Area.regency_code == area)
        )
    return stmt


def linkable_alerts(report: ResidentReport) -> list[Alert]:
    """Alerts a report may be linked to: its village's open or acknowledged ones (and the one
    it is already linked to), newest first."""
    stmt = (
        select(Alert)
        .options(selectinload(Alert.commodity))
        .where(
            Alert.village_code == report.village_code,
            or_(Alert.state.in_(ACTIVE_STATES), Alert.id == (report.alert_id or 0)),
        )
    )
    if report.event_id is not None:  # the event the complaint is about
        stmt = stmt.where(
            or_(Alert.event_id == report.event_id, Alert.id == (report.alert_id or 0))
        )
    return list(
        db.session.scalars(stmt.order_by(Alert.opened_at.desc(), Alert.id.desc()).limit(50))
    )


def _alert_choice(alert: Alert) -> str:
    what = alert_label("kind", alert.kind)
    if alert.commodity is not None:
        what = f"{what}: {local_name(alert.commodity)}"
    opened = _("dibuka %(d)s", d=moment(alert.opened_at))  # outside the f-string, for Babel
    return (
        f"#{alert.id} {what} · {alert_label('level', alert.level)} · "
        f"{alert_label('state', alert.state)} · {opened}"
    )


@bp.route("/reports")
@roles(OMBUDSMAN)
def inbox():
    """Residents' reports with filters and pages."""
    filters = InboxFilterForm(request.args)
    filters.validate()
    args = {k: v for k, v in request.args.items() if k in ("state", "category", "area") and v}
    page = paginate(
        inbox_query(filters.state.data, filters.category.data, filters.area.data),
        request.args.get("page", 1, type=bounded_page),
        25,
    )
    return render_template("public/inbox.html", filters=filters, page=page, args=args)


@bp.route("/reports/<int:report_id>", methods=["GET", "POST"])
@roles(OMBUDSMAN)
@writes
@once
def report_detail(report_id: int):
    """One report in full (text and contact) with its history and the handling steps."""
    report = db.session.get(ResidentReport, report_id) or abort(404)
    form = ReportActionForm()
    units = forwarding.active_organisations()
    form.organisation_id.choices = [(0, "—")] + [(o.id, o.name) for o in units]
    form.alert_id.choices = [(0, "—")] + [(a.id, _alert_choice(a)) for a in linkable_alerts(report)]
    status = 200
    if form.validate_on_submit():
        try:
            if form.action.data == "forward":
                forwarding.forward_report(
                    report, form.organisation_id.data or 0, note=form.note.data or ""
                )
            else:
                services.act_on_report(
                    report,
                    form.action.data,
                    note=form.note.data,
                    reply=form.public_reply.data,
                    alert_id=form.alert_id.data or None,
                )
        except DomainError as err:
            for name, messages in err.fields.items():
                if name in form:
                    form[name].errors = list(form[name].errors) + list(messages)
            form.form_errors.append(err.message)
            status = err.status
        else:
            flash(_("Laporan diperbarui."), "success")
            return redirect(url_for("public.report_detail", report_id=report.id))
    elif request.method == "POST":
        status = 422
    if request.method == "GET" and report.public_reply:
        form.public_reply.data = report.public_reply
    if request.method == "GET" and report.organisation_id:
        form.organisation_id.data = report.organisation_id
    if request.method == "GET" and report.alert_id:
        form.alert_id.data = report.alert_id
    return render_template(
        "public/report_detail.html", report=report, form=form, now=utcnow()
    ), status
