"""Logging a new shipment, the busiest write (every POST /api/v1/shipments), in plain rows.

Round trips stay few: one read for the event, depot and village, the new id and the
commodities with their units and norms (plain columns), then the rows are inserted with
INSERT ... RETURNING (on PostgreSQL the shipment, its lines and its first step in one
statement, inserts in WITH; SQLite has no inserts in WITH: one each). The audit entry
records the returned rows and the answer is made of them (``Record``): no ORM object is made
for the new rows, since making, attaching and reading those cost more than the statements
did. Pages and imports that go on with the new shipment (dispatch it, list it) take it as an
ORM object from ``create_shipment``; the checks are the same ones.
"""

import functools
from datetime import datetime
from types import SimpleNamespace

from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, cast, func, insert, null, select
from sqlalchemy.dialects.postgresql import ARRAY

from relief.areas.models import Area
from relief.audit.overrides import record_overrides, refuse_unless_overridden, threshold
from relief.audit.services import record
from relief.audit.state import ROWS, table_rows_state
from relief.auth.scope import check_shipment
from relief.catalog.models import Commodity, CommodityUnit, Norm
from relief.core import plausibility
from relief.core.errors import DomainError
from relief.core.models import insert_returning, utcnow
from relief.events.models import Event
from relief.events.services import check_takes_shipments
from relief.extensions import db
from relief.logistics import rules
from relief.logistics.guards import actor_name, announce, by_label
from relief.logistics.models import Depot, Shipment, ShipmentItem, StatusChange


class Record(SimpleNamespace):
    """A returned row's columns as attributes, with what the answer adds (plain values)."""


def _reference_problems(data: dict) -> dict:
    fields: dict = {}
    if db.session.get(Event, data["event_id"]) is None:
        fields["event_id"] = [_("Kejadian tidak dikenal.")]
    if db.session.get(Depot, data["origin_depot_id"]) is None:
        fields["origin_depot_id"] = [_("Gudang asal tidak dikenal.")]
    level = db.session.scalar(select(Area.level).where(Area.code == data["destination_code"]))
    if level != "village":
        fields["destination_code"] = [_("Kode desa/kelurahan tidak dikenal.")]
    return fields


def _next_shipment_id(dialect: str):
    """The id the next shipment gets, read with its references so that the insert writes the
    waybill (which carries the id) at once. PostgreSQL draws it from the column's sequence,
    as the insert would have; SQLite gives a new row max(id) + 1 too, and a writing
    transaction holds the database's write lock from its BEGIN IMMEDIATE (relief.core.
    database), so no other writer can take the same id meanwhile."""
    if dialect == "postgresql":
        return func.nextval(func.pg_get_serial_sequence("shipment", "id"))
    return select(func.coalesce(func.max(Shipment.id), 0) + 1).scalar_subquery()


def _commodity_columns(statement, profile):
    """`statement` with each named commodity's base unit, units and norm in the norm
    profile: one row per unit and norm (the plausibility guard needs the norms)."""
    return (
        statement.add_columns(
            Commodity.code.label("commodity"),
            Commodity.base_unit,
            CommodityUnit.code.label("unit"),
            CommodityUnit.factor,
            Norm.id.label("norm_id"),
            Norm.amount,
            Norm.period,
        )
        .outerjoin(Commodity, Commodity.code.in_(bindparam("codes", expanding=True)))
        .outerjoin(CommodityUnit, CommodityUnit.commodity_code == Commodity.code)
        .outerjoin(Norm, and_(Norm.commodity_code == Commodity.code, Norm.profile == profile))
    )


@functools.cache
def _statements(dialect: str) -> dict:
    """Built once per dialect, on first use (the create path runs them on every shipment;
    building and keying them cost as much as running them)."""
    references = (
        select(
            Event,
            Depot,
            Area,
            select(_next_shipment_id(dialect)).scalar_subquery().label("next_id"),
        )
        .select_from(Event)
        .join(Depot, Depot.id == bindparam("depot_id"))
        .join(Area, and_(Area.code == bindparam("code"), Area.level == "village"))
        .where(Event.id == bindparam("event_id"))
    )
    return {
        # The references and the commodities in one round trip: the id is drawn once
        # (an uncorrelated subquery), whatever the number of commodity rows.
        "references": _commodity_columns(references, Event.norm_profile),
        # Where a reference is unknown, the commodities alone, for the item lines' messages.
        "commodities": (
            select(
                Commodity.code.label("commodity"),
                Commodity.base_unit,
                CommodityUnit.code.label("unit"),
                CommodityUnit.factor,
                null().label("norm_id"),
            )
            .outerjoin(CommodityUnit, CommodityUnit.commodity_code == Commodity.code)
            .where(Commodity.code.in_(bindparam("codes", expanding=True)))
        ),
        "shipment": insert_returning(Shipment),
        "items": insert_returning(ShipmentItem, sort_by_parameter_order=True),
        "steps": insert_returning(StatusChange),
    }


