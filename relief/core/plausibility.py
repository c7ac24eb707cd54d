"""Plausibility guards: figures no real delivery or assessment can have (pure, no database).

Each guard compares a figure with a threshold and answers a `Finding` with an Indonesian
message for the field. A write with findings is refused and nothing is written, unless the
writer gives an override reason (reality can exceed a guard); the override is then kept
with the record, shown in the evidence and flagged in the alert queue. Thresholds are
settings (`PLAUSIBILITY_*`), listed with the guards in the README.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _

DEFAULTS = {
    # A handover point this far outside the destination village is refused (metres).
    "PLAUSIBILITY_HANDOVER_MAX_M": 10_000.0,
    # A shipment line above this multiple of the village's whole-period need is refused.
    "PLAUSIBILITY_NEED_MULTIPLE": 3.0,
    # Days of tolerance before the event's start for assessment times (clock skew, eve).
    "PLAUSIBILITY_DAYS_BEFORE_EVENT": 1,
}
OVERRIDE_FIELD = "override_reason"


@dataclass(frozen=True)
class Finding:
    """One guard that refused a figure."""

    guard: str
    field: str
    message: str
    facts: dict = field(default_factory=dict)


def handover(distance_m: float | None, limit_m: float) -> list[Finding]:
    """The handover point's distance outside the destination village."""
    if distance_m is None or distance_m <= limit_m:
        return []
    return [
        Finding(
            "handover_distance",
            "lat",
            _(
                "Titik serah terima %(d)s km di luar batas desa tujuan (batas %(l)s km). "
                "Periksa GPS, "
                "atau isi alasan bila memang diserahkan di tempat lain.",
                d=f"{distance_m / 1000:,.1f}",
                l=f"{limit_m / 1000:,.1f}",
            ),
            {"distance_m": round(distance_m), "limit_m": limit_m},
        )
    ]


def assessment(
    population: int | None,
    counts: dict,
    assessed_at: datetime,
    started_on: date,
    last_day: date | None,
    now: datetime,
    days_before: int,
) -> list[Finding]:
    """Persons above the village's population, displaced households above households,
    and assessment times outside the event's window or in the future."""
    found = []
    if population:
        for name in ("displaced_persons", "affected_persons"):
            if counts.get(name, 0) > population:
                found.append(
                    Finding(
                        f"{name}_population",
                        name,
                        _(
                            "%(n)s orang melebihi jumlah penduduk desa (%(p)s jiwa, sensus 2010).",
                            n=f"{counts[name]:,}",
                            p=f"{population:,}",
                        ),
                        {"value": counts[name], "population": population},
                    )
                )
    # Households left at 0 mean "not counted", not "none".
    if counts.get("displaced_households", 0) > counts.get("households", 0) > 0:
        found.append(
            Finding(
                "displaced_households",
                "displaced_households",
                _(
                    "KK mengungsi (%(d)s) melebihi KK terdampak (%(h)s).",
                    d=counts.get("displaced_households", 0),
                    h=counts.get("households", 0),
                ),
                {
                    "displaced_households": counts.get("displaced_households", 0),
                    "households": counts.get("households", 0),
                },
            )
        )
    day = assessed_at.date()
    if (started_on - day).days > days_before or (last_day is not None and day > last_day):
        found.append(
            Finding(
                "date_window",
                "assessed_at",
                _(
                    "Tanggal kaji cepat %(d)s di luar masa kejadian (mulai %(s)s).",
                    d=day.isoformat(),
                    s=started_on.isoformat(),
                ),
                {"assessed_at": assessed_at.isoformat(), "started_on": started_on.isoformat()},
            )
        )
    if assessed_at > now:
        found.append(
            Finding(
                "future",
                "assessed_at",
                _("Waktu kaji cepat di masa depan."),
                {"assessed_at": assessed_at.isoformat()},
            )
        )
    return found


def quantities(
    lines: list[tuple[int, str, float]], caps: dict[str, float], multiple: float
) -> list[Finding]:
    """Shipment lines (index, commodity, base quantity) above `multiple` x the village's
    whole-period need for that commodity (`caps`, from its population as the largest basis)."""
    found = []
    for index, commodity, quantity in lines:
        cap = caps.get(commodity)
        if cap is None or quantity <= cap * multiple:
            continue
        found.append(
            Finding(
                "quantity_need",
                f"items.{index}.quantity",
                _(
                    "Jumlah %(q)s jauh di atas kebutuhan seluruh desa selama masa tanggap darurat "
                    "(%(c)s; batas %(m)s kali).",
                    q=f"{quantity:,.0f}",
                    c=f"{cap:,.0f}",
                    m=f"{multiple:g}",
                ),
                {
                    "commodity": commodity,
                    "quantity": quantity,
                    "village_need": round(cap, 3),
                    "multiple": multiple,
                },
            )
        )
    return found
