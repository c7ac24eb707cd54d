"""Admin pages: need norms per profile, and the profile each event uses."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from relief.catalog import services
from relief.catalog.forms import EventProfileForm, NormForm
from relief.catalog.models import Norm
from relief.core.errors import DomainError
from relief.core.form_tokens import once
from relief.core.permissions import ADMIN, roles
from relief.events.queries import all_events
from relief.extensions import db
from relief.unit_of_work import writes

bp = Blueprint("catalog", __name__)


def _norms() -> list[Norm]:
    return list(db.session.scalars(select(Norm).order_by(Norm.profile, Norm.commodity_code)))


def _event_forms() -> list:
    profiles = services.norm_profiles()
    forms = []
    for event in all_events():
        form = EventProfileForm(
            prefix=f"e{event.id}", event_id=event.id, norm_profile=event.norm_profile
        )
        form.norm_profile.choices = [(p, p) for p in profiles]
        forms.append((event, form))
    return forms


@bp.route("/admin/norms")
@roles(ADMIN)
def norms():
    """Every norm with its source, and each event's profile."""
    return render_template("catalog/norms.html", norms=_norms(), events=_event_forms())


@bp.route("/admin/norms/<int:norm_id>", methods=["GET", "POST"])
@roles(ADMIN)
@writes
@once
def edit_norm(norm_id: int):
    """Edit one norm: amount, per, period, basis and the cited source."""
    norm = db.get_or_404(Norm, norm_id)
    form = NormForm(obj=norm)
    status = 200
    if form.validate_on_submit():
        try:
            services.update_norm(
                norm.id,
                float(form.amount.data),
                form.per.data,
                form.period.data,
                form.basis.data,
                form.source.data,
            )
        except DomainError as err:
            for name, messages in err.fields.items():
                getattr(form, name).errors = list(messages)
            status = 422
        else:
            flash(_("Norma disimpan."), "success")
            return redirect(url_for("catalog.norms"))
    elif request.method == "POST":
        status = 422
    return render_template("catalog/norm_form.html", form=form, norm=norm), status


@bp.route("/admin/events/<int:event_id>/profile", methods=["POST"])
@roles(ADMIN)
@writes
def event_profile(event_id: int):
    """Choose the norm profile of an event."""
    form = EventProfileForm(prefix=f"e{event_id}")
    form.norm_profile.choices = [(p, p) for p in services.norm_profiles()]
    if form.validate_on_submit():
        services.set_event_profile(event_id, form.norm_profile.data)
        flash(_("Profil norma kejadian diubah."), "success")
    else:
        flash(_("Profil tidak dikenal."), "error")
    return redirect(url_for("catalog.norms"))
