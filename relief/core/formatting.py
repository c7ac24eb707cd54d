"""How pages show numbers, quantities, times and names: the one set of Jinja filters.

Babel formats for the visitor's language (Indonesian 1.234,5; English 1,234.5), and
Flask-Babel's ``format_datetime`` turns stored UTC times into the configured zone
(``BABEL_DEFAULT_TIMEZONE``, Asia/Jakarta), whose name (WIB) is written after the time.
"""

import math
from datetime import date, datetime
from functools import lru_cache

from babel import Locale
from babel.numbers import parse_pattern
from flask import Flask, g
from flask_babel import (
    format_date,
    format_datetime,
    format_percent,
    get_locale,
    get_timezone,
    get_translations,
    to_user_timezone,
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


@lru_cache(maxsize=4096)
def _formatted(value: float, negative: bool, pattern: str, locale: Locale) -> str:
    return _number_pattern(pattern).apply(value, locale)


def _decimal(value: float, pattern: str) -> str:
    """Flask-Babel's format_decimal, each figure formatted once per language (a village page
    formats twenty-odd quantities, many alike from page to page; -0.0 is kept apart from 0)."""
    return _formatted(value, math.copysign(1.0, value) < 0, pattern, get_locale())


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


@lru_cache(maxsize=4096)
def _day(value: date, locale: Locale) -> str:
    return format_date(value, "medium")  # the locale in the key is the one in force


def day(value: date | datetime | None) -> str:
    """A calendar day ("5 Jan 2020"); a datetime is first moved to local time. Each day is
    formatted once per language (a village page lists a dozen delivery dates)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_user_timezone(value).date()
    return _day(value, get_locale())


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


def local_names(things: dict) -> dict:
    """The local names of commodities (dicts with `unit_name`, by key), each as {"name",
    "unit"}: a page that names them on every row looks the language up once."""
    english = str(get_locale()) == "en"
    key = "name_en" if english else "name_id"

    def name(thing: dict) -> str:
        return thing.get(key) or thing.get("name_id") or ""

    return {
        code: {"name": name(thing), "unit": name(thing.get("unit_name") or {})}
        for code, thing in things.items()
    }


FILTERS = {"qty": quantity, "number": whole_number, "percent": percent, "wib": moment, "day": day}
GLOBALS = {
    "coordinates": coordinates,
    "local_name": local_name,
    "local_names": local_names,
    "role_label": role_label,
    "actor_label": actor_label,
    "recorded_by": recorded_by,
    "page_problems": page_problems,
}


def page_translations():
    """The translations of the locale in force, looked up once per locale and context.

    Flask-Babel's template callables ask `get_translations()` for every string: the domain,
    the locale and the cache each looked up again, and the locale turned into text as the
    cache key (a village page has twenty-five strings: 0.2 ms of 1 ms of rendering). The
    result is kept on `g` beside the locale object it was found for: `force_locale` and
    `refresh` put another object in place, so a changed locale is looked up afresh."""
    if not g:  # outside an app context Flask-Babel has no locale either
        return get_translations()
    locale = get_locale()
    kept = g.get("_page_translations")
    if kept is not None and kept[0] is locale:
        return kept[1]
    translations = get_translations()
    g._page_translations = (locale, translations)
    return translations


def init_app(app: Flask) -> None:
    """Register the filters and helpers on the app's Jinja environment, and the gettext
    callables of Flask-Babel's (the same newstyle ones) on `page_translations`."""
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(GLOBALS)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: page_translations().ugettext(s),
        ngettext=lambda s, p, n: page_translations().ungettext(s, p, n),
        pgettext=lambda c, s: page_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: page_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
