"""Admin pages: the setup checklist, events, organisations, depots, account changes."""

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from relief.admin import pages
from relief.admin.checklist import checklist
from relief.admin.forms import (
    EVENT_KIND_LABELS,
    ORGANISATION_KIND_LABELS,
    AccountForm,
    DepotForm,
    EventEditForm,
    EventForm,
    OrganisationForm,
    split_codes,
)
from relief.auth import accounts
from relief.auth.models import User
from relief.auth.schemas import UserPatchSchema
from relief.catalog.services import load_defaults
from relief.core.models import utcnow
from relief.core.permissions import ADMIN, roles
from relief.events import queries as event_queries
from relief.events import services as event_services
from relief.events.schemas import EventCreateSchema, EventPatchSchema, EventQuerySchema
from relief.extensions import db
from relief.logistics import depots as depot_services
from relief.logistics.models import Depot
from relief.logistics.queries import depot_search
from relief.logistics.schemas import DepotCreateSchema, DepotPatchSchema, DepotQuerySchema
from relief.organisations import queries as organisation_queries
from relief.organisations import services as organisation_services
from relief.organisations.schemas import (
    OrganisationCreateSchema,
    OrganisationPatchSchema,
    OrganisationQuerySchema,
)
from relief.unit_of_work import writes

bp = Blueprint("admin", __name__, url_prefix="/admin")


def form_page(rule: str) -> Callable:
    """An admin page with a form (admins only): GET shows it, POST writes through the boundary."""

    def decorate(view: Callable) -> Callable:
        return bp.route(rule, methods=["GET", "POST"])(roles(ADMIN)(writes(view)))

    return decorate


@bp.route("")
@roles(ADMIN)
def checklist_page():
    """What is still missing before field staff can work, each with a link to fix it."""
    return render_template("admin/checklist.html", steps=checklist())


@bp.route("/catalog/defaults", methods=["POST"])
@roles(ADMIN)
@writes
def catalog_defaults():
    """Install the default commodities, units and cited norms that are missing."""
    added = load_defaults()
    flash(
        _(
            "Ditambahkan: %(c)d komoditas, %(u)d satuan, %(n)d norma.",
            c=added["commodities"],
            u=added["units"],
            n=added["norms"],
        ),
        "success",
    )
    return redirect(url_for("admin.checklist_page"))


@form_page("/events")
def events():
    """Events with filters, and a form to open a live one."""
    form = EventForm()
    form.regency_codes.choices = pages.regency_choices()
    status = 200
    if form.validate_on_submit():
        data = {
            "name": form.name.data,
            "kind": form.kind.data,
            "started_at": pages.start_of(form.started_on.data).isoformat(),
            "regency_codes": form.regency_codes.data,
        }
        if form.emergency_until.data:
            data["emergency_until"] = form.emergency_until.data.isoformat()
        event, status = pages.submit(form, EventCreateSchema(), data, event_services.create_event)
        if event is not None:
            flash(_("Kejadian %(n)s dibuka.", n=event.name), "success")
            return redirect(url_for("admin.events"))
    elif request.method == "POST":
        status = 422
    filters = pages.list_filters(EventQuerySchema(only=("kind", "state", "regency", "q")))
    return render_template(
        "admin/events.html",
        form=form,
        filters=filters,
        events=event_queries.all_events(filters),
        kinds=EVENT_KIND_LABELS,
        regencies=form.regency_codes.choices,
    ), status


@form_page("/events/<int:event_id>")
def event_edit(event_id: int):
    """Rename an event, add regencies, extend its emergency period, close or reopen it."""
    event = event_queries.get_event(event_id)
    form = EventEditForm(obj=event, closed=event.ended_at is not None)
    form.regency_codes.choices = [
        c for c in pages.regency_choices() if c[0] not in (event.regency_codes or [])
    ]
    if request.method == "GET":
        form.regency_codes.data = []
    status = 200
    if form.validate_on_submit():
        data = {"name": form.name.data, "emergency_until": form.emergency_until.data.isoformat()}
        if form.regency_codes.data:
            data["regency_codes"] = form.regency_codes.data
        if form.closed.data != (event.ended_at is not None):
            data["ended_at"] = utcnow().isoformat() if form.closed.data else None
        done, status = pages.submit(
            form, EventPatchSchema(), data, lambda d: event_services.update_event(event, d)
        )
        if done is not None:
            flash(_("Kejadian disimpan."), "success")
            return redirect(url_for("admin.events"))
    elif request.method == "POST":
        status = 422
    return render_template("admin/event_edit.html", form=form, event=event), status


def _organisation_data(form: OrganisationForm, with_active: bool) -> dict:
    data = {
        "name": form.name.data,
        "kind": form.kind.data,
        "regency_codes": form.regency_codes.data,
        "complaint_email": (form.complaint_email.data or "").strip() or None,
        "complaint_phone": (form.complaint_phone.data or "").strip() or None,
    }
    if with_active:
        data["active"] = form.active.data
    return data


