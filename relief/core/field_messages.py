"""Field messages of error answers in the request's language (Accept-Language on the API).

Schemas carry Indonesian msgids (marked N_ and translated only here, when the answer is
built) and marshmallow adds its own English defaults; both reach the client through
`localise`, so an English client reads English and an Indonesian one never reads English.
Messages with numbers in them are matched by pattern and their numbers kept.
"""

import re

from flask_babel import gettext


def N_(msgid: str) -> str:  # noqa: N802 - the marker Babel extracts
    return msgid


# marshmallow's and webargs' own English messages, as Indonesian msgids.
DEFAULTS = {
    "Missing data for required field.": N_("Wajib diisi."),
    "Field may not be null.": N_("Tidak boleh kosong."),
    "Invalid value.": N_("Nilai tidak valid."),
    "Unknown field.": N_("Kolom tidak dikenal."),
    "Invalid input type.": N_("Isi harus objek JSON."),
    "Invalid type.": N_("Jenis isi tidak valid."),
    "Not a valid string.": N_("Harus berupa teks."),
    "Not a valid utf-8 string.": N_("Harus berupa teks UTF-8."),
    "Not a valid integer.": N_("Harus bilangan bulat."),
    "Not a valid number.": N_("Harus angka."),
    "Number too large.": N_("Angka terlalu besar."),
    "Special numeric values (nan or infinity) are not permitted.": N_(
        "Nilai NaN atau tak hingga tidak diizinkan."
    ),
    "Not a valid boolean.": N_("Harus true atau false."),
    "Not a valid date.": N_("Bukan tanggal yang sah; tulis TTTT-BB-HH."),  # as pages say it
    "Not a valid datetime.": N_("Waktu tidak valid (gunakan ISO 8601)."),
    "Not a valid aware datetime.": N_("Waktu tidak valid (gunakan ISO 8601)."),
    "Not a valid list.": N_("Harus berupa daftar."),
    "Not a valid mapping type.": N_("Harus berupa objek."),
    "Not a valid email address.": N_("Alamat e-mail tidak valid."),
    "Not a valid URL.": N_("Alamat URL tidak valid."),
    "Not a valid UUID.": N_("UUID tidak valid."),
    "Tanggal harus antara 1900-01-01 dan 2199-12-31.": N_(
        "Tanggal harus antara 1900-01-01 dan 2199-12-31."
    ),
    # relief.core.fields.PHONE_ERROR (core.fields stays free of Flask-Babel)
    "Nomor telepon Indonesia tidak valid (contoh: 0812 3456 7890 atau +62 812 3456 7890).": N_(
        "Nomor telepon Indonesia tidak valid (contoh: 0812 3456 7890 atau +62 812 3456 7890)."
    ),
}

_NUMBER = r"(?P<{}>-?[0-9.eE+]+)"
# (pattern, msgid with the pattern's named groups): marshmallow's and this project's own.
PATTERNS = [
    (
        rf"Must be greater than or equal to {_NUMBER.format('min')} and less than or equal to "
        rf"{_NUMBER.format('max')}\.",
        N_("Harus antara %(min)s dan %(max)s."),
    ),
    (
        rf"Must be greater than or equal to {_NUMBER.format('min')}\.",
        N_("Harus paling sedikit %(min)s."),
    ),
    (rf"Must be greater than {_NUMBER.format('min')}\.", N_("Harus lebih dari %(min)s.")),
    (
        rf"Must be less than or equal to {_NUMBER.format('max')}\.",
        N_("Harus paling banyak %(max)s."),
    ),
    (
        rf"Length must be between {_NUMBER.format('min')} and {_NUMBER.format('max')}\.",
        N_("Panjang harus %(min)s sampai %(max)s."),
    ),
    (
        rf"Longer than maximum length {_NUMBER.format('max')}\.",
        N_("Paling banyak %(max)s karakter."),
    ),
    (
        rf"Shorter than minimum length {_NUMBER.format('min')}\.",
        N_("Paling sedikit %(min)s karakter."),
    ),
    (r"Must be one of: (?P<choices>.*)\.", N_("Harus salah satu dari: %(choices)s.")),
    (rf"Paling banyak {_NUMBER.format('max')} karakter\.", N_("Paling banyak %(max)s karakter.")),
    (
        rf"Isi {_NUMBER.format('min')} sampai {_NUMBER.format('max')} karakter\.",
        N_("Isi %(min)s sampai %(max)s karakter."),
    ),
]
_COMPILED = [(re.compile(f"^{pattern}$"), msgid) for pattern, msgid in PATTERNS]


def localise_message(text: str) -> str:
    """One message in the request's language (unchanged when no catalogue entry knows it)."""
    if text in DEFAULTS:
        return gettext(DEFAULTS[text])
    for pattern, msgid in _COMPILED:
        match = pattern.match(text)
        if match:
            return gettext(msgid, **match.groupdict())
    return gettext(text) if text else text


def localise(messages):
    """Every message of a (nested) field-message structure, localised."""
    if isinstance(messages, dict):
        return {key: localise(value) for key, value in messages.items()}
    if isinstance(messages, list | tuple):
        return [localise(value) for value in messages]
    if isinstance(messages, str):
        return localise_message(messages)
    return messages
