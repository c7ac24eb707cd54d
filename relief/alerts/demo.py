"""Demo step: evaluate the rules on the demo data as of 8 January 2020, then play two cases.

Runs after the logistics and coverage steps (whose signals the receivers skip for the
demo sender). Geodata does not fill `delivery_distance_m` for demo shipments, so one Lebak
delivery gets a handover point about 4 km off the village (illustrative, marked in its notes).
"""

import math
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from relief.alerts.evaluation import evaluate
from relief.alerts.models import Alert
from relief.alerts.services import act
from relief.areas.models import Area
from relief.auth.models import User
from relief.events.demo import demo_event
from relief.extensions import db
from relief.logistics.models import Shipment

AS_OF = datetime(2020, 1, 8, 12, tzinfo=UTC)
OFFSET_DEG = 0.036  # about 4 km north of the village's interior point


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def _misplace_one_delivery(event_id: int) -> str | None:
    """One delivered Lebak shipment handed over ~4 km away (distance beyond a round village)."""
    stmt = (select(Shipment, Area).join(Area, Area.code == Shipment.destination_code)
            .where(Shipment.event_id == event_id, Shipment.status == "delivered",
                   Shipment.delivered_at <= AS_OF, Shipment.destination_code.like("36.02.%"),
                   Area.lat.is_not(None))
            .order_by(Shipment.id).limit(1))
    found = db.session.execute(stmt).first()
    if found is None:
        return None
    shipment, village = found
    shipment.delivery_lat, shipment.delivery_lon = village.lat + OFFSET_DEG, village.lon
    radius = math.sqrt((village.area_km2 or 1) / math.pi) * 1000
    shipment.delivery_distance_m = max(0.0, _metres(village.lat, village.lon,
                                                     shipment.delivery_lat, village.lon) - radius)
    shipment.notes = (shipment.notes + " [demo: titik serah terima digeser ~4 km]").strip()
    return shipment.waybill_no


def _first(kind: str, event_id: int, regency: str | None = None) -> Alert | None:
    stmt = select(Alert).where(Alert.event_id == event_id, Alert.kind == kind,
                               Alert.state == "open")
    if regency:
        stmt = stmt.where(Alert.regency_code == regency)
    return db.session.scalar(stmt.order_by(Alert.level, Alert.id).limit(1))


def _play_cases(event_id: int) -> str:
    """One alert acknowledged with a response; one answered and resolved."""
    logistik = db.session.scalar(select(User).where(User.username == "logistik"))
    ombudsman = db.session.scalar(select(User).where(User.username == "ombudsman"))
    if logistik is None or ombudsman is None:
        return "no demo users"
    answered = _first("undersupplied", event_id, "36.02")
    if answered:
        act(answered, "acknowledge", logistik, at=AS_OF + timedelta(hours=3))
        act(answered, "respond", logistik,
            "Beras 2 ton dan 150 paket obat keluarga dimuat dari BPBD Lebak; jalan ke desa "
            "putus, dikirim lewat jalur Cipanas.", planned_delivery=AS_OF + timedelta(days=1),
            at=AS_OF + timedelta(hours=5))
    closed = _first("unconfirmed", event_id) or _first("no_delivery", event_id)
    if closed:
        act(closed, "acknowledge", logistik, at=AS_OF + timedelta(hours=2))
        act(closed, "respond", logistik, "BAST ditandatangani kepala desa, dipindai dan diunggah.",
            at=AS_OF + timedelta(hours=20))
        act(closed, "resolve", ombudsman, "Bukti serah terima diperiksa, sesuai.",
            at=AS_OF + timedelta(days=1, hours=2))
    return (f"acknowledged #{answered.id if answered else '-'}, "
            f"resolved #{closed.id if closed else '-'}")


def load(rng) -> str:
    """Raise the demo queue as of 8 January 2020 and play two cases."""
    event = demo_event()
    if event is None:
        return "no demo event"
    if db.session.scalar(select(Alert.id).where(Alert.event_id == event.id).limit(1)):
        return "alerts exist"
    waybill = _misplace_one_delivery(event.id)
    db.session.flush()
    evaluate(event.id, as_of=AS_OF)
    cases = _play_cases(event.id)
    kinds = Counter(db.session.scalars(select(Alert.kind).where(Alert.event_id == event.id)))
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    return f"as of {AS_OF:%Y-%m-%d %H:%M} UTC: {summary}; {cases}; misplaced {waybill}"
