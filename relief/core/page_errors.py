"""A refused query string, explained on a page in people's words (never marshmallow's English).

The API keeps its envelope; a page shows the filter's name as the form labels it and what is
wrong with it, in the reader's language.
"""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

# Query-string names of the staff pages' filters, as the forms label them.
FILTER_LABELS = {
    "as_of": _l("Per tanggal"),
    "regency": _l("Kabupaten/kota"),
    "district": _l("Kecamatan"),
    "village": _l("Desa"),
    "event_id": _l("Kejadian"),
    "event": _l("Kejadian"),
    "state": _l("Status"),
    "status": _l("Status"),
    "kind": _l("Jenis"),
    "level": _l("Level"),
    "category": _l("Kategori"),
    "overdue": _l("Tenggat"),
    "commodity": _l("Barang"),
    "page": _l("Halaman"),
    "date_from": _l("Dari tanggal"),
    "date_to": _l("Sampai tanggal"),
    "parent": _l("Wilayah"),
    "sort": _l("Urutkan"),
    "area": _l("Kode wilayah"),
}

# marshmallow's default messages, and the API's wording of them (relief.core.field_messages
# localises error answers before a page shows them), -> what a reader of a page is told: a
# page names no internal codes, so "Harus salah satu dari: open, ..." becomes "Pilihan ...".
_MESSAGES = (
    (re.compile(r"^Harus salah satu dari"), _l("Pilihan tidak dikenal.")),
    (re.compile(r"^Not a valid date\.?$"), _l("Bukan tanggal yang sah; tulis TTTT-BB-HH.")),
    (re.compile(r"^Not a valid datetime\.?$"), _l("Bukan waktu yang sah.")),
    (re.compile(r"^Not a valid (integer|number)\.?$"), _l("Harus berupa angka.")),
    (re.compile(r"^Not a valid boolean\.?$"), _l("Harus ya atau tidak.")),
    (re.compile(r"^Must be one of"), _l("Pilihan tidak dikenal.")),
    (re.compile(r"^String does not match"), _l("Bentuknya tidak sesuai.")),
    (re.compile(r"^Unknown field\.?$"), _l("Isian tidak dikenal.")),
    (re.compile(r"^Missing data"), _l("Wajib diisi.")),
    (re.compile(r"^Field may not be null\.?$"), _l("Wajib diisi.")),
    (re.compile(r"^(Must be|Length must be)"), _l("Di luar batas yang diterima.")),
    (re.compile(r"^Not a valid"), _l("Nilai tidak sah.")),
)


def filter_label(name: str) -> str:
    """A query-string name as the page's form labels it ("as_of" -> "Per tanggal")."""
    label = FILTER_LABELS.get(name)
    return str(label) if label else _("Isian %(n)s", n=name.replace("_", " "))


def problem_text(message: str) -> str:
    """One field message in the reader's language (a known marshmallow text is replaced)."""
    for pattern, words in _MESSAGES:
        if pattern.search(message):
            return str(words)
    return message


def page_problems(fields: dict) -> list[tuple[str, str]]:
    """(label, messages) per refused field, ready for the error page."""
    rows = []
    for name, messages in fields.items():
        if isinstance(messages, dict):  # nested (a list's index -> messages)
            messages = [
                m for ms in messages.values() for m in (ms if isinstance(ms, list) else [ms])
            ]
        if isinstance(messages, str):
            messages = [messages]
        rows.append((filter_label(str(name)), " ".join(problem_text(str(m)) for m in messages)))
    return rows
