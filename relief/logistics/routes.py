"""Shipment pages: list, create, detail with actions, printable waybill."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import EXCLUDE, ValidationError

from relief.auth.scope import scope_filter
from relief.core.errors import ConflictError, DomainError
from relief.core.pagination import paginate
from relief.core.permissions import LOGISTICS, STAFF, roles
from relief.extensions import db
from relief.logistics import guards, import_views, pages, queries, services  # noqa: F401
from relief.logistics.blueprint import bp
from relief.logistics.forms import (
    CancelForm,
    DeliverForm,
    DispatchForm,
    ReceiptForm,
    ShipmentForm,
    wib_to_utc,
)
from relief.logistics.schemas import ShipmentCreateSchema, ShipmentQuerySchema
from relief.unit_of_work import writes

__all__ = ["bp"]


@bp.route("/shipments")
@roles(*STAFF)
def shipment_list():
    """Shipments with filters and pagination."""
    try:
        args = ShipmentQuerySchema(unknown=EXCLUDE).load(request.args)
    except ValidationError as err:
        flash(_("Filter tidak valid: %(f)s", f=", ".join(err.messages)), "error")
        args = ShipmentQuerySchema().load({})
    scope = None if args["all_areas"] else scope_filter(current_user)
    page = paginate(queries.shipment_search({**args, "scope": scope}), args["page"],
                    args["per_page"])
    filters = {k: v for k, v in request.args.items() if v and k != "page"}
    return render_template("logistics/list.html", page=page, filters=filters, scope=scope,
                           **pages.filter_choices())


@bp.route("/shipments/new", methods=["GET", "POST"])
@roles(LOGISTICS)
@writes
def shipment_new():
    """Create a shipment with several item rows (empty rows are ignored)."""
    form = ShipmentForm()
    pages.fill_choices(form, current_user)
    status = 200
    if form.validate_on_submit():
        body, row_index = pages.create_body(form)
        try:
            shipment = services.create_shipment(ShipmentCreateSchema().load(body), current_user)
        except ValidationError as err:
            form_errors = pages.attach_errors(form, err.messages, row_index)
        except DomainError as err:
            db.session.rollback()
            form_errors = pages.attach_errors(form, err.fields, row_index)
            if err.status in (403, 409):  # scope or a closed/replayed event: say it on top
                form_errors.insert(0, err.message)
            status = err.status
        else:
            flash(_("Pengiriman %(w)s dicatat.", w=shipment.waybill_no), "success")
            return redirect(url_for("logistics.shipment_detail", shipment_id=shipment.id))
        for message in form_errors:
            flash(message, "error")
        status = status if status in (403, 409) else 422
    elif request.method == "POST":
        status = 422
    return render_template("logistics/new.html", form=form), status


def _action_forms(shipment) -> dict:
    version = {"version": shipment.version}
    rows = [{"commodity": item.commodity_code} for item in shipment.items]
    return {
        "dispatch_form": DispatchForm(data=version, formdata=None),
        "deliver_form": DeliverForm(data={**version, "items": rows}, formdata=None),
        "cancel_form": CancelForm(data=version, formdata=None),
        "receipt_form": ReceiptForm(data={**version, "items": rows}, formdata=None),
    }


def _detail(shipment_id: int, status: int = 200, **forms):
    shipment = queries.get_shipment(shipment_id)
    context = {**_action_forms(shipment), **forms}
    receipt = shipment.receipt
    context["receipt_lines"] = {r.shipment_item_id: r for r in receipt.items} if receipt else {}
    return render_template("logistics/detail.html", shipment=shipment, **context), status


@bp.route("/shipments/<int:shipment_id>")
@roles(*STAFF)
def shipment_detail(shipment_id: int):
    """A shipment's items, timeline, receipt and (for logistics) its next steps."""
    return _detail(shipment_id)


