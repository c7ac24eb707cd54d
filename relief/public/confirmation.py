"""Village confirmation of a delivery with the code printed on the waybill (no account)."""

from flask import render_template, request
from flask_babel import gettext as _

from relief.core.permissions import PUBLIC, roles
from relief.extensions import limiter
from relief.logistics.rules import normalise_code
from relief.public import queries, services
from relief.public.blueprint import bp, limit_setting, not_found
from relief.public.forms import ConfirmLookupForm, confirm_form_for
from relief.unit_of_work import writes


def _clean_code(text: str | None) -> str:
    return normalise_code(text or "")[:16]


def _refuse(lookup: ConfirmLookupForm):
    lookup.code.errors = [_("Kode tidak dikenal. Periksa lagi kode di surat jalan.")]
    return render_template("public/confirm_lookup.html", form=lookup), 404


@bp.route("/konfirmasi", methods=["GET", "POST"])
@roles(PUBLIC)
@writes
@limiter.limit(limit_setting("PUBLIC_WRONG_CODE_LIMIT"), deduct_when=not_found)
def confirm():
    """Enter the waybill code, check the items, then confirm the quantities received."""
    code = _clean_code(request.values.get("code"))
    lookup = ConfirmLookupForm(formdata=None, code=code)
    if not code:
        return render_template("public/confirm_lookup.html", form=lookup)
    shipment = queries.shipment_by_confirmation_code(code)
    if shipment is None:
        return _refuse(lookup)
    if shipment.receipt is not None:
        return render_template("public/confirm_done.html", shipment=shipment, created=False)
    form = confirm_form_for(shipment.items)
    form.code.data = code
    status = 200
    if form.validate_on_submit():
        received = {item.id: float(form[f"item_{item.id}"].data) for item in shipment.items}
        receipt, created = services.confirm_delivery(shipment, form.role.data, received)
        return render_template("public/confirm_done.html", shipment=shipment, created=created)
    if request.method == "POST":
        status = 422
    return render_template("public/confirm.html", form=form, shipment=shipment,
                           place=queries.village_or_404(shipment.destination_code)), status
