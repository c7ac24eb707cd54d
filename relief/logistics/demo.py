"""Demo step: depots and a few hundred shipments of the January 2020 floods (illustrative)."""

from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from relief.areas.models import Area
from relief.audit.chain import GENESIS, canonical, entry_hash
from relief.audit.models import AuditEntry, AuditHead
from relief.auth.models import User
from relief.catalog.queries import unit_factors
from relief.catalog.units import to_base
from relief.core.models import utcnow
from relief.core.signals import shipments_changed
from relief.events.demo import demo_event
from relief.extensions import db
from relief.logistics import rules
from relief.logistics.models import (
    Depot,
    Receipt,
    ReceiptItem,
    Shipment,
    ShipmentItem,
    StatusChange,
)

# name, kind, regency, operator, lat, lon (near each agency's office)
DEPOTS = [
    ("Gudang Dinas Sosial Provinsi Banten", "gudang", "36.73", "Dinsos Banten", -6.1204, 106.1503),
    ("BPBD Kabupaten Lebak", "gudang", "36.02", "BPBD Lebak", -6.3597, 106.2494),
    ("BPBD Kabupaten Tangerang", "gudang", "36.03", "BPBD Kab. Tangerang", -6.2647, 106.4736),
    ("BPBD Kota Tangerang", "gudang", "36.71", "BPBD Kota Tangerang", -6.1783, 106.6319),
    ("BPBD Kota Tangerang Selatan", "gudang", "36.74", "BPBD Tangsel", -6.2889, 106.7181),
]
# Districts hit in January 2020, with their weight in the scenario.
HIT_DISTRICTS = {
    "36.02.25": 6, "36.02.04": 4, "36.02.12": 5, "36.02.23": 4, "36.02.13": 3, "36.02.11": 3,
    "36.71.06": 3, "36.71.03": 2, "36.71.12": 2, "36.71.13": 2, "36.71.08": 2, "36.71.05": 1,
    "36.74.03": 2, "36.74.04": 1, "36.74.06": 1, "36.03.14": 2, "36.03.13": 2, "36.03.12": 1,
}
# commodity, unit, (min, max) count of units
ITEM_CHOICES = [
    ("rice", "sack25", (4, 40)), ("rice", "kg", (50, 600)), ("medicine", "kit", (5, 60)),
    ("medicine", "box10", (1, 8)), ("clothing", "bale20", (1, 10)), ("clothing", "set", (10, 150)),
    ("water", "box_600ml_24", (10, 80)), ("blanket", "bale10", (1, 10)),
    ("hygiene_kit", "box10", (1, 6)), ("baby_food", "box24", (1, 5)),
]
DRIVERS = ["Asep Saepudin", "Dadang Suherman", "Ujang Rahmat", "Iwan Setiawan", "Budi Santoso",
           "Rahmat Hidayat", "Jajang Nurjaman", "Agus Salim", "Deden Kurnia", "Ade Supriatna"]
RECEIVERS = [("Kepala Desa", "Kepala Desa"), ("Sekretaris Desa", "Sekretaris Desa"),
             ("Ketua RT 02", "Ketua RT"), ("Koordinator Posko", "Koordinator Posko"),
             ("Lurah", "Lurah")]
REASONS = ["Karung basah terendam", "Kemasan rusak", "Kedaluwarsa",
           "Jumlah kurang dari surat jalan"]
SHIPMENT_COUNT = 320
START = datetime(2020, 1, 1, 7, tzinfo=UTC)
STEP_ACTIONS = {"dispatched": "dispatch_shipment", "delivered": "deliver_shipment",
                "cancelled": "cancel_shipment"}


def _depots() -> dict[str, Depot]:
    existing = {d.name: d for d in db.session.scalars(select(Depot))}
    for name, kind, regency, operator, lat, lon in DEPOTS:
        if name not in existing:
            existing[name] = Depot(name=name, kind=kind, regency_code=regency, operator=operator,
                                   lat=lat, lon=lon)
            db.session.add(existing[name])
    db.session.flush()
    return {d.regency_code: d for d in existing.values()}


