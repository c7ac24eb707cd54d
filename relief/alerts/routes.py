"""Alert pages: queue, detail with evidence and case actions, printouts, exports, deliveries."""

from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import EXCLUDE, ValidationError

from relief.alerts import (
    categories,
    exports,
    facts,
    notify,
    queries,
    report,
    services,
)
from relief.alerts.forms import AlertActionForm, NotificationActionForm
from relief.alerts.schemas import AlertFilterSchema
from relief.areas.queries import area_search
from relief.audit.evidence import evidence_response, register_evidence
from relief.auth.scope import scope_label
from relief.core.errors import DomainError
from relief.core.fields import bounded_page
from relief.core.form_tokens import once
from relief.core.models import utcnow
from relief.core.pagination import paginate
from relief.core.permissions import ADMIN, LOGISTICS, OMBUDSMAN, STAFF, roles
from relief.events.queries import shown_event
from relief.extensions import db
from relief.unit_of_work import writes

bp = Blueprint("alerts", __name__, url_prefix="/alerts")


@bp.app_context_processor
def inject_alert_counts() -> dict:
    """Badge and dashboard numbers for signed-in staff: one COUNT query."""
    if not current_user.is_authenticated:
        return {}
    return {"alert_counts": queries.alert_counts(utcnow())}


@bp.app_template_global()
def alert_facts(alert, opening: bool = False) -> list[tuple[str, str]]:
    """An alert's facts as (label, formatted value) rows for pages and printouts."""
    return facts.alert_facts(alert, opening)


@bp.app_template_global()
def alert_headline(alert) -> str:
    """The kind's telling facts on one line (queue)."""
    return facts.headline(alert)


@bp.app_template_global()
def alert_label(table: str, key: str | None) -> str:
    """Indonesian-first label of a kind, state, level, category or action."""
    return categories.label(table, key)


def _filters() -> dict:
    raw = {
        k: v
        for k, v in request.args.items()
        if v != "" and k not in ("page", "per_page") and not (k == "event" and v == "all")
    }
    try:
        return AlertFilterSchema(unknown=EXCLUDE).load(raw)
    except ValidationError as error:
        raise DomainError(_("Filter tidak valid."), fields=error.messages) from error


def _regencies() -> list:
    return list(db.session.scalars(area_search(level="regency")))


@bp.route("")
@roles(*STAFF)
def queue():
    """The alert queue of the event shown (the picker's; `event=all` for every event),
    overdue first, then critical."""
    filters = _filters()
    args = {k: v for k, v in request.args.items() if k != "page"}
    if "event" not in request.args and (event := shown_event()) is not None:
        filters["event_id"] = event.id
        args["event"] = event.id  # the exports take the same event
    page = paginate(
        queries.alert_queue(filters, utcnow()), request.args.get("page", 1, type=bounded_page), 25
    )
    return render_template(
        "alerts/queue.html",
        page=page,
        filters=filters,
        args=args,
        regencies=_regencies(),
        now=utcnow(),
        labels=categories,
        replayed=queries.replayed_events(),
    )


@bp.route("/<int:alert_id>")
@roles(*STAFF)
def detail(alert_id: int):
    """One alert: facts that fired it, timeline, evidence, the actions the role may take."""
    alert = queries.get_alert(alert_id)
    form = AlertActionForm()
    return render_template(
        "alerts/detail.html",
        alert=alert,
        form=form,
        now=utcnow(),
        evidence=queries.village_evidence(alert),
        actions=services.allowed_actions(alert, current_user),
        labels=categories,
        in_scope=services.in_case_scope(alert, current_user),
        scope=scope_label(current_user),
    )


@bp.route("/<int:alert_id>/actions", methods=["POST"])
@roles(LOGISTICS, OMBUDSMAN)
@writes
@once
def take_action(alert_id: int):
    """Submit a case action from the alert page."""
    alert = queries.get_alert(alert_id)
    form = AlertActionForm()
    if not form.validate_on_submit():
        g.rollback_only = True
        flash(_("Formulir tidak valid."), "error")
        return redirect(url_for("alerts.detail", alert_id=alert_id))
    planned = form.planned_delivery.data
    try:
        services.act(
            alert,
            form.action.data,
            current_user,
            form.note.data or "",
            form.category.data or None,
            _start_of_day(planned) if planned else None,
        )
    except DomainError as error:
        g.rollback_only = True
        flash(error.message, "error")
        return redirect(url_for("alerts.detail", alert_id=alert_id))
    flash(_("Tindakan dicatat."), "success")
    return redirect(url_for("alerts.detail", alert_id=alert_id))


