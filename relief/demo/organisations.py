"""Demo step: the agencies behind the demo depots (illustrative contacts)."""

from sqlalchemy import select

from relief.extensions import db
from relief.organisations.models import Organisation

BANTEN_REGENCIES = ["36.01", "36.02", "36.03", "36.04", "36.71", "36.72", "36.73", "36.74"]
# name, kind, regencies, complaint e-mail
DEMO_ORGANISATIONS = [
    ("Dinas Sosial Provinsi Banten", "dinsos", BANTEN_REGENCIES, "pengaduan@dinsos.example"),
    ("BPBD Kabupaten Lebak", "bpbd", ["36.02"], "pengaduan@bpbd-lebak.example"),
    ("BPBD Kabupaten Tangerang", "bpbd", ["36.03"], "pengaduan@bpbd-kabtangerang.example"),
    ("BPBD Kota Tangerang", "bpbd", ["36.71"], "pengaduan@bpbd-kotatangerang.example"),
    ("BPBD Kota Tangerang Selatan", "bpbd", ["36.74"], "pengaduan@bpbd-tangsel.example"),
]


def by_name() -> dict[str, Organisation]:
    """The organisations, by name."""
    return {o.name: o for o in db.session.scalars(select(Organisation))}


def load(rng) -> str:
    """Add the demo organisations that are missing."""
    known = by_name()
    for name, kind, regencies, email in DEMO_ORGANISATIONS:
        if name not in known:
            db.session.add(
                Organisation(
                    name=name,
                    kind=kind,
                    regency_codes=regencies,
                    complaint_email=email,
                    active=True,
                )
            )
    db.session.flush()
    return f"{len(DEMO_ORGANISATIONS)} organisations"
