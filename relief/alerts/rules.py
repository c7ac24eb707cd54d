"""Alert rules as small pure classes: plain values in, a finding (or nothing) out.

Each rule's `check(row, t)` takes one row of its feed (see feeds.py) and the thresholds
dict (settings.thresholds()); it never touches Flask or the database.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median


@dataclass(frozen=True)
class Finding:
    """What a rule found: how serious, which maladministration it suggests, and why."""

    level: str
    category: str
    facts: dict = field(default_factory=dict)


def _hours_between(start: datetime | None, end: datetime) -> float | None:
    return None if start is None else (end - start).total_seconds() / 3600


class Rule:
    """Base of every rule; `time_based` rules also run from `flask alerts evaluate`."""

    kind: str = ""
    category: str = ""
    time_based: bool = False
    per_regency: bool = False

    def check(self, row: dict, t: dict) -> Finding | None:  # pragma: no cover - abstract
        """The predicate: a finding when the row meets the rule's condition."""
        raise NotImplementedError


class Undersupplied(Rule):
    """A worst-hit village still short of a core commodity 72 h after its first assessment."""

    kind, category, time_based = "undersupplied", "penundaan_berlarut", True

    def check(self, row: dict, t: dict) -> Finding | None:
        """critical below 50 % for severity >= 4; warning below 80 % for severity >= 3."""
        hours = _hours_between(row["first_assessed_at"], row["as_of"])
        coverage = row["coverage"]
        if hours is None or hours < t["ALERT_UNDERSUPPLIED_HOURS"] or coverage is None:
            return None
        facts = {k: row[k] for k in ("severity", "need", "delivered", "coverage")}
        facts["hours_since_assessment"] = round(hours, 1)
        if (
            row["severity"] >= t["ALERT_WORST_HIT_SEVERITY"]
            and coverage < t["ALERT_UNDERSUPPLIED_CRITICAL_BELOW"]
        ):
            return Finding("critical", self.category, facts)
        if (
            row["severity"] >= t["ALERT_UNDERSUPPLIED_WARNING_SEVERITY"]
            and coverage < t["ALERT_UNDERSUPPLIED_WARNING_BELOW"]
        ):
            return Finding("warning", self.category, facts)
        return None


class NoDelivery(Rule):
    """A seriously hit village with nothing delivered 48 h after its first assessment."""

    kind, category, time_based = "no_delivery", "tidak_memberikan_pelayanan", True

    def check(self, row: dict, t: dict) -> Finding | None:
        """critical when severity >= 3, 48 h have passed and no shipment was delivered."""
        hours = _hours_between(row["first_assessed_at"], row["as_of"])
        if hours is None or hours < t["ALERT_NO_DELIVERY_HOURS"]:
            return None
        if row["severity"] < t["ALERT_NO_DELIVERY_SEVERITY"] or row["delivered_shipments"] > 0:
            return None
        return Finding(
            "critical",
            self.category,
            {
                "severity": row["severity"],
                "hours_since_assessment": round(hours, 1),
                "delivered_shipments": 0,
                "pending_shipments": row.get("pending_shipments", 0),
            },
        )


class Unconfirmed(Rule):
    """Shipments delivered 72 h ago or more that still have no handover report (BAST)."""

    kind, category, time_based = "unconfirmed", "penyimpangan_prosedur", True

    def check(self, row: dict, t: dict) -> Finding | None:
        """warning when any unreceipted delivery is at least 72 h old."""
        limit = row["as_of"] - timedelta(hours=t["ALERT_UNCONFIRMED_HOURS"])
        late = [(w, at) for w, at in row["unreceipted"] if at <= limit]
        if not late:
            return None
        return Finding(
            "warning",
            self.category,
            {
                "shipments": [w for w, _ in late],
                "oldest_delivered_at": min(at for _, at in late).isoformat(),
            },
        )


class ReceiptGap(Rule):
    """Accepted quantities well below what was logged as sent."""

    kind, category = "receipt_gap", "penyimpangan_prosedur"

    def check(self, row: dict, t: dict) -> Finding | None:
        """warning when accepted < 95 % of the logged quantity of receipted shipments."""
        logged, accepted = row["logged"], row["accepted"]
        if not logged or accepted >= t["ALERT_RECEIPT_GAP_BELOW"] * logged:
            return None
        return Finding(
            "warning",
            self.category,
            {
                "logged": logged,
                "accepted": accepted,
                "ratio": round(accepted / logged, 3),
            },
        )


class LocationMismatch(Rule):
    """Delivery GPS points more than 1 km outside the destination village."""

    kind, category = "location_mismatch", "penyimpangan_prosedur"

    def check(self, row: dict, t: dict) -> Finding | None:
        """warning when any delivery point lies farther than the allowed distance."""
        far = [
            (w, d)
            for w, d in row["distances"]
            if d is not None and d > t["ALERT_LOCATION_MISMATCH_M"]
        ]
        if not far:
            return None
        return Finding(
            "warning",
            self.category,
            {
                "shipments": [w for w, _ in far],
                "max_distance_m": round(max(d for _, d in far)),
            },
        )


