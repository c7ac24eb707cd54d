"""The demo's steps: each step's `load(rng)` runs in order, in one transaction.

Assessments (coverage) come before the shipments that answer them (logistics), and alerts
come last, evaluated over everything the scenario holds at its own moments; so the write
boundary does not evaluate the alert rules for the demo's writes.
"""

import random

from relief.demo import (
    alerts,
    areas,
    auth,
    catalog,
    coverage,
    events,
    logistics,
    organisations,
    public,
    stock,
)

DEMO_SEED = 20200101
STEPS = (
    ("areas", areas),
    ("events", events),
    ("catalog", catalog),
    ("organisations", organisations),
    ("auth", auth),
    ("coverage", coverage),
    ("logistics", logistics),
    ("stock", stock),
    ("public", public),
    ("alerts", alerts),
)


def load_demo(seed: int = DEMO_SEED) -> list[str]:
    """Run every step with one seeded random generator; returns their reports."""
    rng = random.Random(seed)
    reports = []
    for name, step in STEPS:
        report = step.load(rng)
        if report:
            reports.append(f"{name}: {report}")
    return reports
