"""A village's aid status as plain facts, shared by the status page, poster and JSON."""

from datetime import UTC, datetime

from relief.areas.queries import ancestors
from relief.core.models import utcnow
from relief.coverage.math import coverage
from relief.coverage.queries import view_values
from relief.public import queries
from relief.public.event_choice import EventChoice, choose_event


def place_of(code: str) -> dict:
    """A village's name with its district and regency names."""
    village = queries.village_or_404(code)
    above = {a.level: a.name for a in ancestors(village)}
    return {
        "code": village.code,
        "name": village.name,
        "kind": village.kind or "",
        "district": above.get("district", ""),
        "regency": above.get("regency", ""),
    }


def village_status(code: str, choice: EventChoice | None = None) -> dict:
    """Everything a resident may know about a village's aid in one event (by default the
    most recent open one): no names, phones or texts.

    Three statements whatever the village (relief.public.queries), after the event choice."""
    event = (choice or choose_event(None)).event
    head = queries.status_head(code, event.id if event is not None else None)
    status = {
        "village": {
            "code": head.code,
            "name": head.name,
            "kind": head.kind or "",
            "district": head.district or "",
            "regency": head.regency or "",
        },
        "event": None,
        "as_of": utcnow(),
        "ombudsman_following": head.alerts > 0,
        "open_reports": head.reports or 0,
        "commodities": {},
        "delivered": [],
        "recent": [],
        "in_transit": [],
        "owed": [],
        "gaps": [],
        "posko": None,
        "last_update": None,
    }
    if head.event_id is None:
        return status
    as_of = head.scenario_at or status["as_of"]  # a replayed scenario is shown as of its moment
    rows = queries.status_commodities(
        view_values(
            head.event_id,
            head.norm_profile,
            head.started_on,
            head.emergency_until,
            as_of,
            parent=code,
        )
    )
    commodities = {
        r.code: {
            "code": r.code,
            "name_id": r.name_id,
            "name_en": r.name_en,
            "unit": r.base_unit,
            "order": r.sort_order,
            "unit_name": {
                "name_id": r.unit_name_id or r.base_unit,
                "name_en": r.unit_name_en or r.base_unit,
            },
        }
        for r in rows
    }
    # Needs are listed once the village has been assessed or served (coverage's "active").
    active = any(r.assessed_at is not None or r.served for r in rows)
    status.update(
        as_of=as_of,
        event={
            "name": head.event_name,
            "started_on": head.started_on,
            "emergency_until": head.emergency_until,
        },
        commodities=commodities,
        delivered=[
            {"commodity": r.code, "quantity": round(float(r.delivered or 0), 3)}
            for r in rows
            if r.served
        ],
        recent=[
            {
                "date": r.delivered_at,
                "commodity": r.commodity,
                "quantity": float(r.accepted if r.accepted is not None else r.logged),
                "confirmed": r.channel,
            }
            for r in queries.recent_deliveries(head.event_id, code, as_of)
        ],
        in_transit=[
            {"commodity": r.code, "quantity": float(r.in_transit)}
            for r in rows
            if r.in_transit is not None
        ],
        owed=[_owed(r) for r in rows if active and r.need is not None],
        gaps=[gap for gap in (_gap(r) for r in rows if r.shipments) if abs(gap["gap"]) > 0.0005],
        posko=(
            {"name": head.posko_name, "lat": head.posko_lat, "lon": head.posko_lon}
            if head.posko_name is not None
            else None
        ),
        last_update=max(
            (
                _aware(t)
                for t in (head.shipment_at, head.assessed_at, head.received_at)
                if t is not None
            ),
            default=None,
        ),
    )
    return status


def _owed(row) -> dict:
    """Need, delivered and still owed of one commodity, and for how many people."""
    per, basis = row.per, row.basis
    # The people the norm counts, as the coverage query counts them.
    people = {
        ("household", "displaced"): row.displaced_households,
        ("household", "affected"): row.households,
        ("person", "displaced"): row.displaced,
        ("person", "affected"): row.affected,
    }.get((per, basis), 0)
    need, delivered = float(row.need or 0), float(row.delivered or 0)
    return {
        "commodity": row.code,
        "need": need,
        "delivered": delivered,
        "owed": max(round(need - delivered, 3), 0.0),
        "coverage": coverage(delivered, need),
        "people": int(people or 0),
        "per": per,
        "basis": basis,
    }


def _gap(row) -> dict:
    logged, accepted = float(row.logged or 0), float(row.accepted or 0)
    return {
        "commodity": row.code,
        "logged": logged,
        "accepted": accepted,
        "gap": round(logged - accepted, 3),
        "shipments": row.shipments,
    }


def _aware(value) -> datetime:
    # SQLite hands back naive text from aggregates; the stored values are UTC.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
