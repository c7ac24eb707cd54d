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

    Two statements whatever the village (relief.public.queries), after the event choice
    (kept in memory between reference writes: relief.public.event_choice)."""
    event = (choice or choose_event(None)).event
    head = queries.status_head(code, event.id if event is not None else None)
    if event is None:
        return _status(head, utcnow())
    as_of = event.scenario_at or utcnow()  # a replayed scenario is shown as of its moment
    rows = queries.status_rows(
        view_values(
            event.id,
            event.norm_profile,
            event.started_on,
            event.emergency_until,
            as_of,
            parent=code,
        )
    )
    status = _status(head, as_of)
    commodities, recent, facts = {}, [], []
    for r in rows:
        if r.commodity is None:
            continue
        if r.commodity not in commodities:
            facts.append(r)
            commodities[r.commodity] = {
                "code": r.commodity,
                "name_id": r.name_id,
                "name_en": r.name_en,
                "unit": r.base_unit,
                "order": r.sort_order,
                "unit_name": {
                    "name_id": r.unit_name_id or r.base_unit,
                    "name_en": r.unit_name_en or r.base_unit,
                },
            }
        if r.recent_at is not None:
            recent.append(r)
    recent.sort(key=lambda r: r.recent_rank)  # the newest first, across commodities
    # Needs are listed once the village has been assessed or served (coverage's "active").
    active = any(r.commodity_assessed_at is not None or r.served for r in facts)
    status.update(
        event={
            "name": event.name,
            "started_on": event.started_on,
            "emergency_until": event.emergency_until,
        },
        commodities=commodities,
        delivered=[
            {"commodity": r.commodity, "quantity": round(float(r.delivered or 0), 3)}
            for r in facts
            if r.served
        ],
        recent=[
            {
                "date": r.recent_at,
                "commodity": r.commodity,
                "quantity": float(
                    r.recent_accepted if r.recent_accepted is not None else r.recent_logged
                ),
                "confirmed": r.recent_channel,
            }
            for r in recent
        ],
        in_transit=[
            {"commodity": r.commodity, "quantity": float(r.in_transit)}
            for r in facts
            if r.in_transit is not None
        ],
        owed=[_owed(r) for r in facts if active and r.need is not None],
        gaps=[gap for gap in (_gap(r) for r in facts if r.shipments) if abs(gap["gap"]) > 0.0005],
    )
    return status


def _status(head, as_of: datetime) -> dict:
    """The status without any event's facts: the village, its counts, posko, last update."""
    return {
        "village": {
            "code": head.code,
            "name": head.name,
            "kind": head.kind or "",
            "district": head.district or "",
            "regency": head.regency or "",
        },
        "event": None,
        "as_of": as_of,
        "ombudsman_following": head.alerts > 0,
        "open_reports": head.reports or 0,
        "commodities": {},
        "delivered": [],
        "recent": [],
        "in_transit": [],
        "owed": [],
        "gaps": [],
        "posko": (
            {"name": head.posko_name, "lat": head.posko_lat, "lon": head.posko_lon}
            if head.posko_name is not None
            else None
        ),
        "last_update": max(
            (
                _aware(t)
                for t in (head.shipment_at, head.assessed_at, head.received_at)
                if t is not None
            ),
            default=None,
        ),
    }


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
        "commodity": row.commodity,
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
        "commodity": row.commodity,
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
