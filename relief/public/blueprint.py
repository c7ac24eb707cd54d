"""The public pages' blueprint, its rate-limit settings and template helpers."""

from flask import Blueprint, current_app, session

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
def commodity_name(commodity: dict) -> str:
    """A commodity's name in the visitor's language."""
    return commodity["name_en"] if session.get("lang") == "en" else commodity["name_id"]


@bp.app_template_global()
def unit_name(names: dict) -> str:
    """A unit's name (kg, paket, stel) in the visitor's language."""
    return names["name_en"] if session.get("lang") == "en" else names["name_id"]


@bp.app_template_filter()
def qty(value: float) -> str:
    """A quantity for people: thousands separated, at most two decimals."""
    from flask_babel import format_decimal

    return format_decimal(round(float(value or 0), 2), format="#,##0.##")


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
