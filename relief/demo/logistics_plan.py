"""The demo's supply plan, free of Flask and the database: who gets what, on which day.

Shipments answer the assessments. Each displaced village gets a daily round from its first
supply day to the replay day: rice topping up to the Kemensos norm through the next day
(times a service factor), clothing and family medicine kits in the first two rounds. Kits
follow the norm (one per affected household) but the shelters' first count falls short:
82 to 100 % of it. Villages with only affected persons get water, hygiene kits, baby food
and blankets, and the puskesmas brings a kit per affected family (100 to 115 %), so the
lightly hit villages end up better served in medicine than the worst-hit ones (the
inequity alert).
A few villages carry the stories the alert queue tells (see STORIES): roads cut by
landslides in Lebakgedong, a village nobody reached, a late or missing handover report,
wet rice sacks, a handover point outside the village.
"""

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

RICE_KG_PER_DAY = 0.4  # Kemensos, per displaced person (the demo event's norm profile)
EVENT_START = date(2020, 1, 1)
NON_CORE = [
    ("water", "box_600ml_24", (20, 80)),
    ("blanket", "bale10", (2, 8)),
    ("hygiene_kit", "box10", (1, 5)),
    ("baby_food", "box24", (1, 4)),
]

# Roles a village can play (assigned by demo.py from the assessments).
STORIES = {
    "late_road": "rice trickles in by motorbike until a truck gets through on 7 January",
    "cut_day3": "a landslide closes the road after 3 January; later trucks turn back",
    "cut_day5": "the road closes after 5 January",
    "cut_day5_short": "only small loads get through, and none after 5 January",
    "unreached": "nobody reaches the village: one truck turned back, one still on its way",
    "late_bast": "the first delivery's handover report (BAST) is signed days later",
    "no_bast": "one delivery never gets a handover report",
    "wet_sacks": "part of one rice delivery is refused: wet sacks",
    "far_handover": "one delivery is handed over at a posko about 4 km outside the village",
}
# Rice service factor (share of the norm sent) and the last supply day, per story.
RICE_FACTOR = {"late_road": 0.3, "cut_day5": 1.0, "cut_day5_short": 0.66}
LAST_DAY = {
    "cut_day3": date(2020, 1, 3),
    "cut_day5": date(2020, 1, 5),
    "cut_day5_short": date(2020, 1, 5),
}


@dataclass
class Village:
    """What the plan needs to know of an assessed village."""

    code: str
    regency: str
    first_at: datetime
    displaced: int  # the largest figure of its assessments (planners follow updates)
    households: int  # displaced households, likewise
    severity: int
    story: str | None = None
    reassessed: bool = False
    affected_households: int = 0  # affected households (the medicine norm's basis), largest


@dataclass
class Round:
    """One shipment to a village on one day, and what becomes of it."""

    code: str
    day: date
    items: list[tuple[str, str, float]] = field(default_factory=list)  # commodity, unit, qty
    fate: str = "delivered"  # delivered | dispatched | planned | cancelled
    note: str = ""
    bast: str = "on_delivery"  # on_delivery | late | none | maybe
    reject_share: float = 0.0  # rice refused at handover (wet_sacks)
    far: bool = False


def need_days(day: date) -> int:
    """Days of rice need on a calendar day (as coverage counts them, at least 1)."""
    return max(1, (day - EVENT_START).days)


def first_day(village: Village) -> date:
    """The first supply day: the day of the assessment when it came early, else the next."""
    day = village.first_at.date()
    return day if village.first_at.hour < 3 else day + timedelta(1)


def _rice(village: Village, day: date, sent: float, factor: float) -> float:
    """Kilograms that bring the village to the norm through the next day, times the factor."""
    target = village.displaced * RICE_KG_PER_DAY * (need_days(day) + 1) * factor
    return max(0.0, target - sent)


