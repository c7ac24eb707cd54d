"""Staff pages: assessment form and import, village page, regency summary."""

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from relief.areas.queries import ancestors, get_area
from relief.audit.amendments import amendments_of
from relief.core.errors import DomainError
from relief.core.fields import bounded_id, plausible_day
from relief.core.form_tokens import once
from relief.core.permissions import ADMIN, LOGISTICS, STAFF, roles
from relief.core.tables import UnreadableTable, read_upload
from relief.core.uploads import consume_pending, discard_pending, load_pending, save_pending
from relief.coverage import amendments, services, views
from relief.coverage.forms import (
    AssessmentAmendmentForm,
    AssessmentForm,
    ImportCommitForm,
    ImportForm,
)
from relief.coverage.importing import COLUMNS, read_rows, validate_rows
from relief.coverage.math import LOCAL_TZ
from relief.coverage.models import Assessment
from relief.coverage.schemas import AssessmentAmendmentSchema, AssessmentInSchema
from relief.coverage.svg import polygon_svg
from relief.events.models import Event
from relief.events.queries import shown_event
from relief.extensions import db
from relief.unit_of_work import writes

bp = Blueprint("coverage", __name__)
IMPORT_KIND = "assessments"


def _event() -> Event:
    event_id = request.args.get("event_id", type=bounded_id)
    event = db.session.get(Event, event_id) if event_id else shown_event()
    if event is None:
        abort(404)
    return event


def _as_of(event: Event) -> datetime:
    """The `as_of` day asked for, else the event's present (a replayed scenario's moment)."""
    raw = request.args.get("as_of", "")
    try:
        day = datetime.strptime(raw, "%Y-%m-%d") if raw else None
    except ValueError:
        day = None
    if day is not None and not plausible_day(day):
        day = None
    if day is None:
        return event.now()
    # The end of that day in Banten.
    return day.replace(hour=23, minute=59, second=59, tzinfo=LOCAL_TZ)


def _form_data(form: AssessmentForm, event_id: int) -> dict:
    data = {
        name: field.data
        for name, field in form._fields.items()
        if name not in ("csrf_token",) and field.data not in (None, "")
    }
    if "assessed_at" in data:
        data["assessed_at"] = data["assessed_at"].replace(tzinfo=LOCAL_TZ).isoformat()
    if "flood_depth_cm" in data:
        data["flood_depth_cm"] = float(data["flood_depth_cm"])
    return {**data, "event_id": event_id}


@bp.route("/assessments/new", methods=["GET", "POST"])
@roles(LOGISTICS)
@writes
@once
def new_assessment():
    """Record an assessment of a village (severity computed unless set with a reason)."""
    event = _event()
    form = AssessmentForm(village_code=request.args.get("village"))
    status = 200
    if form.validate_on_submit():
        try:
            assessment = services.record_assessment(
                AssessmentInSchema().load(_form_data(form, event.id))
            )
        except ValidationError as err:
            _attach(form, err.messages)
            status = 422
        except DomainError as err:
            db.session.rollback()
            if err.status in (403, 409):  # scope or a replayed event: said on top of the form
                flash(err.message, "error")
            _attach(form, err.fields or {"village_code": [err.message]})
            status = err.status
        else:
            flash(
                _("Asesmen tersimpan (tingkat keparahan %(s)d).", s=assessment.severity), "success"
            )
            return redirect(url_for("coverage.village", code=assessment.village_code))
    elif request.method == "POST":
        status = 422
    return render_template("coverage/assessment_form.html", form=form, event=event), status


def _attach(form: AssessmentForm, messages: dict) -> None:
    for name, errors in messages.items():
        field = getattr(form, name, None) or form.village_code
        field.errors = list(field.errors) + list(errors)


@bp.route("/assessments/import", methods=["GET", "POST"])
@roles(LOGISTICS)
@writes
def import_assessments():
    """Preview an assessment file: every row checked, nothing recorded yet."""
    event = _event()
    form = ImportForm()
    rows, errors, commit_form = [], {}, None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            rows = read_rows(upload.filename, read_upload(upload))
        except UnreadableTable as err:
            errors = {1: {"_file": [str(err)]}}
        except (ValueError, UnicodeDecodeError, KeyError, OSError):
            errors = {1: {"_file": [_("Berkas tidak dapat dibaca.")]}}
        else:
            _loaded, errors = validate_rows(event.id, rows)
        if not errors:
            token = save_pending(IMPORT_KIND, current_user.id, {"event_id": event.id, "rows": rows})
            commit_form = ImportCommitForm(token=token)
    status = 422 if errors else 200
    return render_template(
        "coverage/import.html",
        form=form,
        event=event,
        rows=rows,
        errors=errors,
        columns=COLUMNS,
        commit_form=commit_form,
    ), status