SHIPMENT, ITEM, STEP = Shipment.__table__, ShipmentItem.__table__, StatusChange.__table__
_PARTS = (("s_", SHIPMENT), ("i_", ITEM), ("h_", STEP))


def _values(table, keys, prefix: str) -> dict:
    return {key: bindparam(f"{prefix}{key}", type_=table.c[key].type) for key in keys}


def _lines(keys: tuple):
    """PostgreSQL: the item lines as one array parameter per column, unnested in order (one
    statement shape for any number of lines; a VALUES list of many rows is not cacheable)."""
    lines = (
        func.unnest(*(cast(bindparam(f"i_{key}"), ARRAY(ITEM.c[key].type)) for key in keys))
        .table_valued(*keys, with_ordinality="line")
        .render_derived("lines")
    )
    return insert(ITEM).from_select(
        list(keys), select(*(lines.c[key] for key in keys)).order_by(lines.c.line)
    )


@functools.cache
def _inserts_in_one(shipment_keys: tuple, item_keys: tuple, step_keys: tuple):
    """PostgreSQL: the shipment, its lines and its first step inserted in one statement
    (inserts in WITH, each returning its rows; the foreign keys are checked at its end),
    answering one row per line with every column of the three. Built once."""
    inserted = {
        "s_": insert(SHIPMENT).values(_values(SHIPMENT, shipment_keys, "s_")),
        "i_": _lines(item_keys),
        "h_": insert(STEP).values(_values(STEP, step_keys, "h_")),
    }
    ctes = {
        prefix: inserted[prefix].returning(*table.c).cte(f"new_{table.name}")
        for prefix, table in _PARTS
    }
    shipment, lines, step = ctes["s_"], ctes["i_"], ctes["h_"]
    return select(
        *(
            ctes[prefix].c[column.name].label(prefix + column.name)
            for prefix, table in _PARTS
            for column in table.c
        )
    ).select_from(
        shipment.join(lines, lines.c.shipment_id == shipment.c.id).join(
            step, step.c.shipment_id == shipment.c.id
        )
    )


def _insert_rows(shipment: dict, items: list[dict], step: dict):
    """Insert the rows; answer them as the database stored them (column -> value): one round
    trip on PostgreSQL, one statement per row on SQLite (no inserts in WITH there)."""
    session = db.session()
    dialect = _dialect()
    if dialect != "postgresql":
        statements = _statements(dialect)
        return (
            dict(session.execute(statements["shipment"], shipment).one()._mapping),
            [dict(row._mapping) for row in session.execute(statements["items"], items)],
            [dict(session.execute(statements["steps"], step).one()._mapping)],
        )
    statement = _inserts_in_one(tuple(shipment), tuple(items[0]), tuple(step))
    parameters = {f"s_{key}": value for key, value in shipment.items()}
    parameters.update({f"h_{key}": value for key, value in step.items()})
    parameters.update({f"i_{key}": [item[key] for item in items] for key in items[0]})
    rows = session.execute(statement, parameters).all()
    parts = [
        [{column.name: row._mapping[prefix + column.name] for column in table.c} for row in rows]
        for prefix, table in _PARTS
    ]
    # ids follow the lines' order (each row draws its own from the sequence in turn)
    return parts[0][0], sorted(parts[1], key=lambda line: line["id"]), parts[2][:1]


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _references(data: dict) -> tuple[tuple[Event, Depot, Area, int] | None, list]:
    """Event, depot, destination village and the new shipment's id, with the commodities'
    rows, in one round trip; (None, the commodities' rows) if a reference is unknown."""
    parameters = {
        "event_id": data["event_id"],
        "depot_id": data["origin_depot_id"],
        "code": data["destination_code"],
        "codes": sorted({item["commodity"] for item in data["items"]}),
    }
    statements = _statements(_dialect())
    rows = db.session.execute(statements["references"], parameters).all()
    if rows:
        return tuple(rows[0])[:4], rows
    return None, db.session.execute(statements["commodities"], parameters).all()


def _commodities(rows) -> tuple[dict[str, Record], list]:
    """The commodities of the rows (base unit, factor of each unit) and their norms."""
    commodities: dict[str, Record] = {}
    norms: dict[int, Record] = {}
    for row in rows:
        if row.commodity is None:
            continue
        commodity = commodities.get(row.commodity)
        if commodity is None:
            commodity = commodities[row.commodity] = Record(base_unit=row.base_unit, factors={})
        if row.unit is not None:
            commodity.factors[row.unit] = float(row.factor)
        if row.norm_id is not None:
            norms[row.norm_id] = Record(
                commodity_code=row.commodity, amount=row.amount, period=row.period
            )
    return commodities, list(norms.values())