class ResidentReports(Rule):
    """Residents report aid not received (3 in 7 days) or a payment demanded (any)."""

    kind, category, time_based = "resident_reports", "tidak_memberikan_pelayanan", True

    def check(self, row: dict, t: dict) -> Finding | None:
        """critical (permintaan imbalan) on any payment report; warning on 3 not-received."""
        facts = {
            "not_received_in_window": row["not_received"],
            "payment_demanded": row["payment_demanded"],
            "window_days": t["ALERT_REPORTS_WINDOW_DAYS"],
        }
        if row["payment_demanded"] > 0:
            return Finding("critical", "permintaan_imbalan", facts)
        if row["not_received"] >= t["ALERT_REPORTS_NOT_RECEIVED_MIN"]:
            return Finding("warning", self.category, facts)
        return None


class Inequity(Rule):
    """In a regency, worst-hit villages are covered worse (median) than lightly hit ones."""

    kind, category, per_regency = "inequity", "diskriminasi", True

    def check(self, row: dict, t: dict) -> Finding | None:
        """warning when the worst-hit median coverage is below the severity <= 2 median."""
        worst = [
            c for s, c in row["villages"] if c is not None and s >= t["ALERT_WORST_HIT_SEVERITY"]
        ]
        light = [
            c for s, c in row["villages"] if c is not None and s <= t["ALERT_INEQUITY_LOW_SEVERITY"]
        ]
        least = t["ALERT_INEQUITY_MIN_GROUP"]
        if len(worst) < least or len(light) < least:
            return None
        worst_median, light_median = median(worst), median(light)
        if worst_median >= light_median:
            return None
        return Finding(
            "warning",
            self.category,
            {
                "worst_hit_median": round(worst_median, 3),
                "worst_hit_villages": len(worst),
                "light_median": round(light_median, 3),
                "light_villages": len(light),
            },
        )


class ReceiptDisputed(Rule):
    """The village's own confirmation disputes the delivery, or its quantities differ from the
    staff BAST (or, without one, from what was logged) beyond a tolerance."""

    kind, category = "receipt_disputed", "penyimpangan_prosedur"

    def check(self, row: dict, t: dict) -> Finding | None:
        """critical on any dispute or any line differing by more than the tolerance."""
        tolerance = t["ALERT_DISPUTE_TOLERANCE"]
        disputed, differing = [], []
        for c in row["confirmations"]:
            if c["verdict"] == "dispute":
                disputed.append(c["waybill"])
            for commodity, village, staff in c["lines"]:
                if abs(village - staff) > tolerance * max(staff, village, 1e-9):
                    differing.append([c["waybill"], commodity, village, staff])
        if not disputed and not differing:
            return None
        return Finding(
            "critical",
            self.category,
            {
                "disputed_shipments": disputed,
                "differences": differing,
                "tolerance": tolerance,
            },
        )


class PlausibilityOverridden(Rule):
    """A figure a plausibility guard refused was recorded anyway, with a reason: flagged so
    that the Ombudsman looks at it (README: plausibility guards)."""

    kind, category = "plausibility_override", "penyimpangan_prosedur"

    def check(self, row: dict, t: dict) -> Finding | None:
        """warning for every village with at least one override."""
        if not row["overrides"]:
            return None
        return Finding("warning", self.category, {"overrides": row["overrides"]})


class StockIdle(Rule):
    """A depot holds a commodity for longer than a set time while villages it serves (its
    regency) are undersupplied in it: aid existed and sat in the warehouse (undue delay)."""

    kind, category, time_based, per_regency = "stock_idle", "penundaan_berlarut", True, True

    def check(self, row: dict, t: dict) -> Finding | None:
        """critical when some depot kept stock the whole window and some village is short."""
        depots = [d for d in row["depots"] if d["quantity"] >= t["ALERT_STOCK_IDLE_MIN"]]
        if not depots or not row["villages"]:
            return None
        return Finding(
            "critical",
            self.category,
            {
                "idle_quantity": round(sum(d["quantity"] for d in depots), 3),
                "idle_hours": t["ALERT_STOCK_IDLE_HOURS"],
                "depots": [f"{d['name']} ({d['quantity']:g})" for d in depots],
                "undersupplied_villages": [
                    f"{v['name']} {v['code']} ({v['coverage']:.0%})" for v in row["villages"][:10]
                ],
                "undersupplied_count": len(row["villages"]),
                "owed": round(sum(v["owed"] for v in row["villages"]), 3),
            },
        )


RULES: dict[str, Rule] = {
    rule.kind: rule
    for rule in (
        Undersupplied(),
        NoDelivery(),
        Unconfirmed(),
        ReceiptGap(),
        LocationMismatch(),
        ResidentReports(),
        Inequity(),
        ReceiptDisputed(),
        PlausibilityOverridden(),
        StockIdle(),
    )
}
