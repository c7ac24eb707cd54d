"""Depot stock as logistics sees it: the depot a stock write names, and returns tied to a
BAST's rejections (the ledger itself is relief.stock)."""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from relief.auth.scope import check_depot
from relief.core.errors import DomainError
from relief.extensions import db
from relief.logistics.models import Depot, Receipt, ReceiptItem, Shipment
from relief.logistics.services import depot_ref
from relief.stock import queries as stock_queries
from relief.stock import services as stock_services
from relief.stock.models import StockTracking


def depot_for_write(depot_id: int, user) -> Depot:
    """The depot (404), refused (403) when it belongs to another organisation than the user's."""
    depot = db.get_or_404(Depot, depot_id)
    check_depot(user, depot.organisation_id, depot.name, "depot_id")
    return depot


def return_limit(depot: Depot, shipment_id: int | None, commodity: str) -> float | None:
    """What a return tied to a shipment may bring back: what its BAST rejected of the
    commodity, less what came back already (None: a return not tied to a shipment)."""
    if shipment_id is None:
        return None
    shipment = db.session.get(Shipment, shipment_id)
    if shipment is None or shipment.origin_depot_id != depot.id:
        raise DomainError(
            _("Data tidak valid."), {"shipment_id": [_("Pengiriman ini bukan dari gudang ini.")]}
        )
    rejected = db.session.scalar(
        select(func.sum(ReceiptItem.rejected_base))
        .join(Receipt, Receipt.id == ReceiptItem.receipt_id)
        .where(Receipt.shipment_id == shipment_id, ReceiptItem.commodity_code == commodity)
    )
    if not rejected:
        raise DomainError(
            _("Data tidak valid."),
            {
                "shipment_id": [
                    _("BAST pengiriman ini tidak mencatat barang ditolak untuk komoditas ini.")
                ]
            },
        )
    return max(float(rejected) - stock_queries.returned_for(shipment_id, commodity), 0.0)


def record_stock_entry(depot: Depot, data: dict, user, import_id: int | None = None):
    """A typed entry (receipt, return, loss, count) in the depot's ledger."""
    limit = None
    if data["kind"] == "return":
        limit = return_limit(depot, data.get("shipment_id"), data["commodity"])
    elif data.get("shipment_id"):
        raise DomainError(
            _("Data tidak valid."),
            {"shipment_id": [_("Hanya pengembalian yang dikaitkan dengan pengiriman.")]},
        )
    return stock_services.record_entry(
        depot_ref(depot), data, user, return_limit=limit, import_id=import_id
    )


def depot_stock(regency: str | None, as_of: datetime) -> list[dict]:
    """Per depot (of a regency, or all): name, regency, tracked, on hand per commodity."""
    stmt = select(Depot.id, Depot.name, Depot.regency_code).order_by(Depot.regency_code, Depot.name)
    if regency:
        stmt = stmt.where(Depot.regency_code == regency)
    depots = db.session.execute(stmt).all()
    ledgers = stock_queries.on_hand_many([d.id for d in depots], as_of)
    tracked = dict(
        db.session.execute(select(StockTracking.depot_id, StockTracking.tracked_since)).all()
    )
    return [
        {
            "id": d.id,
            "name": d.name,
            "regency_code": d.regency_code,
            "tracked_since": tracked.get(d.id),
            "on_hand": ledgers.get(d.id, {}),
        }
        for d in depots
    ]