@bp.route("/assessments/import/commit", methods=["POST"])
@roles(LOGISTICS)
@writes
def commit_import():
    """Record the previewed rows, all or nothing (validated again), once per preview."""
    form = ImportCommitForm()
    if not form.validate_on_submit():
        abort(400)
    payload = load_pending(IMPORT_KIND, form.token.data, current_user.id)
    if payload is None:
        abort(404)
    event = db.get_or_404(Event, payload["event_id"])
    consume_pending(IMPORT_KIND, form.token.data, current_user.id)
    rows = payload["rows"]
    loaded, errors = validate_rows(event.id, rows)
    if errors:
        return render_template(
            "coverage/import.html",
            form=ImportForm(),
            event=event,
            rows=rows,
            errors=errors,
            columns=COLUMNS,
            commit_form=None,
        ), 422
    services.record_assessments(loaded, sender="import_assessments")
    discard_pending(form.token.data)
    flash(_("%(n)d asesmen tersimpan.", n=len(loaded)), "success")
    return redirect(url_for("coverage.regencies", event_id=event.id))


@bp.route("/villages/<string:code>")
@roles(*STAFF)
def village(code: str):
    """A village: assessments, need against delivered per commodity, shipments, a small map."""
    area = get_area(code)
    if area.level != "village":
        abort(404)
    event = _event()
    as_of = _as_of(event)
    wkb = db.session.scalar(db.select(type(area).display_geom).where(type(area).code == code))
    return render_template(
        "coverage/village.html",
        area=area,
        trail=ancestors(area),
        event=event,
        as_of=as_of,
        needs=views.village_needs(event.id, code, as_of),
        history=views.assessment_history(event.id, code),
        amended=views.amended_assessment_ids(event.id, code),
        shipments=views.village_shipments(event.id, code),
        commodities=views.commodity_names(),
        shape=polygon_svg(wkb),
    )


@bp.route("/coverage/regencies")
@roles(*STAFF)
def regencies():
    """Coverage by regency, district or village with the three bands; sortable."""
    event = _event()
    as_of = _as_of(event)
    parent = request.args.get("parent") or None
    sort = request.args.get("sort", "coverage")
    if sort not in views.SORTS:
        sort = "coverage"
    commodities = views.commodity_names()
    core = [c.code for c in sorted(commodities.values(), key=lambda c: c.sort_order) if c.is_core]
    return render_template(
        "coverage/regencies.html",
        event=event,
        as_of=as_of,
        parent=parent,
        sort=sort,
        areas=views.area_summary(event.id, as_of, parent, sort),
        trail=views.breadcrumbs(parent),
        as_of_text=request.args.get("as_of", ""),
        # The "Per tanggal" box shows the day the page shows, typed or not.
        as_of_day=as_of.astimezone(LOCAL_TZ).date().isoformat(),
        core=core,
        commodities=commodities,
        village_level=bool(parent) and parent.count(".") == 2,
    )


@bp.route("/assessments/<int:assessment_id>", methods=["GET", "POST"])
@roles(*STAFF)
@writes
@once
def assessment_detail(assessment_id: int):
    """An assessment as recorded, its figures as corrected now, its corrections and (for
    the staff who may write it and admins) the correction form."""
    assessment = db.get_or_404(Assessment, assessment_id)
    current = amendments.current_figures(assessment)
    form = AssessmentAmendmentForm(
        data={**current, "revision": amendments.assessment_revision(assessment)}
    )
    status = 200
    if request.method == "POST":
        if current_user.role not in (LOGISTICS, ADMIN):
            abort(403)
        status = _amend(assessment, form)
        if status is None:
            flash(_("Koreksi tersimpan."), "success")
            return redirect(url_for("coverage.assessment_detail", assessment_id=assessment.id))
    return render_template(
        "coverage/assessment.html",
        assessment=assessment,
        current=current,
        form=form,
        amendments=amendments_of("assessment", assessment.id),
        may_amend=current_user.role in (LOGISTICS, ADMIN),
    ), status


def _amend(assessment: Assessment, form: AssessmentAmendmentForm) -> int | None:
    """Record the posted correction; None when saved, else the status of the refusal."""
    if not form.validate():
        return 422
    body = {
        name: field.data
        for name, field in form._fields.items()
        if name not in ("csrf_token",) and field.data not in (None, "")
    }
    body.setdefault("reason", "")
    try:
        amendments.amend_assessment(
            assessment, AssessmentAmendmentSchema().load(body), current_user
        )
    except ValidationError as err:
        _attach_to(form, err.messages)
        return 422
    except DomainError as err:
        db.session.rollback()
        if err.status in (403, 409) or not err.fields:
            flash(err.message, "error")
        _attach_to(form, err.fields or {})
        return err.status
    return None


def _attach_to(form, messages: dict) -> None:
    for name, errors in messages.items():
        field = getattr(form, name, None) or form.reason
        field.errors = list(field.errors) + list(errors)