@form_page("/organisations")
def organisations():
    """Organisations with filters, and a form to add one."""
    form = OrganisationForm()
    form.regency_codes.choices = pages.regency_choices()
    status = 200
    if form.validate_on_submit():
        organisation, status = pages.submit(
            form,
            OrganisationCreateSchema(),
            _organisation_data(form, False),
            organisation_services.create_organisation,
        )
        if organisation is not None:
            flash(_("Organisasi %(n)s ditambahkan.", n=organisation.name), "success")
            return redirect(url_for("admin.organisations"))
    elif request.method == "POST":
        status = 422
    filters = pages.list_filters(OrganisationQuerySchema())
    return render_template(
        "admin/organisations.html",
        form=form,
        filters=filters,
        organisations=organisation_queries.all_organisations(filters),
        kinds=ORGANISATION_KIND_LABELS,
        regencies=form.regency_codes.choices,
    ), status


@form_page("/organisations/<int:organisation_id>")
def organisation_edit(organisation_id: int):
    """Change an organisation's name, regencies, complaint contact or active flag."""
    organisation = organisation_queries.get_organisation(organisation_id)
    form = OrganisationForm(obj=organisation)
    form.regency_codes.choices = pages.regency_choices()
    status = 200
    if form.validate_on_submit():
        done, status = pages.submit(
            form,
            OrganisationPatchSchema(),
            _organisation_data(form, True),
            lambda d: organisation_services.update_organisation(organisation, d),
        )
        if done is not None:
            flash(_("Organisasi disimpan."), "success")
            return redirect(url_for("admin.organisations"))
    elif request.method == "POST":
        status = 422
    return render_template(
        "admin/organisation_edit.html", form=form, organisation=organisation
    ), status


def _depot_form(depot: Depot | None = None) -> DepotForm:
    form = DepotForm(obj=depot)
    form.organisation_id.choices = pages.organisation_choices()
    form.regency_code.choices = pages.regency_choices()
    return form


def _depot_data(form: DepotForm) -> dict:
    return {
        "name": form.name.data,
        "kind": form.kind.data,
        "organisation_id": form.organisation_id.data,
        "regency_code": form.regency_code.data,
        "lat": float(form.lat.data),
        "lon": float(form.lon.data),
    }


@form_page("/depots")
def depots():
    """Depots with filters, and a form to add one."""
    form = _depot_form()
    status = 200
    if form.validate_on_submit():
        depot, status = pages.submit(
            form, DepotCreateSchema(), _depot_data(form), depot_services.create_depot
        )
        if depot is not None:
            flash(_("Gudang %(n)s ditambahkan.", n=depot.name), "success")
            return redirect(url_for("admin.depots"))
    elif request.method == "POST":
        status = 422
    filters = pages.list_filters(DepotQuerySchema())
    return render_template(
        "admin/depots.html",
        form=form,
        filters=filters,
        depots=list(db.session.scalars(depot_search(filters))),
        organisations=form.organisation_id.choices,
        regencies=form.regency_code.choices,
    ), status


@form_page("/depots/<int:depot_id>")
def depot_edit(depot_id: int):
    """Rename, move or hand a depot to another organisation."""
    depot = db.get_or_404(Depot, depot_id)
    form = _depot_form(depot)
    status = 200
    if form.validate_on_submit():
        data = _depot_data(form)
        data.pop("regency_code")  # a depot stays in its regency
        done, status = pages.submit(
            form, DepotPatchSchema(), data, lambda d: depot_services.update_depot(depot, d)
        )
        if done is not None:
            flash(_("Gudang disimpan."), "success")
            return redirect(url_for("admin.depots"))
    elif request.method == "POST":
        status = 422
    return render_template("admin/depot_edit.html", form=form, depot=depot), status


@form_page("/users/<int:user_id>")
def account_edit(user_id: int):
    """Change a staff account's role, organisation or scope, or disable it."""
    user = db.get_or_404(User, user_id)
    form = AccountForm(
        data={
            "name": user.name,
            "role": user.role,
            "active": user.active,
            "organisation_id": user.organisation_id or 0,
            "area_codes": ", ".join(user.area_codes or []),
        }
    )
    form.organisation_id.choices = pages.organisation_choices(blank=_("(tanpa organisasi)"))
    status = 200
    if form.validate_on_submit():
        data = {
            "name": form.name.data,
            "role": form.role.data,
            "organisation_id": form.organisation_id.data or None,
            "area_codes": split_codes(form.area_codes.data),
            "active": form.active.data,
        }
        done, status = pages.submit(
            form, UserPatchSchema(), data, lambda d: accounts.update_user(user, d, by=current_user)
        )
        if done is not None:
            flash(_("Akun %(u)s disimpan.", u=user.username), "success")
            return redirect(url_for("auth.users"))
    elif request.method == "POST":
        status = 422
    return render_template("admin/account_edit.html", form=form, user=user), status
