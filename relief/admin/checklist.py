"""What a fresh database still lacks before field staff can work, each with where to fix it."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from relief.alerts.channels import CHANNELS
from relief.areas.models import Area
from relief.auth.models import User
from relief.catalog.models import Commodity, Norm
from relief.events.models import Event
from relief.extensions import db
from relief.logistics.models import Depot
from relief.organisations.models import Organisation


@dataclass(frozen=True)
class Step:
    """One line of the checklist."""

    key: str
    label: str
    done: bool
    detail: str
    fix_endpoint: str  # the page that fixes it
    fix_hint: str  # the command line way, for `flask setup check`


def _count(stmt) -> int:
    return db.session.scalar(stmt) or 0


def checklist() -> list[Step]:
    """Every step, in the order an admin takes them."""
    villages = _count(select(func.count()).select_from(Area).where(Area.level == "village"))
    commodities = _count(select(func.count()).select_from(Commodity))
    norms = _count(select(func.count()).select_from(Norm))
    organisations = _count(
        select(func.count()).select_from(Organisation).where(Organisation.active.is_(True))
    )
    live = _count(
        select(func.count())
        .select_from(Event)
        .where(Event.scenario_at.is_(None), Event.ended_at.is_(None))
    )
    depots = _count(
        select(func.count()).select_from(Depot).where(Depot.organisation_id.is_not(None))
    )
    logistics = sum(
        1
        for user in db.session.scalars(
            select(User).where(
                User.role == "logistics", User.active.is_(True), User.organisation_id.is_not(None)
            )
        )
        if user.area_codes
    )
    channels = [
        name for name, channel in CHANNELS.items() if name != "in_app" and channel.enabled()
    ]
    return [
        Step(
            "areas",
            str(_l("Wilayah (desa/kelurahan)")),
            villages > 0,
            str(_l("%(n)d desa/kelurahan", n=villages)),
            "areas.geodata",
            "flask --app wsgi areas load-facts",
        ),
        Step(
            "catalog",
            str(_l("Komoditas, satuan dan norma")),
            commodities > 0 and norms > 0,
            str(_l("%(c)d komoditas, %(n)d norma", c=commodities, n=norms)),
            "admin.checklist",
            "flask --app wsgi catalog load-defaults or the button on /admin",
        ),
        Step(
            "organisation",
            str(_l("Organisasi (BPBD, Dinsos, ...)")),
            organisations > 0,
            str(_l("%(n)d aktif", n=organisations)),
            "admin.organisations",
            "/admin/organisations or POST /api/v1/organisations",
        ),
        Step(
            "event",
            str(_l("Kejadian langsung yang terbuka")),
            live > 0,
            str(_l("%(n)d terbuka", n=live)),
            "admin.events",
            "/admin/events or POST /api/v1/events",
        ),
        Step(
            "depot",
            str(_l("Gudang milik organisasi")),
            depots > 0,
            str(_l("%(n)d gudang", n=depots)),
            "admin.depots",
            "/admin/depots or POST /api/v1/depots",
        ),
        Step(
            "logistics",
            str(_l("Akun logistik dengan organisasi dan wilayah kerja")),
            logistics > 0,
            str(_l("%(n)d akun", n=logistics)),
            "auth.users",
            "/admin/users, POST /api/v1/users or flask --app wsgi users create NAME "
            "--role logistics --organisation ID --area CODE",
        ),
        Step(
            "notifications",
            str(_l("Saluran notifikasi (surel atau webhook)")),
            bool(channels),
            ", ".join(channels) or str(_l("hanya di aplikasi")),
            "alerts.notifications",
            "ALERT_WEBHOOK_URL / MAIL_HOST + MAIL_TO",
        ),
    ]


def missing(steps: list[Step]) -> list[Step]:
    """The steps not done yet."""
    return [step for step in steps if not step.done]
