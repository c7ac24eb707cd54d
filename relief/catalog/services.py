"""Install and edit commodities and norms."""

from flask_babel import gettext as _
from sqlalchemy import select

from relief.audit.services import record
from relief.audit.state import ROWS, state_of
from relief.catalog.defaults import COMMODITIES, NORMS
from relief.catalog.models import Commodity, CommodityUnit, Norm
from relief.core import changes
from relief.core.errors import DomainError
from relief.events.models import Event
from relief.extensions import db


def install_defaults() -> dict[str, int]:
    """Add the default commodities, units and norm profiles that are missing; counts added."""
    added = {"commodities": 0, "units": 0, "norms": 0}
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
        added["commodities"] += 1
        added["units"] += len(units)
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
    new_norms = []
    for profile, norms in NORMS.items():
        for commodity_code, (amount, per, period, basis, source) in norms.items():
            if (profile, commodity_code) not in existing:
                added["norms"] += 1
                new_norms.append(
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
    db.session.add_all(new_norms)
    db.session.flush()
    if new_norms:
        record(
            "norm.install",
            "norm",
            "defaults",
            {"count": len(new_norms), ROWS: state_of(*new_norms)},
        )
    return added


def load_defaults() -> dict[str, int]:
    """The admin action: install the missing defaults, audited, and renew what depends on them."""
    added = install_defaults()
    record("load_catalog_defaults", "catalog", "defaults", added)
    changes.note_reference("load_defaults")
    return added


def create_commodity(data: dict) -> Commodity:
    """Add a commodity with its base unit (factor 1) and further units; audited."""
    if db.session.get(Commodity, data["code"]) is not None:
        raise DomainError(_("Data tidak valid."), {"code": [_("Kode komoditas sudah dipakai.")]})
    commodity = Commodity(
        code=data["code"],
        name_id=data["name_id"],
        name_en=data["name_en"],
        base_unit=data["base_unit"],
        is_core=data.get("is_core", False),
        tracks_lots=data.get("tracks_lots", False),
        sort_order=data.get("sort_order", 100),
    )
    db.session.add(commodity)
    units = [
        {
            "code": data["base_unit"],
            "name_id": data["base_unit"],
            "name_en": data["base_unit"],
            "factor": 1,
        }
    ]
    units += [u for u in data.get("units") or [] if u["code"] != data["base_unit"]]
    for unit in units:
        db.session.add(CommodityUnit(commodity=commodity, **unit))
    db.session.flush()
    record(
        "create_commodity",
        "commodity",
        commodity.code,
        {
            **{k: v for k, v in data.items() if k != "units"},
            "units": [[u["code"], float(u["factor"])] for u in units],
        },
    )
    return commodity


def add_unit(commodity: Commodity, data: dict) -> CommodityUnit:
    """Add a unit to a commodity (e.g. sack 25 kg = 25 kg); audited."""
    if any(u.code == data["code"] for u in commodity.units):
        raise DomainError(_("Data tidak valid."), {"code": [_("Satuan ini sudah ada.")]})
    unit = CommodityUnit(commodity=commodity, **data)
    db.session.add(unit)
    db.session.flush()
    record("add_unit", "commodity_unit", unit.id, {"commodity": commodity.code, **data})
    return unit


def create_norm(data: dict) -> Norm:
    """Add a norm to a profile (one per commodity and profile); the source is required."""
    if db.session.get(Commodity, data["commodity_code"]) is None:
        raise DomainError(
            _("Data tidak valid."), {"commodity_code": [_("Komoditas tidak dikenal.")]}
        )
    taken = db.session.scalar(
        select(Norm.id).where(
            Norm.profile == data["profile"], Norm.commodity_code == data["commodity_code"]
        )
    )
    if taken is not None:
        raise DomainError(
            _("Data tidak valid."),
            {"commodity_code": [_("Profil ini sudah punya norma untuk komoditas ini.")]},
        )
    norm = Norm(
        **{**data, "amount": round(float(data["amount"]), 3), "source": data["source"].strip()}
    )
    db.session.add(norm)
    db.session.flush()
    record("create_norm", "norm", norm.id, {**data, "amount": norm.amount, ROWS: state_of(norm)})
    changes.note_reference("create_norm")
    return norm


def update_norm(
    norm_id: int, amount: float, per: str, period: str, basis: str, source: str
) -> Norm:
    """Change one norm of a profile (admin); the source citation is required."""
    norm = db.session.get(Norm, norm_id)
    if norm is None:
        raise DomainError("Norma tidak dikenal.", status=404)
    if not source.strip():
        raise DomainError("Sumber wajib diisi.", {"source": ["Wajib diisi."]})
    norm.amount, norm.per, norm.period, norm.basis = round(float(amount), 3), per, period, basis
    norm.source = source.strip()
    db.session.flush()
    record(
        "norm.update",
        "norm",
        norm.id,
        {
            "profile": norm.profile,
            "commodity": norm.commodity_code,
            "amount": norm.amount,
            "per": per,
            "period": period,
            "basis": basis,
            ROWS: state_of(norm),
        },
    )
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
