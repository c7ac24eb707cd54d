"""`/api/v1/depots/{id}/stock...`: a depot's ledger, its on hand, and admins' settings."""

from flask_login import current_user

from relief.catalog.queries import all_commodities
from relief.core.errors import ErrorSchema
from relief.core.formatting import local_name
from relief.core.idempotency import idempotent
from relief.core.models import utcnow
from relief.core.pagination import page_of, paginate
from relief.core.permissions import ADMIN, LOGISTICS, STAFF, roles
from relief.extensions import db
from relief.logistics.blueprint import blp
from relief.logistics.models import Depot
from relief.logistics.services import depot_ref
from relief.logistics.stock import depot_for_write, record_stock_entry
from relief.stock import queries as stock_queries
from relief.stock import services as stock_services
from relief.stock.schemas import (
    AsOfSchema,
    OverrideInSchema,
    OverrideSchema,
    StockEntryInSchema,
    StockEntryQuerySchema,
    StockEntrySchema,
    StockSchema,
    TrackingInSchema,
    TrackingSchema,
)
from relief.unit_of_work import writes


def stock_of(depot: Depot, as_of) -> dict:
    """A depot's on hand per commodity (base units) as of a moment, with its tracking."""
    since = stock_queries.tracked_since(depot.id)
    on_hand = stock_queries.on_hand_at(depot.id, as_of)
    items = [
        {
            "commodity": c.code,
            "name": local_name(c),
            "on_hand": on_hand[c.code],
            "unit": c.base_unit,
        }
        for c in all_commodities()
        if c.code in on_hand
    ]
    return {
        "depot_id": depot.id,
        "depot": depot.name,
        "as_of": as_of,
        "tracked": since is not None,
        "tracked_since": since,
        "items": items,
    }


@blp.route("/depots/<int:depot_id>/stock")
@roles(*STAFF)
@blp.arguments(AsOfSchema, location="query")
@blp.response(200, StockSchema)
@blp.alt_response(404, schema=ErrorSchema)
def get_stock(args: dict, depot_id: int):
    """On hand per commodity in base units, derived from the ledger as of `as_of` (now)."""
    return stock_of(db.get_or_404(Depot, depot_id), args.get("as_of") or utcnow())


@blp.route("/depots/<int:depot_id>/stock-entries")
@roles(*STAFF)
@blp.arguments(StockEntryQuerySchema, location="query")
@blp.response(200, page_of(StockEntrySchema))
@blp.alt_response(404, schema=ErrorSchema)
def list_stock_entries(args: dict, depot_id: int):
    """The depot's ledger, newest first, by kind, commodity, period and shipment."""
    db.get_or_404(Depot, depot_id)
    filters = {**args, "from": args.get("date_from"), "to": args.get("date_to")}
    return paginate(stock_queries.entry_search(depot_id, filters), args["page"], args["per_page"])


@blp.route("/depots/<int:depot_id>/stock-entries", methods=["POST"])
@roles(LOGISTICS)
@writes
@idempotent
@blp.arguments(StockEntryInSchema())
@blp.response(201, StockEntrySchema)
@blp.alt_response(403, schema=ErrorSchema, description="A depot of another organisation")
@blp.alt_response(409, schema=ErrorSchema, description="A loss beyond the stock on hand")
@blp.alt_response(422, schema=ErrorSchema, description="Invalid input, per-field messages")
def create_stock_entry(data: dict, depot_id: int):
    """Record a receipt (source, document), a return, a loss (reason) or a count (stock
    opname: the variance against the derived on hand is recorded); audited, never edited."""
    return record_stock_entry(depot_for_write(depot_id, current_user), data, current_user)


@blp.route("/depots/<int:depot_id>/stock-tracking", methods=["PUT"])
@roles(ADMIN)
@writes
@blp.arguments(TrackingInSchema)
@blp.response(200, TrackingSchema)
@blp.alt_response(404, schema=ErrorSchema)
def put_stock_tracking(data: dict, depot_id: int):
    """Since when the depot's ledger is complete (null: not tracked, dispatches never
    refused for stock); a depot's first receipt or count sets it when no admin did."""
    depot = db.get_or_404(Depot, depot_id)
    return stock_services.set_tracking(depot_ref(depot), data["tracked_since"], current_user)


@blp.route("/depots/<int:depot_id>/stock-overrides")
@roles(*STAFF)
@blp.response(200, OverrideSchema(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def list_stock_overrides(depot_id: int):
    """Every override admins set for the depot, newest first."""
    db.get_or_404(Depot, depot_id)
    return stock_queries.overrides_of(depot_id)


@blp.route("/depots/<int:depot_id>/stock-overrides", methods=["POST"])
@roles(ADMIN)
@writes
@blp.arguments(OverrideInSchema)
@blp.response(201, OverrideSchema)
@blp.alt_response(422, schema=ErrorSchema, description="Invalid input, per-field messages")
def create_stock_override(data: dict, depot_id: int):
    """Allow dispatches beyond the recorded stock for some hours, with a reason; each
    dispatch that uses it names it and is flagged to the Ombudsman."""
    depot = db.get_or_404(Depot, depot_id)
    return stock_services.set_override(depot_ref(depot), data, current_user)
