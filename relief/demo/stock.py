"""The demo's depot stock: receipts that arrive the day the goods leave, the dispatch lines
of every demo shipment, and a buffer in Lebak for the live exercise.

Receipts mirror each day's dispatches (Bulog, Kemensos, donations arriving daily), so the
ledger balances and no stock sits idle in the replayed scenario: its alert stories stay as
they are. The Lebak buffer arrives an hour before `demo load`, so the exercise's own
dispatches pass; left unshipped for ALERT_STOCK_IDLE_HOURS while its villages are short, it
raises the stock_idle alert like any live depot would.
"""

from collections import defaultdict
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from relief.audit.services import record
from relief.audit.state import ROWS, state_of
from relief.catalog.models import Commodity
from relief.core.clock import WIB
from relief.extensions import db
from relief.logistics.models import Depot, Shipment
from relief.stock.models import StockEntry, StockTracking

SOURCE_OF = {"rice": "bulog", "medicine": "kemensos", "clothing": "kemensos"}
EXERCISE_DEPOT = "BPBD Kabupaten Lebak"
EXERCISE_BUFFER = {"rice": 5000.0, "medicine": 200.0, "clothing": 1000.0}
WHO = "demo"


def _day_start(moment: datetime) -> datetime:
    local = moment.astimezone(WIB).date()
    return datetime.combine(local, time(0, 0), tzinfo=WIB).astimezone(UTC)


def _entries(shipments: list[Shipment]) -> list[StockEntry]:
    daily: dict[tuple, float] = defaultdict(float)
    out = []
    for s in shipments:
        lines: dict[str, float] = defaultdict(float)
        for item in s.items:
            lines[item.commodity_code] += float(item.quantity_base)
        for commodity, quantity in sorted(lines.items()):
            daily[(s.origin_depot_id, commodity, _day_start(s.dispatched_at))] += quantity
            out.append(
                StockEntry(
                    depot_id=s.origin_depot_id,
                    commodity_code=commodity,
                    kind="dispatch",
                    occurred_at=s.dispatched_at,
                    change_base=-round(quantity, 3),
                    shipment_id=s.id,
                    recorded_by=WHO,
                )
            )
            if s.status == "cancelled" and s.cancelled_at:
                out.append(
                    StockEntry(
                        depot_id=s.origin_depot_id,
                        commodity_code=commodity,
                        kind="return",
                        occurred_at=s.cancelled_at,
                        change_base=round(quantity, 3),
                        shipment_id=s.id,
                        note="Pengiriman dibatalkan",
                        recorded_by=WHO,
                    )
                )
    for (depot_id, commodity, day), quantity in sorted(daily.items()):
        out.append(
            StockEntry(
                depot_id=depot_id,
                commodity_code=commodity,
                kind="receipt",
                occurred_at=day,
                quantity=round(quantity, 3),
                change_base=round(quantity, 3),
                source=SOURCE_OF.get(commodity, "donation"),
                document_no=f"DEMO/{depot_id}/{commodity}/{day:%Y%m%d}",
                recorded_by=WHO,
            )
        )
    return out


def load(rng) -> str:
    """Receipts, dispatch lines and tracking for the demo depots (once)."""
    if db.session.scalar(select(StockEntry.id).limit(1)) is not None:
        return "stock already loaded"
    shipments = list(
        db.session.scalars(
            select(Shipment)
            .where(Shipment.is_demo, Shipment.dispatched_at.is_not(None))
            .options(selectinload(Shipment.items))
        )
    )
    entries = _entries(shipments)
    lebak = db.session.scalar(select(Depot).where(Depot.name == EXERCISE_DEPOT))
    if lebak is not None:
        now = datetime.now(UTC) - timedelta(hours=1)
        units = dict(db.session.execute(select(Commodity.code, Commodity.base_unit)).all())
        entries += [
            StockEntry(
                depot_id=lebak.id,
                commodity_code=c,
                kind="receipt",
                occurred_at=now,
                quantity=q,
                unit=units.get(c),
                change_base=q,
                source=SOURCE_OF.get(c, "donation"),
                document_no=f"DEMO/LATIHAN/{c}",
                recorded_by=WHO,
                note="Stok latihan",
            )
            for c, q in EXERCISE_BUFFER.items()
            if c in units
        ]
    first: dict[int, datetime] = {}
    for e in entries:
        if e.kind == "receipt":
            first[e.depot_id] = min(first.get(e.depot_id, e.occurred_at), e.occurred_at)
    tracking = [
        StockTracking(depot_id=d, tracked_since=at, set_by=WHO) for d, at in sorted(first.items())
    ]
    db.session.add_all(entries + tracking)
    db.session.flush()
    record(
        "demo_stock",
        "stock",
        "demo",
        {"entries": len(entries), ROWS: state_of(*entries, *tracking)},
        actor=WHO,
    )
    return f"{len(entries)} stock entries for {len(tracking)} depots"
