"""The village's own confirmation of a delivery: waybill number plus the village PIN.

The waybill number names the delivery and travels with the goods; the PIN was issued to
the village and signs. Step one checks both and shows the items; step two records the
confirmation or dispute (relief.logistics.village) and redirects, so Back never resubmits.
"""

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from relief.core.errors import DomainError
from relief.core.permissions import PUBLIC, roles
from relief.extensions import db, limiter
from relief.logistics.signatures import VillageConfirmation
from relief.logistics.village import WrongPin, confirm_by_village, shipment_for
from relief.public import queries
from relief.public.blueprint import bp, limit_setting, not_found
from relief.public.forms import ConfirmLookupForm, confirm_form_for
from relief.unit_of_work import writes

DONE = "village_confirmation_done"  # session key: the confirmation to show after the redirect


def _lookup_page(form: ConfirmLookupForm, status: int = 200):
    return render_template("public/confirm_lookup.html", form=form), status


def _items_page(form, shipment, status: int = 200):
    return render_template(
        "public/confirm.html",
        form=form,
        shipment=shipment,
        place=queries.village_or_404(shipment.destination_code),
    ), status


def _done(confirmation: VillageConfirmation):
    session[DONE] = confirmation.id
    return redirect(url_for("public.confirm_done"), code=303)


@bp.route("/konfirmasi", methods=["GET", "POST"])
@roles(PUBLIC)
@writes
@limiter.limit(limit_setting("PUBLIC_WRONG_CODE_LIMIT"), deduct_when=not_found)
def confirm():
    """Enter the waybill number and village PIN, check the items, then confirm or dispute."""
    if request.method == "GET" or "verdict" not in request.form and "name" not in request.form:
        lookup = ConfirmLookupForm(waybill=request.args.get("waybill", ""))
        if request.method == "GET" or not lookup.validate_on_submit():
            return _lookup_page(lookup, 200 if request.method == "GET" else 422)
        try:
            shipment, _pin = shipment_for(lookup.waybill.data, lookup.pin.data)
        except WrongPin as wrong:
            lookup.pin.errors = [wrong.message]
            return _lookup_page(lookup, 404)
        if shipment.village_confirmation is not None:
            return _done(shipment.village_confirmation)
        form = confirm_form_for(shipment.items, formdata=None)
        form.waybill.data, form.pin.data = shipment.waybill_no, lookup.pin.data
        return _items_page(form, shipment)
    try:
        shipment, _pin = shipment_for(request.form.get("waybill", ""), request.form.get("pin", ""))
    except WrongPin as wrong:
        lookup = ConfirmLookupForm(formdata=None, waybill=request.form.get("waybill", ""))
        lookup.pin.errors = [wrong.message]
        return _lookup_page(lookup, 404)
    form = confirm_form_for(shipment.items)
    if not form.validate_on_submit():
        return _items_page(form, shipment, 422)
    quantities = {
        item.id: float(form[f"item_{item.id}"].data) * _factor(item) for item in shipment.items
    }
    try:
        confirmation, _created = confirm_by_village(
            form.waybill.data,
            form.pin.data,
            form.name.data,
            form.role.data,
            form.phone.data,
            quantities,
            form.verdict.data,
            form.note.data or "",
        )
    except DomainError as problem:
        form.form_errors = [problem.message] + [
            m
            for messages in (problem.fields or {}).values()
            if isinstance(messages, list)
            for m in messages
        ]
        return _items_page(form, shipment, 422)
    return _done(confirmation)


def _factor(item) -> float:
    return float(item.quantity_base) / float(item.quantity) if item.quantity else 1.0


@bp.route("/konfirmasi/tercatat")
@roles(PUBLIC)
def confirm_done():
    """What was recorded, shown after the redirect (from this browser's session only)."""
    confirmation = db.session.get(VillageConfirmation, session.get(DONE) or 0)
    if confirmation is None:
        return redirect(url_for("public.confirm"))
    return render_template(
        "public/confirm_done.html",
        confirmation=confirmation,
        shipment=confirmation.shipment,
        message=_("Konfirmasi desa tercatat."),
    )
