"""Demo step: depots and the shipments that answer the demo's assessments (illustrative).

What goes where and when is planned in logistics_plan.py; this module builds the shipments with
their status history, handover reports (BAST) and audit entries, all before the event's
replay moment.
"""

import math
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm.attributes import set_committed_value

from relief.areas.models import Area
from relief.areas.spatial import distance_to_village_m
from relief.audit.chain import canonical
from relief.audit.services import PendingEntry, append
from relief.audit.state import ROWS, state_of
from relief.auth.models import User
from relief.catalog.queries import unit_factors
from relief.catalog.units import to_base
from relief.core import changes
from relief.coverage.models import Assessment
from relief.demo import logistics_plan as plan
from relief.demo.events import SCENARIO_AT, demo_event
from relief.demo.organisations import by_name as demo_organisations
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

# The organisation running each demo depot (relief.demo.organisations).
DEPOT_ORGANISATIONS = {
    "Gudang Dinas Sosial Provinsi Banten": "Dinas Sosial Provinsi Banten",
    "BPBD Kabupaten Lebak": "BPBD Kabupaten Lebak",
    "BPBD Kabupaten Tangerang": "BPBD Kabupaten Tangerang",
    "BPBD Kota Tangerang": "BPBD Kota Tangerang",
    "BPBD Kota Tangerang Selatan": "BPBD Kota Tangerang Selatan",
}
# name, kind, regency, operator, lat, lon (near each agency's office)
DEPOTS = [
    ("Gudang Dinas Sosial Provinsi Banten", "gudang", "36.73", "Dinsos Banten", -6.1204, 106.1503),
    ("BPBD Kabupaten Lebak", "gudang", "36.02", "BPBD Lebak", -6.3597, 106.2494),
    ("BPBD Kabupaten Tangerang", "gudang", "36.03", "BPBD Kab. Tangerang", -6.2647, 106.4736),
    ("BPBD Kota Tangerang", "gudang", "36.71", "BPBD Kota Tangerang", -6.1783, 106.6319),
    ("BPBD Kota Tangerang Selatan", "gudang", "36.74", "BPBD Tangsel", -6.2889, 106.7181),
]
DRIVERS = [
    "Asep Saepudin",
    "Dadang Suherman",
    "Ujang Rahmat",
    "Iwan Setiawan",
    "Budi Santoso",
    "Rahmat Hidayat",
    "Jajang Nurjaman",
    "Agus Salim",
    "Deden Kurnia",
    "Ade Supriatna",
]
RECEIVERS = [
    ("Kepala Desa", "Kepala Desa"),
    ("Sekretaris Desa", "Sekretaris Desa"),
    ("Ketua RT 02", "Ketua RT"),
    ("Koordinator Posko", "Koordinator Posko"),
    ("Lurah", "Lurah"),
]
REASONS = ["Kemasan rusak", "Jumlah kurang dari surat jalan"]
STEP_ACTIONS = {
    "dispatched": "dispatch_shipment",
    "delivered": "deliver_shipment",
    "cancelled": "cancel_shipment",
}
# Handover reports may lag a few days: deliveries after this moment may still lack one
# (72 hours before the last evaluation round of the alerts demo).
BAST_MAY_LAG_AFTER = datetime(2020, 1, 5, 12, tzinfo=UTC)
LATE_BAST_AT = datetime(2020, 1, 6, 3, tzinfo=UTC)
FAR_DEGREES = 0.036  # about 4 km north of the village's interior point


def _depots() -> dict[str, Depot]:
    existing = {d.name: d for d in db.session.scalars(select(Depot))}
    for name, kind, regency, operator, lat, lon in DEPOTS:
        if name not in existing:
            existing[name] = Depot(
                name=name, kind=kind, regency_code=regency, operator=operator, lat=lat, lon=lon
            )
            db.session.add(existing[name])
    organisations = demo_organisations()
    for name, depot in existing.items():
        organisation = organisations.get(DEPOT_ORGANISATIONS.get(name, ""))
        if depot.organisation_id is None and organisation is not None:
            depot.organisation_id = organisation.id
    db.session.flush()
    return {d.regency_code: d for d in existing.values()}


def _assessed(event_id: int) -> list[plan.Village]:
    """Every assessed village: first assessment, largest displaced figures, latest severity."""
    rows = db.session.execute(
        select(
            Assessment.village_code,
            Assessment.assessed_at,
            Assessment.displaced_persons,
            Assessment.displaced_households,
            Assessment.severity,
            Assessment.households,
        )
        .where(Assessment.event_id == event_id)
        .order_by(Assessment.village_code, Assessment.assessed_at, Assessment.id)
    ).all()
    villages: dict[str, plan.Village] = {}
    for code, at, displaced, households, severity, affected_households in rows:
        v = villages.get(code)
        if v is None:
            villages[code] = plan.Village(
                code,
                ".".join(code.split(".")[:2]),
                at,
                displaced or 0,
                households or 0,
                severity,
                affected_households=affected_households or 0,
            )
        else:
            v.displaced, v.households = (
                max(v.displaced, displaced or 0),
                max(v.households, households or 0),
            )
            v.affected_households = max(v.affected_households, affected_households or 0)
            v.severity, v.reassessed = severity, True
    return list(villages.values())


