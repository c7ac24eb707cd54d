"""The suite's one set of factories: events, depots, assessments, shipments, receipts, users
and tokens. Each builds rows with sensible defaults and keyword overrides and flushes them;
the caller commits (through `commit_write`) or keeps working in the same transaction.
Fixtures in the conftests are thin wrappers around these.
"""

from datetime import UTC, date, datetime, timedelta
from itertools import count

from sqlalchemy import select

from relief.areas.models import Area
from relief.auth.models import User
from relief.auth.services import create_user, issue_token
from relief.coverage.models import Assessment
from relief.events.models import Event
from relief.extensions import db
from relief.logistics.models import Depot, Receipt, ReceiptItem, Shipment, ShipmentItem

LEBAK = "36.02"
_numbers = count(1)


def event(
    code: str | None = None,
    name: str = "Banjir uji",
    started_on: date = date(2020, 1, 1),
    emergency_until: date | None = None,
    **fields,
) -> Event:
    """A flood event (1 January 2020 unless told otherwise, 28 days of emergency)."""
    row = Event(
        code=code or f"EV{next(_numbers)}",
        name=name,
        started_on=started_on,
        emergency_until=emergency_until or started_on + timedelta(days=27),
        **fields,
    )
    db.session.add(row)
    db.session.flush()
    return row


def village_chain(village: str, names: tuple[str, str, str, str]) -> str:
    """A village with its province, regency and district (codes from the village's code,
    names in that order, province first), for tests that need another province."""
    province, regency, district = village[:2], village[:5], village[:8]
    rows = [
        {"code": province, "level": "province"},
        {"code": regency, "level": "regency", "parent_code": province, "regency_code": regency},
        {
            "code": district,
            "level": "district",
            "parent_code": regency,
            "regency_code": regency,
            "district_code": district,
        },
        {
            "code": village,
            "level": "village",
            "parent_code": district,
            "regency_code": regency,
            "district_code": district,
        },
    ]
    db.session.add_all(Area(name=name, **row) for name, row in zip(names, rows, strict=True))
    db.session.flush()
    return village


def depot(name: str = "Gudang BPBD Lebak", regency_code: str = LEBAK, **fields) -> Depot:
    """A depot by name: the existing one, or a new gudang in Lebak."""
    row = db.session.scalar(select(Depot).where(Depot.name == name))
    if row is None:
        fields.setdefault("kind", "gudang")
        fields.setdefault("lat", -6.36)
        fields.setdefault("lon", 106.25)
        row = Depot(name=name, regency_code=regency_code, **fields)
        db.session.add(row)
        db.session.flush()
    return row


def assessment(
    event_id: int,
    village: str,
    assessed_at: datetime | None = None,
    displaced: int | None = None,
    **fields,
) -> Assessment:
    """An assessment; `displaced` also fills affected (x2) and households (/4)."""
    if displaced is not None:
        fields.setdefault("displaced_persons", displaced)
        fields.setdefault("affected_persons", displaced * 2)
        fields.setdefault("displaced_households", displaced // 4)
    fields.setdefault("severity", 3)
    row = Assessment(
        event_id=event_id,
        village_code=village,
        assessed_at=assessed_at or datetime(2020, 1, 2, tzinfo=UTC),
        **fields,
    )
    db.session.add(row)
    db.session.flush()
    return row


def shipment(
    event_id: int,
    village: str,
    items=(("rice", 100.0),),
    status: str = "delivered",
    delivered_at: datetime | None = None,
    origin: Depot | None = None,
    **fields,
) -> Shipment:
    """A shipment written straight to the tables (the API is tested in tests/logistics).

    `items` are (commodity, quantity) in base units or (commodity, quantity, unit, factor).
    """
    fields.setdefault("waybill_no", f"T-{event_id}-{next(_numbers)}")
    row = Shipment(
        event_id=event_id,
        origin_depot=origin or depot(),
        destination_code=village,
        status=status,
        version=fields.pop("version", 1),
        delivered_at=(delivered_at or datetime(2020, 1, 3, tzinfo=UTC))
        if status == "delivered"
        else None,
        **fields,
    )
    for item in items:
        commodity, quantity, unit, factor = (*item, "base", 1) if len(item) == 2 else item
        row.items.append(
            ShipmentItem(
                commodity_code=commodity,
                quantity=quantity,
                unit=unit,
                quantity_base=quantity * factor,
            )
        )
    db.session.add(row)
    db.session.flush()
    return row


def receipt(
    row: Shipment,
    accepted,
    received_at: datetime | None = None,
    received_by: str = "Kades",
    channel: str = "staff",
) -> Receipt:
    """A BAST accepting `accepted` (one base quantity per item) of a shipment."""
    bast = Receipt(
        shipment_id=row.id,
        received_by=received_by,
        receiver_role="kades",
        received_at=received_at or row.delivered_at,
        channel=channel,
    )
    for item, quantity in zip(row.items, accepted, strict=True):
        bast.items.append(
            ReceiptItem(
                shipment_item_id=item.id,
                commodity_code=item.commodity_code,
                accepted_base=quantity,
                rejected_base=item.quantity_base - quantity,
            )
        )
    db.session.add(bast)
    db.session.flush()
    return bast


def user(
    role: str = "logistics",
    username: str | None = None,
    password: str = "rahasia2020",
    area_codes: list[str] | None = None,
    organisation_id: int | None = None,
) -> User:
    """A staff account through the auth service (audited like a real one); logistics
    accounts write province-wide (scope `36`) unless told otherwise."""
    if area_codes is None:
        area_codes = ["36"] if role == "logistics" else []
    return create_user(
        username or f"{role}{next(_numbers)}",
        f"Test {role}",
        role,
        password,
        area_codes=area_codes,
        organisation_id=organisation_id,
    )


def token(account: User) -> str:
    """A bearer token for an account, as its owner would receive it."""
    return issue_token(account)
