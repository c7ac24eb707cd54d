"""Shipment pages: list, create, detail with actions, printable waybill."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import EXCLUDE, ValidationError

from relief.areas.queries import place_labels
from relief.audit.amendments import amendments_of
from relief.auth.scope import scope_filter
from relief.core.errors import ConflictError, DomainError
from relief.core.form_tokens import once
from relief.core.page_errors import filter_label
from relief.core.pagination import paginate
from relief.core.permissions import ADMIN, LOGISTICS, STAFF, roles
from relief.extensions import db
from relief.logistics import (  # noqa: F401 - modules that register their pages
    amendments,
    delivery_import_views,
    guards,
    import_views,
    pages,
    pin_views,
    queries,
    services,
    stock_views,
)
from relief.logistics.amendment_schemas import ReceiptAmendmentSchema, ShipmentAmendmentSchema
from relief.logistics.blueprint import bp
from relief.logistics.forms import (
    AmendReceiptForm,
    AmendShipmentForm,
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
    # A submitted filter form sends its empty boxes too ("event_id="): they filter nothing.
    raw = {k: v for k, v in request.args.items() if v.strip()}
    # Kecamatan and desa may be typed by name ("Lebakgedong") as well as by code.
    for name, level in (("district", "district"), ("destination_code", "village")):
        if raw.get(name):
            raw[name] = queries.area_by_name(raw[name], level) or raw[name]
    try:
        args = ShipmentQuerySchema(unknown=EXCLUDE).load(raw)
    except ValidationError as err:
        flash(
            _(
                "Filter tidak valid: %(f)s",
                f=", ".join(filter_label(name) for name in err.messages),
            ),
            "error",
        )
        args = ShipmentQuerySchema().load({})
    scope = None if args["all_areas"] else scope_filter(current_user)
    page = paginate(
        queries.shipment_search({**args, "scope": scope}), args["page"], args["per_page"]
    )
    filters = {k: v for k, v in request.args.items() if v and k != "page"}
    return render_template(
        "logistics/list.html",
        page=page,
        filters=filters,
        scope=scope,
        **pages.filter_choices(filters.get("regency")),
    )


@bp.route("/shipments/new", methods=["GET", "POST"])
@roles(LOGISTICS)
@writes
@once
def shipment_new():
    """Create a shipment: one item row, more on demand; the depot of the user's last one."""
    form = ShipmentForm()
    unit_options = pages.fill_choices(form, current_user)
    last = queries.last_shipment_of(current_user)
    status, extra = 200, []
    if request.method == "GET":
        pages.prefill(form, last, repeat=request.args.get("repeat") == "last")
    if form.validate_on_submit():
        body, row_index = pages.create_body(form)
        status = 422
        try:
            shipment = services.create_shipment(ShipmentCreateSchema().load(body), current_user)
        except ValidationError as err:
            extra = pages.attach_errors(form, err.messages, row_index)
        except DomainError as err:
            db.session.rollback()
            extra = pages.attach_errors(form, err.fields, row_index)
            if err.status in (403, 409):  # scope or a closed/replayed event: say it on top
                extra.insert(0, err.message)
                status = err.status
        else:
            flash(_("Pengiriman %(w)s dicatat.", w=shipment.waybill_no), "success")
            return redirect(url_for("logistics.shipment_detail", shipment_id=shipment.id))
    elif request.method == "POST":
        status = 422
    return render_template(
        "logistics/new.html",
        form=form,
        unit_options=unit_options,
        extra_errors=extra,
        has_last=last is not None,
    ), status


def _action_forms(shipment) -> dict:
    version = {"version": shipment.version}
    rows = [{"commodity": item.commodity_code} for item in shipment.items]
    return {
        "dispatch_form": DispatchForm(data=version, formdata=None),
        "deliver_form": DeliverForm(data={**version, "items": rows}, formdata=None),
        "cancel_form": CancelForm(data=version, formdata=None),
        "receipt_form": ReceiptForm(data={**version, "items": rows}, formdata=None),
        **_amendment_forms(shipment),
    }