def _start_of_day(day):
    from datetime import UTC, datetime, time

    return datetime.combine(day, time(0), tzinfo=UTC)


def _printable(data: report.EvidenceReport) -> str:
    return render_template(
        "alerts/print_alert.html",
        report=data,
        alerts=data.alerts,
        evidence=data.evidence,
        now=data.now,
        regency=data.regency,
        replayed=data.replayed,
    )


def _pdf(data: report.EvidenceReport, filename: str) -> Response:
    from relief.alerts.pdf import render_pdf  # fpdf2 loads only when a PDF is asked for

    body, document = register_evidence("alert_pdf", filename, lambda stamp: render_pdf(data, stamp))
    return evidence_response(body, document, "application/pdf", filename)


@bp.route("/<int:alert_id>/print")
@roles(OMBUDSMAN, ADMIN, LOGISTICS)
def print_alert(alert_id: int):
    """Printable evidence report of one alert."""
    return _printable(report.alert_report(alert_id, utcnow()))


@bp.route("/<int:alert_id>/report.pdf")
@roles(OMBUDSMAN, ADMIN, LOGISTICS)
@writes  # registers the PDF's SHA-256 and verification ID
def pdf_alert(alert_id: int):
    """The evidence report of one alert as a PDF download."""
    return _pdf(report.alert_report(alert_id, utcnow()), f"peringatan-{alert_id}.pdf")


@bp.route("/report")
@roles(OMBUDSMAN, ADMIN, LOGISTICS)
def print_regency():
    """Printable evidence report of every alert in one regency (?regency=36.02)."""
    return _printable(report.regency_report(_filters().get("regency_code"), utcnow()))


@bp.route("/report.pdf")
@roles(OMBUDSMAN, ADMIN, LOGISTICS)
@writes  # registers the PDF's SHA-256 and verification ID
def pdf_regency():
    """The evidence report of a regency (?regency=36.02) as a PDF download."""
    data = report.regency_report(_filters().get("regency_code"), utcnow())
    return _pdf(data, f"peringatan-{data.regency}.pdf")


@bp.route("/export.<any(csv, xlsx):fmt>")
@roles(*STAFF)
@writes  # registers the file as evidence (SHA-256, audit head, verification ID)
def export(fmt: str):
    """The filtered queue as CSV or XLSX."""
    now = utcnow()
    alerts = list(db.session.scalars(queries.alert_queue(_filters(), now).limit(50_000)))
    if fmt == "csv":
        text = exports.alerts_csv(alerts, now)
        data, mimetype = text.encode("utf-8") if isinstance(text, str) else text, "text/csv"
    else:
        data = exports.alerts_xlsx(alerts, now)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    filename = f"alerts.{fmt}"
    body, document = register_evidence(f"alerts_{fmt}", filename, lambda stamp: bytes(data))
    return evidence_response(body, document, mimetype, filename)


@bp.route("/notifications")
@roles(ADMIN)
def notifications():
    """Admin: the channels (secrets masked), a test message, and deliveries, failures first."""
    page = paginate(
        queries.notification_deliveries(), request.args.get("page", 1, type=bounded_page), 50
    )
    return render_template(
        "alerts/notifications.html",
        page=page,
        args={},
        channels=queries.channel_overview(),
        form=NotificationActionForm(),
    )


@bp.route("/notifications/test", methods=["POST"])
@roles(ADMIN)
@writes
def send_test_notification():
    """Admin: queue a test message to every enabled channel (the worker sends it)."""
    if NotificationActionForm().validate_on_submit():
        if notify.enqueue_test_message(current_user.username):
            flash(_("Pesan uji dimasukkan ke antrean; hasilnya tampil di bawah."), "success")
        else:
            flash(_("Tidak ada kanal surel atau webhook yang aktif."), "error")
    return redirect(url_for("alerts.notifications"))


@bp.route("/notifications/<int:attempt_id>/retry", methods=["POST"])
@roles(ADMIN)
@writes
def retry_notification(attempt_id: int):
    """Admin: send a failed or waiting message again now."""
    if NotificationActionForm().validate_on_submit():
        notify.retry_now(queries.get_notification(attempt_id))
        flash(_("Notifikasi dimasukkan lagi ke antrean."), "success")
    return redirect(url_for("alerts.notifications"))
