"""`/api/v1/depots` and `/api/v1/shipments`: log shipments and their steps."""

from flask import abort
from flask_login import current_user

from relief.audit.amendments import amendments_of
from relief.audit.schemas import AmendmentSchema
from relief.auth.scope import scope_filter
from relief.core.errors import ErrorSchema
from relief.core.idempotency import idempotent
from relief.core.models import utcnow
from relief.core.pagination import page_of, paginate
from relief.core.permissions import ADMIN, LOGISTICS, STAFF, roles
from relief.extensions import db
from relief.logistics import (  # noqa: F401 - stock_api: its routes
    amendments,
    depots,
    queries,
    services,
    stock_api,
)
from relief.logistics.amendment_schemas import ReceiptAmendmentSchema, ShipmentAmendmentSchema
from relief.logistics.blueprint import blp
from relief.logistics.models import Depot
from relief.logistics.schemas import (
    CancelSchema,
    DeliverSchema,
    DepotCreateSchema,
    DepotPatchSchema,
    DepotQuerySchema,
    DepotSchema,
    DispatchSchema,
    ReceiptInSchema,
    ShipmentCreateSchema,
    ShipmentQuerySchema,
    ShipmentSchema,
    ShipmentSummarySchema,
)
from relief.unit_of_work import admin_writes, writes

WRITE_ERRORS = (
    (404, "Unknown shipment"),
    (409, "Stale version or status forbids the step"),
    (422, "Invalid input, per-field messages"),
)


IDEMPOTENCY_HEADER = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string"},
    "description": "Repeat-safe POST: a replay returns the first answer and creates nothing",
}


def _write_errors(view):
    """Document the error answers and the Idempotency-Key header of a write."""
    for status, text in WRITE_ERRORS:
        view = blp.alt_response(status, schema=ErrorSchema, description=text)(view)
    return blp.doc(parameters=[IDEMPOTENCY_HEADER])(view)


@blp.route("/depots")
@roles(*STAFF)
@blp.arguments(DepotQuerySchema, location="query")
@blp.response(200, DepotSchema(many=True))
def list_depots(args: dict):
    """Depots (gudang, posko), by organisation, regency and name."""
    return list(db.session.scalars(queries.depot_search(args)))


@blp.route("/depots", methods=["POST"])
@admin_writes(blp, DepotCreateSchema, DepotSchema)
def create_depot(data: dict):
    """Add a depot of an organisation (admin); audited."""
    return depots.create_depot(data)


@blp.route("/depots/<int:depot_id>", methods=["PATCH"])
@admin_writes(blp, DepotPatchSchema, DepotSchema, status=200, errors=(404,))
def update_depot(data: dict, depot_id: int):
    """Rename, move or hand a depot to another organisation (admin); audited."""
    return depots.update_depot(db.get_or_404(Depot, depot_id), data)


@blp.route("/shipments")
@roles(*STAFF)
@blp.arguments(ShipmentQuerySchema, location="query")
@blp.response(200, page_of(ShipmentSummarySchema))
def list_shipments(args: dict):
    """Shipments by event, area, status, commodity and date, paginated; logistics accounts
    see their own scope unless `all_areas=true`."""
    scope = None if args["all_areas"] else scope_filter(current_user)
    return paginate(
        queries.shipment_search({**args, "scope": scope}), args["page"], args["per_page"]
    )


@blp.route("/shipments", methods=["POST"])
@roles(LOGISTICS)
@writes
@idempotent
@blp.arguments(ShipmentCreateSchema())  # an instance: not rebuilt per request
@blp.response(201, ShipmentSchema)
@_write_errors
def create_shipment(data: dict):
    """Log a planned shipment; quantities are answered in the base unit too."""
    return services.log_shipment(data, current_user)


@blp.route("/shipments/<int:shipment_id>")
@roles(*STAFF)
@blp.response(200, ShipmentSchema)
@blp.alt_response(404, schema=ErrorSchema)
def get_shipment(shipment_id: int):
    """One shipment with items, timeline and receipt."""
    return queries.get_shipment(shipment_id)