def _core_rounds(village: Village, rng, last_day: date) -> list[Round]:
    story = village.story
    factor = RICE_FACTOR.get(story, rng.uniform(1.0, 1.3))
    exact = story is not None  # story villages get rice in kg, so no rounding blurs them
    stop = LAST_DAY.get(story, last_day)
    rounds, sent = [], 0.0
    day = first_day(village)
    clothing = math.ceil(village.displaced * rng.uniform(1.0, 1.15) / 20)  # bales of 20 sets
    kits = math.ceil(_kit_basis(village) * rng.uniform(0.82, 1.0) / 10)  # boxes of 10 kits
    index = 0
    while day <= last_day:
        plan = Round(village.code, day)
        if day > stop:
            if story in LAST_DAY and day <= stop + timedelta(2):
                plan.fate, plan.note = "cancelled", "Jalan tertutup longsor"
                plan.items.append(("rice", "kg", 100.0))
                rounds.append(plan)
            day += timedelta(1)
            continue
        if story == "late_road" and day == date(2020, 1, 7):
            factor = 1.0  # the truck through Cipanas: catch up to the norm
            plan.note = "Lewat jalur Cipanas dengan truk kecil"
        kg = _rice(village, day, sent, factor)
        if kg > 0:
            if exact:
                plan.items.append(("rice", "kg", float(math.ceil(kg / 5) * 5)))
            else:
                plan.items.append(("rice", "sack25", float(math.ceil(kg / 25))))
            sent += plan.items[-1][2] * (1 if exact else 25)
        if index == 0:
            plan.items.append(("clothing", "bale20", float(math.ceil(clothing * 0.6))))
            plan.items.append(("medicine", "box10", float(kits)))
        elif index == 1:
            plan.items.append(("clothing", "bale20", float(clothing - math.ceil(clothing * 0.6))))
        if rng.random() < 0.35:
            commodity, unit, (low, high) = rng.choice(NON_CORE)
            plan.items.append((commodity, unit, float(rng.randint(low, high))))
        plan.items = [i for i in plan.items if i[2] > 0]
        rounds.append(plan)
        index += 1
        day += timedelta(1)
    if story is None and rng.random() < 0.2:  # tomorrow's load, logged but not yet sent
        rounds.append(
            Round(
                village.code,
                last_day,
                [("rice", "sack25", 20.0)],
                fate="planned",
                note="Rencana kirim besok pagi",
            )
        )
    return rounds


def _kit_basis(village: Village) -> int:
    """Families a medicine kit is planned for: the affected households (displaced included)."""
    return max(village.affected_households, village.households)


def _relief_rounds(village: Village, rng, last_day: date) -> list[Round]:
    """Affected, not displaced: two or three rounds of water, hygiene, baby food, blankets."""
    if village.story == "unreached":
        return [
            Round(
                village.code,
                date(2020, 1, 4),
                [("water", "box_600ml_24", 40.0)],
                fate="cancelled",
                note="Akses jalan terendam banjir",
            ),
            Round(
                village.code,
                last_day,
                [("water", "box_600ml_24", 60.0), ("hygiene_kit", "box10", 4.0)],
                fate="dispatched",
            ),
        ]
    rounds, day = [], first_day(village)
    while day <= last_day and len(rounds) < 3:
        picks = rng.sample(NON_CORE, 2)
        rounds.append(
            Round(
                village.code, day, [(c, u, float(rng.randint(lo, hi))) for c, u, (lo, hi) in picks]
            )
        )
        day += timedelta(rng.choice((2, 3)))
    if rounds and _kit_basis(village):  # the puskesmas' round: a kit per affected family
        boxes = math.ceil(_kit_basis(village) * rng.uniform(1.0, 1.15) / 10)
        rounds[0].items.append(("medicine", "box10", float(boxes)))
    return rounds


def plan_rounds(villages: list[Village], rng, last_day: date) -> list[Round]:
    """Every round for every village, in village order, with the stories applied."""
    rounds = []
    for village in villages:
        mine = (_core_rounds if village.displaced else _relief_rounds)(village, rng, last_day)
        delivered = [r for r in mine if r.fate == "delivered"]
        if village.story == "late_bast" and delivered:
            delivered[0].bast = "late"
        if village.story == "no_bast":
            target = [r for r in delivered if r.day == date(2020, 1, 4)] or delivered[:1]
            target[0].bast = "none"
        if village.story == "wet_sacks":
            for r in delivered:
                if r.day == date(2020, 1, 6) and any(c == "rice" for c, _u, _q in r.items):
                    r.reject_share = 0.6
        if village.story == "far_handover":
            target = [r for r in delivered if r.day == date(2020, 1, 7)] or delivered[-1:]
            target[0].far = True
            target[0].note = "Diserahkan di posko pengungsian di luar desa"
        rounds.extend(mine)
    return rounds


def at(day: date, minutes: float) -> datetime:
    """A moment on a day, in UTC (the demo's rounds run from 07:00 WIB)."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(minutes=minutes)
