"""The public pages' blueprint, its rate-limit settings and template helpers."""

from flask import Blueprint, current_app

from relief.complaints.labels import action_label, channel_label
from relief.core.permissions import recorded_by

bp = Blueprint("public", __name__)

# Defaults; each is a setting. Mobile carriers put many residents behind one address (CGNAT),
# so limits per address are generous for filing and strict only for failed code guesses.
LIMIT_DEFAULTS = {
    "PUBLIC_REPORT_LIMIT": "10 per hour;40 per day",
    "PUBLIC_WRONG_CODE_LIMIT": "10 per 10 minutes;30 per day",
}


def limit_setting(name: str):
    """A callable Flask-Limiter reads per request: the setting's current value."""
    return lambda: current_app.config.get(name, LIMIT_DEFAULTS[name])


def not_found(response) -> bool:
    """Count a request against the wrong-code limit only when the code was wrong."""
    return response.status_code == 404


@bp.app_template_global()
def category_label(code: str) -> str:
    """A report category in words."""
    from relief.public.labels import category_label as label

    return label(code)


@bp.app_template_global()
def report_state_label(code: str) -> str:
    """A report state in words."""
    from relief.public.labels import state_label

    return state_label(code)


@bp.app_template_global()
def counted_people(per: str, basis: str) -> str:
    """Whom a norm counts, in words ("pengungsi", "KK pengungsi", ...)."""
    from relief.public.labels import COUNTED_PEOPLE

    return str(COUNTED_PEOPLE.get((per, basis), ""))


@bp.app_template_global()
def report_channel_label(code: str | None) -> str:
    """How a complaint arrived, in words."""
    return channel_label(code)


@bp.app_template_global()
def report_step_label(change) -> str:
    """One step of a complaint's history: who (name and role) did what, in words."""
    return f"{recorded_by(change.by_user, change.by_label)} · {action_label(change.action)}"


@bp.app_template_global()
def confirmer_role_label(code: str) -> str:
    """The role of whoever signed for the village, in words ("Kepala desa / lurah")."""
    from relief.public.labels import CONFIRMER_ROLES

    return str(CONFIRMER_ROLES.get(code, code))
