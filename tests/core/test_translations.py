"""The English catalogue is complete: every Indonesian message in code and templates has one."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {
    "_": None, "gettext": None, "_l": None, "lazy_gettext": None, "N_": None, "ngettext": (1, 2),
}
METHODS = [("relief/**.py", "python"), ("templates/**.html", "jinja2")]


def _source_messages() -> set[str]:
    found = set()
    for _, _, message, _, _ in extract_from_dir(ROOT, METHODS, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _catalogue():
    with (ROOT / "translations/en/LC_MESSAGES/messages.po").open("rb") as handle:
        return read_po(handle)


def test_every_source_message_is_in_the_english_catalogue():
    catalogue = _catalogue()
    missing = sorted(m for m in _source_messages() if m and m not in catalogue)
    assert not missing, f"{len(missing)} messages missing from messages.po, e.g. {missing[:5]}"


def test_every_english_entry_is_translated_and_not_fuzzy():
    untranslated = [
        m.id for m in _catalogue() if m.id and (not m.string or m.fuzzy)
    ]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