def _villages() -> list[Area]:
    stmt = (select(Area).where(Area.level == "village", Area.district_code.in_(HIT_DISTRICTS))
            .order_by(Area.code))
    return list(db.session.scalars(stmt))


def _items(rng) -> list[dict]:
    picks = rng.sample(ITEM_CHOICES, rng.randint(1, 3))
    seen, items = set(), []
    for commodity, unit, (low, high) in picks:
        if commodity not in seen:
            seen.add(commodity)
            items.append({"commodity": commodity, "unit": unit, "quantity": rng.randint(low, high)})
    return items


def _receipt_lines(rng, items: list[ShipmentItem], with_rejects: bool) -> list[ReceiptItem]:
    lines = []
    for item in items:
        share = rng.choice([0.05, 0.1, 0.2]) if with_rejects else 0
        rejected = round(item.quantity_base * share, 3)
        lines.append(ReceiptItem(
            shipment_item=item, commodity_code=item.commodity_code,
            accepted_base=round(item.quantity_base - rejected, 3), rejected_base=rejected,
            reason=rng.choice(REASONS) if rejected else ""))
    return lines


def _step(shipment: Shipment, target: str, at: datetime, user: User, lat=None, lon=None,
          note: str = "") -> None:
    assert rules.can_transition(shipment.status, target)
    shipment.history.append(StatusChange(
        from_status=shipment.status, to_status=target, at=at, lat=lat, lon=lon, note=note,
        by_user_id=user.id, by_label=user.name))
    shipment.status = target


def _one(rng, event_id: int, village: Area, depots: dict, user: User, factors: dict) -> Shipment:
    """One shipment with its whole story, built in memory (the services' rules, applied)."""
    depot = depots.get(village.regency_code) if rng.random() < 0.75 else depots["36.73"]
    depot = depot or depots["36.73"]
    planned = START + timedelta(minutes=rng.randint(0, 13 * 24 * 60))
    items = [ShipmentItem(commodity_code=i["commodity"], quantity=i["quantity"], unit=i["unit"],
                          quantity_base=to_base(i["quantity"], i["unit"], factors[i["commodity"]]))
             for i in _items(rng)]
    shipment = Shipment(
        event_id=event_id, origin_depot_id=depot.id, destination_code=village.code,
        driver_name=rng.choice(DRIVERS), status="planned", created_at=planned, is_demo=True,
        vehicle_plate=f"{'A' if village.regency_code == '36.02' else 'B'} "
                      f"{rng.randint(1000, 9999)} {rng.choice(['BA', 'KD', 'TZ', 'RR'])}",
        driver_phone=f"08{rng.randint(10, 99)}{rng.randint(10_000_000, 99_999_999)}",
        created_by_id=user.id, items=items, notes="")
    shipment.history.append(StatusChange(from_status=None, to_status="planned", at=planned,
                                         by_user_id=user.id, by_label=user.name))
    fate = rng.random()
    if fate < 0.04:
        return shipment
    if fate < 0.08:
        _step(shipment, "cancelled", planned + timedelta(hours=2), user,
              note="Akses jalan terputus banjir")
        shipment.cancelled_at, shipment.cancel_reason = shipment.history[-1].at, "Akses jalan"
        return shipment
    dispatched = planned + timedelta(minutes=rng.randint(30, 8 * 60))
    _step(shipment, "dispatched", dispatched, user, depot.lat, depot.lon)
    shipment.dispatched_at = dispatched
    shipment.confirmation_code = rules.confirmation_code()
    if fate < 0.12:
        _step(shipment, "cancelled", dispatched + timedelta(hours=3), user,
              note="Kendaraan tidak dapat melintas")
        shipment.cancelled_at = shipment.history[-1].at
        shipment.cancel_reason = "Kendaraan tidak dapat melintas"
        return shipment
    if fate < 0.22 or dispatched > datetime(2020, 1, 14, 12, tzinfo=UTC):
        return shipment
    delivered = dispatched + timedelta(minutes=rng.randint(60, 20 * 60))
    lat = round(village.lat + rng.uniform(-0.004, 0.004), 6)
    lon = round(village.lon + rng.uniform(-0.004, 0.004), 6)
    _step(shipment, "delivered", delivered, user, lat, lon)
    shipment.delivered_at, shipment.delivery_lat, shipment.delivery_lon = delivered, lat, lon
    if fate >= 0.37:  # the rest (about 15 %) are delivered without a BAST yet
        name, role = rng.choice(RECEIVERS)
        shipment.receipt = Receipt(
            received_by=f"{name} {village.name}", receiver_role=role, received_at=delivered,
            lat=lat, lon=lon, channel="staff", recorded_by_id=user.id,
            items=_receipt_lines(rng, items, fate > 0.88))
    return shipment