@blp.route("/shipments/<int:shipment_id>/dispatch", methods=["POST"])
@roles(LOGISTICS)
@writes
@idempotent
@blp.arguments(DispatchSchema())
@blp.response(200, ShipmentSchema)
@_write_errors
def dispatch_shipment(data: dict, shipment_id: int):
    """Mark a planned shipment dispatched (time defaults to now)."""
    shipment = queries.get_shipment(shipment_id)
    return services.dispatch_shipment(
        shipment,
        data["version"],
        data.get("dispatched_at"),
        current_user,
        data.get("lat"),
        data.get("lon"),
    )


@blp.route("/shipments/<int:shipment_id>/deliver", methods=["POST"])
@roles(LOGISTICS)
@writes
@idempotent
@blp.arguments(DeliverSchema())
@blp.response(200, ShipmentSchema)
@_write_errors
def deliver_shipment(data: dict, shipment_id: int):
    """Mark delivered; with `received_by` the BAST (quantities in base units) at once."""
    return services.deliver_shipment(queries.get_shipment(shipment_id), data, current_user)


@blp.route("/shipments/<int:shipment_id>/cancel", methods=["POST"])
@roles(LOGISTICS)
@writes
@idempotent
@blp.arguments(CancelSchema())
@blp.response(200, ShipmentSchema)
@_write_errors
def cancel_shipment(data: dict, shipment_id: int):
    """Cancel a planned or dispatched shipment."""
    shipment = queries.get_shipment(shipment_id)
    return services.cancel_shipment(shipment, data["version"], data["reason"], current_user)


@blp.route("/shipments/<int:shipment_id>/receipt", methods=["POST"])
@roles(LOGISTICS)
@writes
@idempotent
@blp.arguments(ReceiptInSchema())
@blp.response(201, ShipmentSchema)
@_write_errors
def record_receipt(data: dict, shipment_id: int):
    """Record the BAST of a shipment delivered earlier without one."""
    shipment = queries.get_shipment(shipment_id)
    services.check_version(shipment, data.get("version"))
    services.record_receipt(
        shipment,
        data["received_by"],
        data["receiver_role"],
        data.get("received_at") or shipment.delivered_at or utcnow(),
        data.get("lat"),
        data.get("lon"),
        data["items"],
        "staff",
        current_user,
        photos=data["photos"],
        accuracy_m=data.get("accuracy_m"),
    )
    return shipment


@blp.route("/shipments/<int:shipment_id>/amendments")
@roles(*STAFF)
@blp.response(200, AmendmentSchema(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def list_shipment_amendments(shipment_id: int):
    """A shipment's corrections, oldest first (the shipment itself stays as recorded)."""
    return amendments_of("shipment", queries.get_shipment(shipment_id).id)


@blp.route("/shipments/<int:shipment_id>/amendments", methods=["POST"])
@roles(LOGISTICS, ADMIN)
@writes
@idempotent
@blp.arguments(ShipmentAmendmentSchema())
@blp.response(201, AmendmentSchema)
@_write_errors
def amend_shipment(data: dict, shipment_id: int):
    """Correct item quantities or transport facts with a reason; coverage uses the amended
    quantities from the amendment's time on. `revision` is the shipment's last read."""
    return amendments.amend_shipment(queries.get_shipment(shipment_id), data, current_user)


@blp.route("/shipments/<int:shipment_id>/receipt/amendments")
@roles(*STAFF)
@blp.response(200, AmendmentSchema(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def list_receipt_amendments(shipment_id: int):
    """The corrections of a shipment's BAST, oldest first (404 without a BAST)."""
    receipt = queries.get_shipment(shipment_id).receipt
    if receipt is None:
        abort(404)
    return amendments_of("receipt", receipt.id)


@blp.route("/shipments/<int:shipment_id>/receipt/amendments", methods=["POST"])
@roles(LOGISTICS, ADMIN)
@writes
@idempotent
@blp.arguments(ReceiptAmendmentSchema())
@blp.response(201, AmendmentSchema)
@_write_errors
def amend_receipt(data: dict, shipment_id: int):
    """Correct a BAST's accepted/rejected quantities (base unit) or receiver, with a reason."""
    return amendments.amend_receipt(queries.get_shipment(shipment_id), data, current_user)