def _amendment_forms(shipment) -> dict:
    """The correction forms, filled with the figures as amended now."""
    current = amendments.current_items(shipment)
    forms = {
        "amend_form": AmendShipmentForm(
            formdata=None,
            data={
                "revision": amendments.shipment_revision(shipment),
                "items": [
                    {"item_id": item.id, "quantity": current[item.id]["quantity"]}
                    for item in shipment.items
                ],
            },
        )
    }
    if shipment.receipt is not None:
        received = amendments.current_receipt_items(shipment.receipt)
        forms["amend_receipt_form"] = AmendReceiptForm(
            formdata=None,
            data={
                "revision": amendments.receipt_revision(shipment.receipt),
                "items": [
                    {
                        "shipment_item_id": line.shipment_item_id,
                        "accepted": received[line.id]["accepted_base"],
                        "rejected": received[line.id]["rejected_base"],
                    }
                    for line in shipment.receipt.items
                ],
            },
        )
    return forms


def _detail(
    shipment_id: int,
    status: int = 200,
    failed: str | None = None,
    extra: list | None = None,
    **forms,
):
    shipment = queries.get_shipment(shipment_id)
    context = {**_action_forms(shipment), **forms}
    for name in ("deliver_form", "receipt_form"):
        pages.label_bast_rows(context[name], shipment)
    receipt = shipment.receipt
    context["receipt_lines"] = {r.shipment_item_id: r for r in receipt.items} if receipt else {}
    context["amendments"] = amendments_of("shipment", shipment.id) + (
        amendments_of("receipt", receipt.id) if receipt else []
    )
    context["amendments"].sort(key=lambda a: (a.at, a.id))
    context["amended_rows"] = pages.amended_row_names(shipment)
    return render_template(
        "logistics/detail.html",
        shipment=shipment,
        failed_form=context.get(failed) if failed else None,
        extra_errors=extra or [],
        **context,
    ), status


@bp.route("/shipments/<int:shipment_id>")
@roles(*STAFF)
def shipment_detail(shipment_id: int):
    """A shipment's items, timeline, receipt and (for logistics) its next steps."""
    return _detail(shipment_id)


def _run_action(shipment_id: int, form, form_name: str, action):
    """Validate a form, run the action, redirect; on refusal re-render with the messages
    beside their fields and a summary at the top of the page."""
    if form.validate_on_submit():
        try:
            action(queries.get_shipment(shipment_id), form)
        except (DomainError, ValidationError) as err:
            db.session.rollback()
            if isinstance(err, ValidationError):
                err = pages.domain_error(err)
            extra = [err.message] if isinstance(err, ConflictError) or err.status == 403 else []
            extra += pages.attach_errors(form, err.fields)
            return _detail(shipment_id, err.status, form_name, extra, **{form_name: form})
        flash(_("Tersimpan."), "success")
        return redirect(url_for("logistics.shipment_detail", shipment_id=shipment_id))
    return _detail(shipment_id, 422, form_name, [], **{form_name: form})


def _bast_items(form, shipment) -> list[dict]:
    """BAST lines in base units from rows counted in the waybill's units."""
    lines = []
    for row, (factor, _unit) in zip(form.items, pages.waybill_factors(shipment), strict=False):
        data = row.form
        line = {
            "commodity": data.commodity.data,
            "rejected": round((data.rejected.data or 0) * factor, 3),
            "reason": data.reason.data or "",
        }
        if data.accepted.data is not None:
            line["accepted"] = round(data.accepted.data * factor, 3)
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
@once
def shipment_dispatch(shipment_id: int):
    """Record departure."""

    def act(shipment, form):
        services.dispatch_shipment(
            shipment, _version(form), wib_to_utc(form.dispatched_at.data), current_user
        )

    return _run_action(shipment_id, DispatchForm(), "dispatch_form", act)


@bp.route("/shipments/<int:shipment_id>/deliver", methods=["POST"])
@roles(LOGISTICS)
@writes
@once
def shipment_deliver(shipment_id: int):
    """Record arrival, with the BAST when the receiver's name is filled in."""

    def act(shipment, form):
        services.deliver_shipment(
            shipment,
            {
                "version": _version(form),
                "delivered_at": wib_to_utc(form.delivered_at.data),
                "lat": form.lat.data,
                "lon": form.lon.data,
                "received_by": (form.received_by.data or "").strip() or None,
                "receiver_role": form.receiver_role.data or "",
                "items": _bast_items(form, shipment),
            },
            current_user,
        )

    return _run_action(shipment_id, DeliverForm(), "deliver_form", act)


