"""WTForms' built-in messages in Indonesian (WTForms ships no Indonesian catalogue).

Forms name `IndonesianMeta` as their Meta (or inherit `LocalisedForm`); on English pages the
messages stay WTForms' own English.
"""

from flask_babel import get_locale
from wtforms import Form
from wtforms.meta import DefaultMeta

INDONESIAN = {
    "This field is required.": "Wajib diisi.",
    "Not a valid float value.": "Isi angka, mis. 12,5 atau 12.5.",
    "Not a valid decimal value.": "Isi angka, mis. 12,5 atau 12.5.",
    "Not a valid integer value.": "Isi bilangan bulat.",
    "Not a valid choice.": "Pilihan tidak dikenal.",
    "Invalid Choice: could not coerce.": "Pilihan tidak dikenal.",
    "Not a valid datetime value.": "Isi tanggal dan jam yang valid.",
    "Not a valid date value.": "Isi tanggal yang valid.",
    "Not a valid time value.": "Isi jam yang valid.",
    "Number must be at least %(min)s.": "Paling sedikit %(min)s.",
    "Number must be at most %(max)s.": "Paling banyak %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Isi antara %(min)s dan %(max)s.",
    "Field must be between %(min)d and %(max)d characters long.": (
        "Isi %(min)d sampai %(max)d karakter."
    ),
    "Field cannot be longer than %(max)d character.": "Paling banyak %(max)d karakter.",
    "Field cannot be longer than %(max)d characters.": "Paling banyak %(max)d karakter.",
    "Field must be at least %(min)d character long.": "Paling sedikit %(min)d karakter.",
    "Field must be at least %(min)d characters long.": "Paling sedikit %(min)d karakter.",
    "Invalid input.": "Isian tidak valid.",
    "Invalid email address.": "Alamat surel tidak valid.",
    "File does not have an approved extension.": "Jenis berkas tidak diizinkan.",
    "The CSRF token is missing.": "Formulir kedaluwarsa; muat ulang halaman.",
    "The CSRF token is invalid.": "Formulir kedaluwarsa; muat ulang halaman.",
    "The CSRF token has expired.": "Formulir kedaluwarsa; muat ulang halaman.",
}


class _Messages:
    """The translations object WTForms asks for (gettext and ngettext)."""

    def __init__(self, indonesian: bool) -> None:
        self.indonesian = indonesian

    def gettext(self, string: str) -> str:
        """A built-in message, in Indonesian where the page is."""
        return INDONESIAN.get(string, string) if self.indonesian else string

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """A built-in message with a count."""
        return self.gettext(singular if n == 1 else plural)


class IndonesianMeta(DefaultMeta):
    """Meta of forms whose built-in messages follow the page language."""

    def get_translations(self, form):
        """Indonesian unless the page is English."""
        locale = get_locale()
        return _Messages(locale is None or locale.language != "en")


class LocalisedForm(Form):
    """A plain (sub)form with Indonesian built-in messages."""

    Meta = IndonesianMeta


def _label(field) -> str:
    return field.label.text if getattr(field, "label", None) is not None else field.name


def form_error_links(form) -> list[tuple[str, str, str]]:
    """(field id, label, message) of every message on a form, nested rows included."""
    links: list[tuple[str, str, str]] = []

    def walk(field, prefix: str) -> None:
        entries = getattr(field, "entries", None)
        if entries is not None:  # FieldList: its own messages, then each row's
            own = [e for e in field.errors if isinstance(e, str)]
            first = entries[0] if entries else field
            target = getattr(first, "form", None)
            target_id = next(iter(target), first).id if target is not None else first.id
            links.extend((target_id, _label(field), m) for m in own)
            for number, entry in enumerate(entries, start=1):
                walk(entry, f"{prefix}{_label(field)} {number}, ")
            return
        subform = getattr(field, "form", None)
        if subform is not None and hasattr(subform, "_fields"):  # FormField: its row's fields
            for sub in subform:
                walk(sub, prefix)
            return
        for message in field.errors if isinstance(field.errors, list) else []:
            if isinstance(message, str):
                links.append((field.id, prefix + _label(field), message))

    for field in form:
        if field.type not in ("CSRFTokenField", "HiddenField"):
            walk(field, "")
        elif field.errors and field.type == "HiddenField":
            links.extend(("error-summary", _label(field), m) for m in field.errors)
    return links
