"""Demo step: depots and a few hundred shipments of the January 2020 floods (illustrative)."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from relief.areas.models import Area
from relief.auth.models import User
from relief.events.demo import demo_event
from relief.extensions import db
from relief.logistics import services
from relief.logistics.models import Depot, Shipment

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


def _receipt_lines(rng, shipment: Shipment) -> list[dict]:
    lines = []
    for item in shipment.items:
        rejected = round(item.quantity_base * rng.choice([0.05, 0.1, 0.2]), 3)
        lines.append({"commodity": item.commodity_code, "rejected": rejected,
                      "reason": rng.choice(REASONS)})
    return lines


def _one(rng, event_id: int, village: Area, depots: dict, user: User) -> str:
    depot = depots.get(village.regency_code) if rng.random() < 0.75 else depots["36.73"]
    depot = depot or depots["36.73"]
    planned = START + timedelta(minutes=rng.randint(0, 13 * 24 * 60))
    data = {"event_id": event_id, "origin_depot_id": depot.id, "destination_code": village.code,
            "items": _items(rng), "driver_name": rng.choice(DRIVERS),
            "vehicle_plate": f"{'A' if village.regency_code == '36.02' else 'B'} "
                             f"{rng.randint(1000, 9999)} {rng.choice(['BA', 'KD', 'TZ', 'RR'])}",
            "driver_phone": f"08{rng.randint(10, 99)}{rng.randint(10_000_000, 99_999_999)}"}
    shipment = services.create_shipment(data, user, planned_at=planned, is_demo=True)
    fate = rng.random()
    if fate < 0.04:
        return "planned"
    if fate < 0.08:
        services.cancel_shipment(shipment, None, "Akses jalan terputus banjir", user)
        return "cancelled"
    dispatched = planned + timedelta(minutes=rng.randint(30, 8 * 60))
    services.dispatch_shipment(shipment, None, dispatched, user, depot.lat, depot.lon)
    if fate < 0.12:
        services.cancel_shipment(shipment, None, "Kendaraan tidak dapat melintas", user)
        return "cancelled"
    if fate < 0.22 or dispatched > datetime(2020, 1, 14, 12, tzinfo=UTC):
        return "dispatched"
    delivered = dispatched + timedelta(minutes=rng.randint(60, 20 * 60))
    lat = village.lat + rng.uniform(-0.004, 0.004)
    lon = village.lon + rng.uniform(-0.004, 0.004)
    body = {"delivered_at": delivered, "lat": round(lat, 6), "lon": round(lon, 6)}
    if fate >= 0.37:  # the rest (about 15 %) are delivered without a BAST yet
        name, role = rng.choice(RECEIVERS)
        body.update(received_by=f"{name} {village.name}", receiver_role=role,
                    items=_receipt_lines(rng, shipment) if fate > 0.88 else [])
    services.deliver_shipment(shipment, body, user)
    return "delivered"


def load(rng) -> str:
    """Create the depots and the demo shipments through the services (so audit entries exist)."""
    event = demo_event()
    depots = _depots()
    if event is None or db.session.scalar(select(Shipment.id).where(Shipment.is_demo).limit(1)):
        return f"{len(depots)} depots; shipments already loaded or no demo event"
    user = db.session.scalar(select(User).where(User.username == "logistik"))
    villages = _villages()
    weights = [HIT_DISTRICTS[v.district_code] for v in villages]
    counts: dict[str, int] = {}
    for village in rng.choices(villages, weights=weights, k=SHIPMENT_COUNT):
        fate = _one(rng, event.id, village, depots, user)
        counts[fate] = counts.get(fate, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    return f"{len(depots)} depots, {SHIPMENT_COUNT} shipments ({summary})"
