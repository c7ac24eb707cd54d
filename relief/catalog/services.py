"""Install and edit commodities and norms."""

from sqlalchemy import select

from relief.catalog.defaults import COMMODITIES, NORMS
from relief.catalog.models import Commodity, CommodityUnit, Norm
from relief.core import changes
from relief.core.errors import DomainError
from relief.events.models import Event
from relief.extensions import db


def install_defaults() -> None:
    """Add the default commodities, units and norm profiles that are missing."""
    known = set(db.session.scalars(select(Commodity.code)))
    for order, (code, name_id, name_en, base, core, lots, units) in enumerate(COMMODITIES):
        if code in known:
            continue
        commodity = Commodity(
            code=code,
            name_id=name_id,
            name_en=name_en,
            base_unit=base,
            is_core=core,
            tracks_lots=lots,
            sort_order=order,
        )
        db.session.add(commodity)
        for unit_code, unit_id, unit_en, factor in units:
            db.session.add(
                CommodityUnit(
                    commodity=commodity,
                    code=unit_code,
                    name_id=unit_id,
                    name_en=unit_en,
                    factor=factor,
                )
            )
    db.session.flush()
    existing = {tuple(r) for r in db.session.execute(select(Norm.profile, Norm.commodity_code))}
    for profile, norms in NORMS.items():
        for commodity_code, (amount, per, period, basis, source) in norms.items():
            if (profile, commodity_code) not in existing:
                db.session.add(
                    Norm(
                        profile=profile,
                        commodity_code=commodity_code,
                        amount=amount,
                        per=per,
                        period=period,
                        basis=basis,
                        source=source,
                    )
                )
    db.session.flush()


def update_norm(norm_id: int, amount: float, per: str, period: str, basis: str,
                source: str) -> Norm:
    """Change one norm of a profile (admin); the source citation is required."""

    norm = db.session.get(Norm, norm_id)
    if norm is None:
        raise DomainError("Norma tidak dikenal.", status=404)
    if not source.strip():
        raise DomainError("Sumber wajib diisi.", {"source": ["Wajib diisi."]})
    norm.amount, norm.per, norm.period, norm.basis = round(float(amount), 3), per, period, basis
    norm.source = source.strip()
    db.session.flush()
    changes.note_reference("update_norm")
    return norm


def norm_profiles() -> list[str]:
    """The profile names that have norms."""
    return list(db.session.scalars(select(Norm.profile).distinct().order_by(Norm.profile)))


def set_event_profile(event_id: int, profile: str) -> None:
    """Choose the norm profile an event's needs are computed with."""

    event = db.session.get(Event, event_id)
    if event is None:
        raise DomainError("Kejadian tidak dikenal.", status=404)
    if profile not in norm_profiles():
        raise DomainError("Profil tidak dikenal.", {"norm_profile": ["Tidak dikenal."]})
    event.norm_profile = profile
    db.session.flush()
    changes.note_reference("set_event_profile")