def _cast(villages: list[plan.Village]) -> None:
    """Give the stories to villages, deterministically (by code) from what was assessed."""

    def pick(story, candidates):
        for v in candidates:
            if v.story is None:
                v.story = story
                return

    # Reassessed villages play no story: their need moves, and with it what the story shows.
    lebak = [v for v in villages if v.regency == "36.02" and not v.reassessed]
    cut_off = [v for v in lebak if v.code.startswith("36.02.25.") and v.severity >= 4]
    for story in ("late_road", "cut_day3", "cut_day5", "cut_day5_short"):
        pick(story, cut_off)
    pick("late_bast", [v for v in lebak if v.first_at.hour < 3 and v.displaced])
    pick("far_handover", [v for v in reversed(lebak) if v.displaced])
    kota = [v for v in villages if v.regency == "36.71" and v.displaced]
    pick("no_bast", kota)
    pick("wet_sacks", kota)
    pick("unreached", [v for v in villages if v.regency == "36.03" and v.severity >= 3])


def _items(round_: plan.Round, factors: dict) -> list[ShipmentItem]:
    return [
        ShipmentItem(commodity_code=c, quantity=q, unit=u, quantity_base=to_base(q, u, factors[c]))
        for c, u, q in round_.items
    ]


def _receipt(rng, shipment: Shipment, round_: plan.Round, area: Area, at: datetime) -> Receipt:
    lines = []
    for item in shipment.items:
        share = 0.0
        if round_.reject_share and item.commodity_code == "rice":
            share = round_.reject_share
        elif item.quantity >= 40 and rng.random() < 0.08:
            share = max(1, math.floor(item.quantity * 0.02)) / item.quantity  # a unit or two
        rejected = round(item.quantity_base * share, 3)
        reason = "Karung basah terendam" if round_.reject_share else rng.choice(REASONS)
        lines.append(
            ReceiptItem(
                shipment_item=item,
                commodity_code=item.commodity_code,
                accepted_base=round(item.quantity_base - rejected, 3),
                rejected_base=rejected,
                reason=reason if rejected else "",
            )
        )
    name, role = rng.choice(RECEIVERS)
    return Receipt(
        received_by=f"{name} {area.name}",
        receiver_role=role,
        received_at=at,
        lat=shipment.delivery_lat,
        lon=shipment.delivery_lon,
        channel="staff",
        recorded_by_id=shipment.created_by_id,
        items=lines,
    )


def _step(
    shipment: Shipment, target: str, at: datetime, user: User, lat=None, lon=None, note: str = ""
) -> None:
    assert rules.can_transition(shipment.status, target)
    shipment.history.append(
        StatusChange(
            from_status=shipment.status,
            to_status=target,
            at=at,
            lat=lat,
            lon=lon,
            note=note,
            by_user_id=user.id,
            by_label=user.name,
        )
    )
    shipment.status = target


def _one(
    rng, event_id: int, round_: plan.Round, area: Area, depots: dict, user: User, factors: dict
) -> Shipment:
    """One shipment with its whole story, built in memory (the services' rules, applied)."""
    lebak = area.regency_code == "36.02"
    depot = depots.get(area.regency_code) if rng.random() < 0.75 else depots["36.73"]
    depot = depot or depots["36.73"]
    planned = plan.at(round_.day, rng.randint(0, 90))
    shipment = Shipment(
        event_id=event_id,
        origin_depot_id=depot.id,
        destination_code=area.code,
        driver_name=rng.choice(DRIVERS),
        status="planned",
        created_at=planned,
        is_demo=True,
        vehicle_plate=f"{'A' if lebak else 'B'} {rng.randint(1000, 9999)} "
        f"{rng.choice(['BA', 'KD', 'TZ', 'RR'])}",
        driver_phone=f"08{rng.randint(10, 99)}{rng.randint(10_000_000, 99_999_999)}",
        created_by_id=user.id,
        items=_items(round_, factors),
        notes=round_.note,
    )
    shipment.history.append(
        StatusChange(
            from_status=None,
            to_status="planned",
            at=planned,
            by_user_id=user.id,
            by_label=user.name,
        )
    )
    if round_.fate == "planned":
        return shipment
    dispatched = planned + timedelta(minutes=rng.randint(30, 120))
    if round_.fate == "cancelled":
        _step(shipment, "cancelled", dispatched + timedelta(hours=2), user, note=round_.note)
        shipment.cancelled_at, shipment.cancel_reason = shipment.history[-1].at, round_.note
        return shipment
    _step(shipment, "dispatched", dispatched, user, depot.lat, depot.lon)
    shipment.dispatched_at = dispatched
    shipment.confirmation_code = rules.confirmation_code()
    delivered = dispatched + timedelta(
        minutes=rng.randint(120, 300) if lebak else rng.randint(60, 180)
    )
    if round_.fate == "dispatched" or delivered > SCENARIO_AT:
        return shipment  # still on the road at the replay moment
    lat = round(area.lat + (FAR_DEGREES if round_.far else rng.uniform(-0.003, 0.003)), 6)
    lon = round(area.lon + rng.uniform(-0.003, 0.003), 6)
    _step(shipment, "delivered", delivered, user, lat, lon)
    shipment.delivered_at, shipment.delivery_lat, shipment.delivery_lon = delivered, lat, lon
    shipment.delivery_distance_m = distance_to_village_m(area.code, lat, lon)
    bast = round_.bast
    if (
        bast == "on_delivery"
        and delivered > BAST_MAY_LAG_AFTER
        and not round_.reject_share
        and rng.random() < 0.3
    ):
        bast = "none"  # paperwork still on its way at the replay moment
    at = LATE_BAST_AT if bast == "late" else delivered + timedelta(minutes=rng.randint(5, 40))
    if bast != "none" and at <= SCENARIO_AT:
        shipment.receipt = _receipt(rng, shipment, round_, area, at)
    return shipment


