"""A village's aid status as plain facts, shared by the status page, poster and JSON."""

from sqlalchemy import func, select

from relief.areas.queries import ancestors
from relief.catalog import queries as catalog_queries
from relief.catalog.models import Commodity
from relief.complaints.models import ResidentReport
from relief.core.models import utcnow
from relief.coverage.queries import delivered_to_village
from relief.extensions import db
from relief.public import queries
from relief.public.event_choice import EventChoice, choose_event


def place_of(code: str) -> dict:
    """A village's name with its district and regency names."""
    village = queries.village_or_404(code)
    above = {a.level: a.name for a in ancestors(village)}
    return {"code": village.code, "name": village.name, "kind": village.kind or "",
            "district": above.get("district", ""), "regency": above.get("regency", "")}


def _open_reports(code: str) -> int:
    return db.session.scalar(
        select(func.count()).select_from(ResidentReport).where(
            ResidentReport.village_code == code, ResidentReport.state != "closed")
    ) or 0


def village_status(code: str, choice: EventChoice | None = None) -> dict:
    """Everything a resident may know about a village's aid in one event (by default the
    most recent open one): no names, phones or texts."""
    status = {"village": place_of(code), "event": None, "as_of": utcnow(),
              "ombudsman_following": queries.open_alert_count(code) > 0,
              "open_reports": _open_reports(code), "commodities": {}, "delivered": [],
              "recent": [], "in_transit": [], "owed": [], "gaps": [], "posko": None,
              "last_update": None}
    event = (choice or choose_event(None)).event
    if event is None:
        return status
    status["as_of"] = event.now()  # a replayed scenario is shown as of its moment
    units = catalog_queries.unit_names()
    commodities = {
        c.code: {"code": c.code, "name_id": c.name_id, "name_en": c.name_en,
                 "unit": c.base_unit, "order": c.sort_order,
                 "unit_name": units.get((c.code, c.base_unit), {"name_id": c.base_unit,
                                                                 "name_en": c.base_unit})}
        for c in db.session.scalars(select(Commodity))
    }
    totals = delivered_to_village(event.id, status["as_of"], code)
    status.update(
        event={"name": event.name, "started_on": event.started_on,
               "emergency_until": event.emergency_until},
        commodities=commodities,
        delivered=[{"commodity": c, "quantity": round(q, 3)} for c, q in
                   sorted(totals.items(), key=lambda kv: commodities[kv[0]]["order"])],
        recent=[{"date": r.delivered_at, "commodity": r.commodity,
                 "quantity": float(r.accepted if r.accepted is not None else r.logged),
                 "confirmed": r.channel}
                for r in queries.recent_deliveries(event.id, code, status["as_of"])],
        in_transit=[{"commodity": r.commodity, "quantity": float(r.quantity)}
                    for r in queries.in_transit(event.id, code)],
        owed=queries.still_owed(event, code, status["as_of"]),
        gaps=[g for g in queries.receipt_gaps(code, event.id) if abs(g["gap"]) > 0.0005],
        posko=queries.nearest_posko(event.id, code),
        last_update=queries.last_update(event.id, code),
    )
    return status