def _audit(shipments: list[Shipment], user: User) -> None:
    """The audit entries the services would have written, appended to the chain in one go."""
    head = db.session.get(AuditHead, 1)
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
    at = utcnow()
    for s in shipments:
        entries = [("create_shipment", "shipment", s.id, {
            "waybill_no": s.waybill_no, "event_id": s.event_id, "demo": True,
            "origin_depot_id": s.origin_depot_id, "destination": s.destination_code,
            "items": [[i.commodity_code, i.quantity, i.unit, i.quantity_base] for i in s.items]})]
        entries += [(f"{STEP_ACTIONS[h.to_status]}", "shipment", s.id,
                     {"at": h.at.isoformat(), "lat": h.lat, "lon": h.lon, "note": h.note})
                    for h in s.history[1:]]
        if s.receipt is not None:
            r = s.receipt
            entries.append(("record_receipt", "receipt", r.id, {
                "shipment_id": s.id, "channel": r.channel, "received_by": r.received_by,
                "items": [[i.commodity_code, i.accepted_base, i.rejected_base, i.reason]
                          for i in r.items]}))
        for action, entity, entity_id, payload in entries:
            seq += 1
            body = canonical(payload)
            digest = entry_hash(seq, at.isoformat(timespec="microseconds"), user.username, action,
                                entity, str(entity_id), body, prev)
            db.session.add(AuditEntry(seq=seq, at=at, actor_id=user.id, actor=user.username,
                                      action=action, entity=entity, entity_id=str(entity_id),
                                      payload=body, prev_hash=prev, hash=digest))
            prev = digest
    if head is None:
        db.session.add(AuditHead(id=1, seq=seq, hash=prev))
    else:
        head.seq, head.hash = seq, prev


def load(rng) -> str:
    """Create the depots and the demo shipments with their audit entries.

    Built in memory and flushed in batches (a service call per step took over a minute for
    320 shipments on a busy 2-core machine); the audit chain gets the same entries.
    """
    event = demo_event()
    depots = _depots()
    if event is None or db.session.scalar(select(Shipment.id).where(Shipment.is_demo).limit(1)):
        return f"{len(depots)} depots; shipments already loaded or no demo event"
    user = db.session.scalar(select(User).where(User.username == "logistik"))
    villages = _villages()
    weights = [HIT_DISTRICTS[v.district_code] for v in villages]
    factors = unit_factors()
    shipments = [_one(rng, event.id, village, depots, user, factors)
                 for village in rng.choices(villages, weights=weights, k=SHIPMENT_COUNT)]
    db.session.add_all(shipments)
    db.session.flush()
    for shipment in shipments:
        shipment.waybill_no = rules.waybill_number(event.code, shipment.id)
    db.session.flush()
    _audit(shipments, user)
    db.session.flush()
    shipments_changed.send("demo", event_id=event.id,
                           village_codes={s.destination_code for s in shipments})
    counts = Counter(s.status for s in shipments)
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    return f"{len(depots)} depots, {SHIPMENT_COUNT} shipments ({summary})"
