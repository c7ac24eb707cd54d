"""The English catalogue is complete: every Indonesian message in code and templates has one."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "_l": None,
    "lazy_gettext": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "lazy_pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "lazy_npgettext": ((1, "c"), 2, 3),
}
METHODS = [("relief/**.py", "python"), ("templates/**.html", "jinja2")]


def _source_messages() -> set[tuple[str | None, str]]:
    """(context, msgid) of every message in the code and templates."""
    found = set()
    for _, _, message, _, context in extract_from_dir(ROOT, METHODS, keywords=KEYWORDS):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


def _catalogue():
    with (ROOT / "translations/en/LC_MESSAGES/messages.po").open("rb") as handle:
        return read_po(handle)


def test_every_source_message_is_in_the_english_catalogue():
    catalogue = _catalogue()
    missing = sorted(
        (context or "", message)
        for context, message in _source_messages()
        if message and catalogue.get(message, context=context) is None
    )
    assert not missing, f"{len(missing)} messages missing from messages.po, e.g. {missing[:5]}"


def test_every_english_entry_is_translated_and_not_fuzzy():
    untranslated = [m.id for m in _catalogue() if m.id and (not m.string or m.fuzzy)]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"


def test_context_messages_are_found_and_kept_apart():
    sources = _source_messages()
    assert ("quantity", "Ditolak") in sources and ("report state", "Selesai") in sources
    catalogue = _catalogue()
    accepted = catalogue.get("Diterima", context="quantity").string
    assert accepted != catalogue.get("Diterima", context="report state").string


def test_api_errors_follow_the_clients_accept_language(client):
    english = client.get("/api/v1/shipments", headers={"Accept-Language": "en-US,en;q=0.9"})
    indonesian = client.get("/api/v1/shipments", headers={"Accept-Language": "id"})
    unspecified = client.get("/api/v1/shipments")
    assert english.status_code == indonesian.status_code == 401
    assert english.json["error"]["message"] == "Please log in first."
    assert indonesian.json["error"]["message"] == "Silakan masuk terlebih dahulu."
    assert unspecified.json["error"]["message"] == "Silakan masuk terlebih dahulu."