def _audit(shipments: list[Shipment], waybills: dict[int, str], user: User) -> None:
    """The audit entries the services would have written, appended to the chain in one go.

    Each shipment is built whole before its first entry, so its create entry carries the
    final state of its rows (shipment, items, timeline) and its receipt entry the BAST's.
    """
    entries = []

    def entry(action: str, entity: str, entity_id, payload: dict) -> PendingEntry:
        return PendingEntry(
            user.id, user.username, action, entity, str(entity_id), canonical(payload)
        )

    for s in shipments:
        set_committed_value(s, "waybill_no", waybills[s.id])
        entries.append(
            entry(
                "create_shipment",
                "shipment",
                s.id,
                {
                    "waybill_no": waybills[s.id],
                    "event_id": s.event_id,
                    "demo": True,
                    "origin_depot_id": s.origin_depot_id,
                    "destination": s.destination_code,
                    "items": [
                        [i.commodity_code, i.quantity, i.unit, i.quantity_base] for i in s.items
                    ],
                    ROWS: state_of(s, *s.items, *s.history),
                },
            )
        )
        entries += [
            entry(
                f"{STEP_ACTIONS[h.to_status]}",
                "shipment",
                s.id,
                {"at": h.at.isoformat(), "lat": h.lat, "lon": h.lon, "note": h.note},
            )
            for h in s.history[1:]
        ]
        if s.receipt is not None:
            r = s.receipt
            entries.append(
                entry(
                    "record_receipt",
                    "receipt",
                    r.id,
                    {
                        "shipment_id": s.id,
                        "channel": r.channel,
                        "received_by": r.received_by,
                        "items": [
                            [i.commodity_code, i.accepted_base, i.rejected_base, i.reason]
                            for i in r.items
                        ],
                        ROWS: state_of(r, *r.items),
                    },
                )
            )
    append(db.session, entries)


def load(rng) -> str:
    """Create the depots and the shipments that answer the demo's assessments.

    Built in memory and flushed in one go (a service call per step took over a minute for
    320 shipments on a busy 2-core machine); the audit chain gets the same entries.
    """
    event = demo_event()
    depots = _depots()
    if event is None or db.session.scalar(select(Shipment.id).where(Shipment.is_demo).limit(1)):
        return f"{len(depots)} depots; shipments already loaded or no demo event"
    user = db.session.scalar(select(User).where(User.username == "logistik"))
    villages = _assessed(event.id)
    _cast(villages)
    areas = {
        a.code: a
        for a in db.session.scalars(
            select(Area).where(Area.code.in_(sorted(v.code for v in villages)))
        )
    }
    factors = unit_factors()
    rounds = plan.plan_rounds(villages, rng, SCENARIO_AT.date())
    shipments = [_one(rng, event.id, r, areas[r.code], depots, user, factors) for r in rounds]
    db.session.add_all(shipments)
    db.session.flush()
    waybills = {s.id: rules.waybill_number(event.code, s.id) for s in shipments}
    # One executemany instead of a versioned UPDATE per shipment (a fresh insert: no race).
    table = Shipment.__table__
    db.session.execute(
        update(table).where(table.c.id == bindparam("sid")).values(waybill_no=bindparam("wb")),
        [{"sid": i, "wb": w} for i, w in waybills.items()],
    )
    _audit(shipments, waybills, user)
    changes.note_villages(
        changes.SHIPMENTS, "demo", event.id, {s.destination_code for s in shipments}
    )
    counts = Counter(s.status for s in shipments)
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    stories = ", ".join(f"{v.story} {v.code}" for v in villages if v.story)
    return f"{len(depots)} depots, {len(shipments)} shipments ({summary}); stories: {stories}"