def _run_action(shipment_id: int, form, form_name: str, action):
    """Validate a form, run the action, redirect; on refusal re-render with messages."""
    if form.validate_on_submit():
        try:
            action(queries.get_shipment(shipment_id), form)
        except (DomainError, ValidationError) as err:
            db.session.rollback()
            if isinstance(err, ValidationError):
                err = pages.domain_error(err)
            if isinstance(err, ConflictError) or err.status == 403:
                flash(err.message, "error")
            for message in pages.attach_errors(form, err.fields):
                flash(message, "error")
            return _detail(shipment_id, err.status, **{form_name: form})
        flash(_("Tersimpan."), "success")
        return redirect(url_for("logistics.shipment_detail", shipment_id=shipment_id))
    return _detail(shipment_id, 422, **{form_name: form})


def _bast_items(form) -> list[dict]:
    lines = []
    for row in form.items:
        data = row.form
        line = {"commodity": data.commodity.data, "rejected": data.rejected.data or 0,
                "reason": data.reason.data or ""}
        if data.accepted.data is not None:
            line["accepted"] = data.accepted.data
        lines.append(line)
    return lines


def _version(form) -> int:
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        raise ConflictError(_("Versi formulir tidak dikenal; muat ulang halaman.")) from None


@bp.route("/shipments/<int:shipment_id>/dispatch", methods=["POST"])
@roles(LOGISTICS)
@writes
def shipment_dispatch(shipment_id: int):
    """Record departure."""
    def act(shipment, form):
        services.dispatch_shipment(shipment, _version(form), wib_to_utc(form.dispatched_at.data),
                                   current_user)
    return _run_action(shipment_id, DispatchForm(), "dispatch_form", act)


@bp.route("/shipments/<int:shipment_id>/deliver", methods=["POST"])
@roles(LOGISTICS)
@writes
def shipment_deliver(shipment_id: int):
    """Record arrival, with the BAST when the receiver's name is filled in."""
    def act(shipment, form):
        services.deliver_shipment(shipment, {
            "version": _version(form), "delivered_at": wib_to_utc(form.delivered_at.data),
            "lat": form.lat.data, "lon": form.lon.data,
            "received_by": (form.received_by.data or "").strip() or None,
            "receiver_role": form.receiver_role.data or "", "items": _bast_items(form),
        }, current_user)
    return _run_action(shipment_id, DeliverForm(), "deliver_form", act)


@bp.route("/shipments/<int:shipment_id>/receipt", methods=["POST"])
@roles(LOGISTICS)
@writes
def shipment_receipt(shipment_id: int):
    """Record the BAST of a shipment delivered without one."""
    def act(shipment, form):
        services.check_version(shipment, _version(form))
        services.record_receipt(
            shipment, form.received_by.data or "", form.receiver_role.data or "",
            wib_to_utc(form.received_at.data) or shipment.delivered_at,
            form.lat.data, form.lon.data, _bast_items(form), "staff", current_user)
    return _run_action(shipment_id, ReceiptForm(), "receipt_form", act)


@bp.route("/shipments/<int:shipment_id>/cancel", methods=["POST"])
@roles(LOGISTICS)
@writes
def shipment_cancel(shipment_id: int):
    """Cancel with a reason."""
    def act(shipment, form):
        services.cancel_shipment(shipment, _version(form), form.reason.data, current_user)
    return _run_action(shipment_id, CancelForm(), "cancel_form", act)


@bp.route("/shipments/<int:shipment_id>/waybill")
@roles(*STAFF)
def shipment_waybill(shipment_id: int):
    """Printable surat jalan with the village confirmation code as a QR code."""
    shipment = queries.get_shipment(shipment_id)
    code = shipment.confirmation_code if guards.sees_confirmation_code(current_user) else None
    qr = url = None
    if code:
        url = pages.confirmation_url(request.host_url, code)
        qr = pages.qr_svg(url)
    return render_template("logistics/waybill.html", shipment=shipment, code=code, qr=qr,
                           confirm_url=url)