@bp.route("/shipments/<int:shipment_id>/receipt", methods=["POST"])
@roles(LOGISTICS)
@writes
@once
def shipment_receipt(shipment_id: int):
    """Record the BAST of a shipment delivered without one."""

    def act(shipment, form):
        services.check_version(shipment, _version(form))
        services.record_receipt(
            shipment,
            form.received_by.data or "",
            form.receiver_role.data or "",
            wib_to_utc(form.received_at.data) or shipment.delivered_at,
            form.lat.data,
            form.lon.data,
            _bast_items(form, shipment),
            "staff",
            current_user,
        )

    return _run_action(shipment_id, ReceiptForm(), "receipt_form", act)


@bp.route("/shipments/<int:shipment_id>/cancel", methods=["POST"])
@roles(LOGISTICS)
@writes
@once
def shipment_cancel(shipment_id: int):
    """Cancel with a reason."""

    def act(shipment, form):
        services.cancel_shipment(shipment, _version(form), form.reason.data, current_user)

    return _run_action(shipment_id, CancelForm(), "cancel_form", act)


def _revision(form) -> int:
    try:
        return int(form.revision.data)
    except (TypeError, ValueError):
        raise ConflictError(_("Versi formulir tidak dikenal; muat ulang halaman.")) from None


@bp.route("/shipments/<int:shipment_id>/amend", methods=["POST"])
@roles(LOGISTICS, ADMIN)
@writes
@once
def shipment_amend(shipment_id: int):
    """Correct item quantities with a reason (an amendment: the original stays)."""

    def act(shipment, form):
        body = {
            "revision": _revision(form),
            "reason": form.reason.data or "",
            "items": [
                {"id": int(row.form.item_id.data), "quantity": row.form.quantity.data}
                for row in form["items"]
                if row.form.quantity.data is not None
            ],
        }
        if (form.override_reason.data or "").strip():
            body["override_reason"] = form.override_reason.data
        amendments.amend_shipment(shipment, ShipmentAmendmentSchema().load(body), current_user)

    return _run_action(shipment_id, AmendShipmentForm(), "amend_form", act)


@bp.route("/shipments/<int:shipment_id>/receipt/amend", methods=["POST"])
@roles(LOGISTICS, ADMIN)
@writes
@once
def receipt_amend(shipment_id: int):
    """Correct the BAST's accepted and rejected quantities with a reason (an amendment)."""

    def act(shipment, form):
        lines = []
        for row in form["items"]:
            line = {"shipment_item_id": int(row.form.shipment_item_id.data)}
            for name in ("accepted", "rejected"):
                if getattr(row.form, name).data is not None:
                    line[name] = getattr(row.form, name).data
            lines.append(line)
        body = {"revision": _revision(form), "reason": form.reason.data or "", "items": lines}
        amendments.amend_receipt(shipment, ReceiptAmendmentSchema().load(body), current_user)

    return _run_action(shipment_id, AmendReceiptForm(), "amend_receipt_form", act)


@bp.route("/shipments/<int:shipment_id>/waybill")
@roles(*STAFF)
def shipment_waybill(shipment_id: int):
    """Printable surat jalan with a QR code to the village's confirmation page.

    Printable from "planned" on, so that it travels with a truck still being loaded (it
    then says it is not yet dispatched). The QR and the number only name the delivery: the
    village signs with its own PIN. A cancelled waybill says so and carries no QR.
    """
    shipment = queries.get_shipment(shipment_id)
    qr = url = None
    if shipment.waybill_no and shipment.status != "cancelled":
        url = pages.confirmation_url(request.host_url, shipment.waybill_no)
        qr = pages.qr_svg(url)
    place = place_labels([shipment.destination_code]).get(shipment.destination_code, "")
    return render_template(
        "logistics/waybill.html", shipment=shipment, qr=qr, confirm_url=url, place=place
    )
