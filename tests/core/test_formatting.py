"""One set of display filters: Babel numbers per language, stored UTC shown as WIB."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from flask_babel import force_locale

from relief.core import formatting

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


# Reworked by the alerts helper in the same session; they still format times themselves.
@pytest.mark.parametrize(
    ("lang", "value", "shown"),
    [
        ("id", 1234.5, "1.234,5"),
        ("en", 1234.5, "1,234.5"),
        ("id", 25.0, "25"),
        ("id", 0.125, "0,125"),
        ("en", 1_000_000, "1,000,000"),
        ("id", 14.4000001, "14,4"),
        ("id", None, ""),
    ],
)
def test_quantities_follow_the_language(request_ctx, lang, value, shown):
    with force_locale(lang):
        assert formatting.quantity(value) == shown


def test_counts_and_percentages_follow_the_language(request_ctx):
    with force_locale("id"):
        assert formatting.whole_number(12345) == "12.345"
        assert formatting.percent(0.456) == "46%"
        assert formatting.percent(None) == "–"
    with force_locale("en"):
        assert formatting.whole_number(12345) == "12,345"


def test_utc_time_is_shown_in_wib_with_its_name(request_ctx):
    moment = datetime(2020, 1, 5, 7, 30, tzinfo=UTC)
    with force_locale("id"):
        assert formatting.moment(moment) == "5 Jan 2020 14.30 WIB"
    with force_locale("en"):
        # CLDR puts a narrow no-break space before AM/PM.
        assert formatting.moment(moment) == "Jan 5, 2020, 2:30\u202fPM WIB"


def test_late_utc_evening_is_the_next_day_in_banten(request_ctx):
    with force_locale("id"):
        assert formatting.day(datetime(2020, 1, 4, 18, 0, tzinfo=UTC)) == "5 Jan 2020"
        assert formatting.day(date(2020, 1, 4)) == "4 Jan 2020"


def test_coordinates_keep_a_decimal_point_in_indonesian(request_ctx):
    with force_locale("id"):
        assert formatting.coordinates(-6.62, 106.38) == "-6.62000, 106.38000"


def test_every_project_filter_comes_from_the_one_formatting_module(app):
    ours = {
        name: f
        for name, f in app.jinja_env.filters.items()
        if getattr(f, "__module__", "").startswith("relief.")
    }
    assert ours["qty"] is formatting.quantity and ours["wib"] is formatting.moment
    assert {f.__module__ for f in ours.values()} == {"relief.core.formatting"}


def test_templates_leave_time_formatting_to_the_wib_filter():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        name = path.relative_to(TEMPLATES).as_posix()
        text = path.read_text(encoding="utf-8")
        if re.search(r"strftime|\|\s*datetimeformat|\|\s*dateformat", text):
            offenders.append(name)
    assert offenders == []


def test_remembered_figures_and_days_still_follow_the_language(request_ctx):
    # Each figure and day is formatted once per language and then remembered.
    evening = datetime(2020, 1, 4, 18, 0, tzinfo=UTC)
    for _ in range(2):
        with force_locale("id"):
            assert formatting.quantity(1234.5) == "1.234,5"
            assert formatting.day(evening) == "5 Jan 2020"
        with force_locale("en"):
            assert formatting.quantity(1234.5) == "1,234.5"
            assert formatting.day(evening) == "Jan 5, 2020"
            assert formatting.day(date(2020, 1, 4)) == "Jan 4, 2020"
    with force_locale("id"):
        assert formatting.quantity(0.0) == "0"
        assert formatting.quantity(-0.0) == "-0"  # as Babel writes it, not the remembered 0


def test_template_strings_follow_a_language_forced_inside_one_request(app, request_ctx):
    # Templates look their translations up once per locale (formatting.page_translations):
    # a language forced mid-request, as alert messages do, must still be the one rendered.
    template = app.jinja_env.from_string(
        '{{ _("Keluar") }}|{{ ngettext("%(num)d desa", "%(num)d desa", 2) }}'
    )
    with force_locale("id"):
        assert template.render() == "Keluar|2 desa"
        with force_locale("en"):
            assert template.render().startswith("Log out|")
        assert template.render() == "Keluar|2 desa"
    with force_locale("en"):
        assert template.render().startswith("Log out|")
