"""How pages show numbers, quantities, times and names: the one set of Jinja filters.

Babel formats for the visitor's language (Indonesian 1.234,5; English 1,234.5), and
Flask-Babel's ``format_datetime`` turns stored UTC times into the configured zone
(``BABEL_DEFAULT_TIMEZONE``, Asia/Jakarta), whose name (WIB) is written after the time.
"""

from datetime import date, datetime
from functools import lru_cache

from babel import Locale
from babel.numbers import parse_pattern
from flask import Flask
from flask_babel import (
    format_date,
    format_datetime,
    format_percent,
    get_locale,
    get_timezone,
)

from relief.core.page_errors import page_problems
from relief.core.permissions import actor_label, recorded_by, role_label

# Indonesia's zones by their common names; another zone is named by Babel (e.g. GMT+07:00).
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


@lru_cache(maxsize=8)
def _number_pattern(pattern: str):
    return parse_pattern(pattern)


def _decimal(value: float, pattern: str) -> str:
    """Flask-Babel's format_decimal without parsing the pattern again on every call (a
    village page formats twenty-odd quantities)."""
    return _number_pattern(pattern).apply(value, get_locale())


def quantity(value: float | None) -> str:
    """A quantity: thousands grouped, at most three decimals (the stored precision)."""
    if value is None:
        return ""
    return _decimal(round(float(value), 3), "#,##0.###")


def whole_number(value: float | None) -> str:
    """A count of people, houses or villages, thousands grouped."""
    if value is None:
        return ""
    return _decimal(round(float(value)), "#,##0")


def percent(ratio: float | None) -> str:
    """A ratio as a whole percentage in the visitor's locale (0.456 -> 46%)."""
    if ratio is None:
        return "–"
    return format_percent(ratio, format="#,##0%")


@lru_cache(maxsize=8)
def _moment_pattern(locale_name: str) -> str:
    # The locale's own order of date and time: "5 Jan 2020 14.30" or "Jan 5, 2020, 2:30 PM".
    locale = Locale.parse(locale_name)
    combined = str(locale.datetime_formats["medium"])
    return combined.replace("{1}", locale.date_formats["medium"].pattern).replace(
        "{0}", locale.time_formats["short"].pattern
    )


def zone_name() -> str:
    """The name of the zone times are shown in ("WIB")."""
    zone = get_timezone()
    key = getattr(zone, "zone", None) or getattr(zone, "key", None) or str(zone)
    return ZONE_NAMES.get(key) or format_datetime(datetime.now(zone), "zzzz")


def moment(value: datetime | None) -> str:
    """A stored UTC time in local time with its zone: "5 Jan 2020 14.30 WIB"."""
    if value is None:
        return ""
    return f"{format_datetime(value, _moment_pattern(str(get_locale())))} {zone_name()}"


def day(value: date | datetime | None) -> str:
    """A calendar day ("5 Jan 2020"); a datetime is first moved to local time."""
    if value is None:
        return ""
    return format_date(value, "medium")


def coordinates(lat: float | None, lon: float | None) -> str:
    """A GPS point with a decimal point in every language, as map apps expect it."""
    if lat is None or lon is None:
        return ""
    return f"{lat:.5f}, {lon:.5f}"


def local_name(thing) -> str:
    """The Indonesian or English name of a commodity or unit (object or dict)."""
    english = str(get_locale()) == "en"
    key = "name_en" if english else "name_id"
    if isinstance(thing, dict):
        return thing.get(key) or thing.get("name_id") or ""
    return getattr(thing, key, None) or getattr(thing, "name_id", "")


FILTERS = {"qty": quantity, "number": whole_number, "percent": percent, "wib": moment, "day": day}
GLOBALS = {
    "coordinates": coordinates,
    "local_name": local_name,
    "role_label": role_label,
    "actor_label": actor_label,
    "recorded_by": recorded_by,
    "page_problems": page_problems,
}


def init_app(app: Flask) -> None:
    """Register the filters and helpers on the app's Jinja environment."""
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(GLOBALS)
