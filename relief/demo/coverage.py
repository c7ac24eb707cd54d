"""Demo step: assessments matching the reported totals of early January 2020.

Totals are the reported ones; the split over villages is illustrative and deterministic
(seeded rng), and every assessment carries `is_demo` and a source saying so. Only the
reported villages are assessed (the shipments of the logistics step answer them), so the
regency totals of the whole demo are the reported ones.
"""

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from relief.areas.models import Area
from relief.coverage.models import Assessment
from relief.coverage.services import record_assessments
from relief.demo import coverage_figures as fig
from relief.demo.events import EXERCISE_AGE_DAYS, demo_event, exercise_event
from relief.extensions import db


def split(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to weights that add up to total exactly (largest remainder)."""
    whole = sum(weights) or 1
    raw = [total * w / whole for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _villages(prefix_or_district: str) -> list[str]:
    column = Area.district_code if prefix_or_district.count(".") == 2 else Area.regency_code
    stmt = select(Area.code).where(Area.level == "village", column == prefix_or_district)
    return list(db.session.scalars(stmt.order_by(Area.code)))


def _moment(rng, day: int) -> datetime:
    return datetime(2020, 1, day, rng.randint(1, 9), rng.choice((0, 15, 30, 45)), tzinfo=UTC)


def _lebak_rows(rng, event_id: int) -> list[dict]:
    others = sorted({c for d in fig.LEBAK_DISTRICTS for c in _villages(d)} - set(fig.LEBAK_NAMED))
    codes = list(fig.LEBAK_NAMED) + sorted(
        rng.sample(others, fig.LEBAK["villages"] - len(fig.LEBAK_NAMED))
    )
    weights = [rng.uniform(2, 5) if c in fig.LEBAK_NAMED else rng.uniform(0.5, 2) for c in codes]
    displaced = split(fig.LEBAK["displaced"], weights)
    households = split(fig.LEBAK["households"], displaced)
    heavy = split(fig.LEBAK["houses_heavy"], [w * rng.uniform(0.5, 1.5) for w in weights])
    deaths_at = rng.sample(range(len(fig.LEBAK_NAMED)), 6)
    deaths = [0] * len(codes)
    for i, n in zip(deaths_at, split(fig.LEBAK["deaths"], [1] * 6), strict=True):
        deaths[i] = n
    return [
        {
            "event_id": event_id,
            "village_code": code,
            "assessed_at": _moment(rng, 2),
            "displaced_persons": d,
            "displaced_households": h,
            "houses_heavy": hh,
            "houses_moderate": int(hh * rng.uniform(0.3, 0.8)),
            "deaths": dd,
            "affected_persons": int(d * rng.uniform(1.2, 2.0)),
            "households": int(h * rng.uniform(1.2, 2.0)),
            "flood_depth_cm": round(rng.uniform(80, 300)),
            "source": fig.SOURCE_LEBAK,
        }
        for code, d, h, hh, dd in zip(codes, displaced, households, heavy, deaths, strict=True)
    ]


def _regency_rows(rng, event_id: int, regency: str, totals: dict) -> list[dict]:
    codes = sorted(rng.sample(_villages(regency), totals["villages"]))
    weights = [rng.uniform(0.5, 3) for _ in codes]
    rows = []
    if "displaced" in totals:
        for code, d in zip(codes, split(totals["displaced"], weights), strict=True):
            rows.append(
                {
                    "displaced_persons": d,
                    "displaced_households": max(1, round(d / 3.8)),
                    "affected_persons": int(d * rng.uniform(2, 4)),
                    "village_code": code,
                }
            )
    else:
        for code, a in zip(codes, split(totals["affected"], weights), strict=True):
            rows.append({"affected_persons": a, "households": round(a / 3.8), "village_code": code})
    for row in rows:
        row.update(
            event_id=event_id,
            assessed_at=_moment(rng, 3),
            source=fig.SOURCE_TOTAL,
            flood_depth_cm=round(rng.uniform(30, 150)),
        )
    return rows


def _light_rows(rng, event_id: int) -> list[dict]:
    """A few lightly hit Lebak villages (affected only, severity 2) outside the named districts."""
    stmt = (
        select(Area.code, Area.population)
        .where(
            Area.level == "village",
            Area.regency_code == "36.02",
            Area.district_code.not_in(fig.LEBAK_DISTRICTS),
            Area.population > 1000,
        )
        .order_by(Area.code)
    )
    candidates = list(db.session.execute(stmt))
    rows = []
    for code, population in sorted(rng.sample(candidates, fig.LEBAK_LIGHT["villages"])):
        affected = round(population * rng.uniform(*fig.LEBAK_LIGHT["share"]))
        rows.append(
            {
                "event_id": event_id,
                "village_code": code,
                "assessed_at": _moment(rng, 2),
                "affected_persons": affected,
                "households": max(1, round(affected / 3.8)),
                "flood_depth_cm": round(rng.uniform(20, 60)),
                "source": fig.SOURCE_LIGHT,
            }
        )
    return rows


def _updates(rng, first: list[dict]) -> list[dict]:
    """Second, later assessments for some villages: people return, a few more displaced."""
    chosen = sorted(rng.sample(range(len(first)), 8))
    updates = []
    for i in chosen:
        row = dict(
            first[i],
            assessed_at=first[i]["assessed_at"] + timedelta(days=4),
            source=fig.SOURCE_UPDATE,
        )
        factor = rng.choice((0.6, 0.8, 1.2))
        row["displaced_persons"] = int(row.get("displaced_persons", 0) * factor)
        row["displaced_households"] = int(row.get("displaced_households", 0) * factor)
        if row["displaced_persons"] and not row["displaced_households"]:
            row["displaced_households"] = 1
        updates.append(row)
    return updates


EXERCISE_SEED = 2026  # its own generator: the replay's figures stay as they were
EXERCISE_VILLAGES = 6


def _load_exercise() -> str:
    """First assessments of the exercise's villages, a little over 72 hours ago."""
    event = exercise_event()
    if event is None or db.session.scalar(
        select(Assessment.id).where(Assessment.event_id == event.id).limit(1)
    ):
        return ""
    rng = random.Random(EXERCISE_SEED)
    at = datetime.now(UTC) - timedelta(days=EXERCISE_AGE_DAYS - 1, hours=2)
    rows = []
    for code in list(fig.LEBAK_NAMED)[:EXERCISE_VILLAGES]:
        displaced = rng.randint(150, 600)
        affected = int(displaced * rng.uniform(1.5, 2.5))
        rows.append(
            {
                "event_id": event.id,
                "village_code": code,
                "assessed_at": at,
                "displaced_persons": displaced,
                "displaced_households": max(1, round(displaced / 3.8)),
                "affected_persons": affected,
                "households": max(1, round(affected / 3.8)),
                "houses_heavy": rng.randint(5, 60),
                "flood_depth_cm": rng.randint(60, 200),
                "source": "Latihan (data latihan, bukan data resmi)",
            }
        )
    record_assessments(rows, sender="demo", is_demo=True)
    return f"; exercise: {len(rows)} assessments"


def load(rng) -> str:
    """Assessments for Lebak, the Tangerang cities and Kabupaten Tangerang (early Jan 2020),
    a few lightly hit Lebak villages, and the first assessments of the live exercise."""
    exercise = _load_exercise()
    event = demo_event()
    if event is None:
        return "no demo event" + exercise
    if db.session.scalar(select(Assessment.id).where(Assessment.event_id == event.id).limit(1)):
        return "assessments exist" + exercise
    first = _lebak_rows(rng, event.id)
    for regency, totals in (fig.KOTA_TANGERANG, fig.TANGERANG_SELATAN, fig.KAB_TANGERANG):
        first += _regency_rows(rng, event.id, regency, totals)
    rows = first + _updates(rng, first[: fig.LEBAK["villages"]]) + _light_rows(rng, event.id)
    record_assessments(rows, sender="demo", is_demo=True)
    villages = len({r["village_code"] for r in rows})
    return f"{len(rows)} assessments ({villages} villages, illustrative split){exercise}"