def period_need(norms, event: Event, village: Area) -> dict[str, float]:
    """Per commodity, what the whole village could need over the emergency period with norms
    of the event's profile already read: its population as the largest possible basis."""
    if not village.population:
        return {}
    return {
        n.commodity_code: float(n.amount)
        * village.population
        * (event.emergency_days if n.period == "day" else 1)
        for n in norms
    }


def log_shipment(
    data: dict, user=None, planned_at: datetime | None = None, is_demo: bool = False
) -> Record:
    """Log a planned shipment with its items, its first step and its waybill number; answers
    the stored rows as a ``Record`` shaped like a new Shipment (ShipmentSchema dumps it)."""
    references, rows = _references(data)
    fields = {} if references else _reference_problems(data)
    commodities, norms = _commodities(rows)
    factors = {code: c.factors for code, c in commodities.items()}
    bases, problems = rules.convert_items(data["items"], factors)
    if problems:
        fields["items"] = {str(i): {f: [_(m)] for f, m in p.items()} for i, p in problems.items()}
    if fields or references is None:
        raise DomainError(_("Pengiriman tidak dapat dicatat."), fields)
    event, depot, village, shipment_id = references
    if not is_demo:
        check_takes_shipments(event)
        check_shipment(user, village.code, depot)
    implausible = plausibility.quantities(
        [
            (i, item["commodity"], base)
            for i, (item, base) in enumerate(zip(data["items"], bases, strict=True))
        ],
        period_need(norms, event, village),
        threshold("PLAUSIBILITY_NEED_MULTIPLE"),
    )
    refuse_unless_overridden(implausible, data.get("override_reason"))
    planned_at = planned_at or utcnow()
    user_id = user.id if user is not None else None
    # The waybill carries the id, drawn with the references: one insert, no update after it.
    # A new shipment starts at version 2, as when an update numbered it after the insert (an
    # answer's version stays what clients have seen; 1 remains a stale version to refuse).
    shipment, items, history = _insert_rows(
        dict(
            id=shipment_id,
            waybill_no=rules.waybill_number(event.code, shipment_id),
            event_id=event.id,
            origin_depot_id=depot.id,
            destination_code=village.code,
            posko_name=data.get("posko_name"),
            vehicle_plate=data.get("vehicle_plate"),
            driver_name=data.get("driver_name"),
            driver_phone=data.get("driver_phone"),
            notes=data.get("notes") or "",
            status="planned",
            created_at=planned_at,
            is_demo=is_demo,
            created_by_id=user_id,
            version=2,
        ),
        [
            dict(
                shipment_id=shipment_id,
                commodity_code=item["commodity"],
                quantity=item["quantity"],
                unit=item["unit"],
                quantity_base=base,
                lot=item.get("lot"),
                expires_on=item.get("expires_on"),
            )
            for item, base in zip(data["items"], bases, strict=True)
        ],
        dict(
            shipment_id=shipment_id,
            from_status=None,
            to_status="planned",
            at=planned_at,
            recorded_at=utcnow(),
            by_label=by_label(user),
            by_user_id=user_id,
            lat=None,
            lon=None,
            note="",
        ),
    )
    record(
        "create_shipment",
        "shipment",
        shipment["id"],
        {
            "waybill_no": shipment["waybill_no"],
            "event_id": shipment["event_id"],
            "origin_depot_id": shipment["origin_depot_id"],
            "destination": shipment["destination_code"],
            "items": [
                [i["commodity_code"], i["quantity"], i["unit"], i["quantity_base"]] for i in items
            ],
            ROWS: {
                **table_rows_state(SHIPMENT, [shipment]),
                **table_rows_state(ITEM, items),
                **table_rows_state(STEP, history),
            },
        },
        actor=actor_name(user),
    )
    logged = Record(
        **shipment,
        event=event,
        origin_depot=depot,
        destination=village,
        items=[Record(**i, commodity=commodities[i["commodity_code"]]) for i in items],
        history=[Record(**step) for step in history],
        receipt=None,
        amendments=[],
    )
    if record_overrides(
        implausible, data.get("override_reason"), "shipment", logged.id, event.id, village.code
    ):
        announce("plausibility_override", logged)  # planned shipments run no rules else
    announce("create_shipment", logged)
    return logged


def create_shipment(
    data: dict, user=None, planned_at: datetime | None = None, is_demo: bool = False
) -> Shipment:
    """``log_shipment``, answered as the ORM object, for callers that go on with it."""
    return db.session.get(Shipment, log_shipment(data, user, planned_at, is_demo).id)
