"""Names of coverage bands and area levels as people read them (request's language)."""

from flask_babel import lazy_gettext as _l

BAND_LABELS = {
    "green": _l("Hijau"),
    "yellow": _l("Kuning"),
    "red": _l("Merah"),
    None: _l("Tidak ada kebutuhan tercatat"),
}
LEVEL_LABELS = {
    "village": _l("Desa/kelurahan"),
    "district": _l("Kecamatan"),
    "regency": _l("Kabupaten/kota"),
    "province": _l("Provinsi"),
}


def band_label(band: str | None) -> str:
    """ "Kuning" for yellow; "Tidak ada kebutuhan tercatat" where no need was recorded."""
    return str(BAND_LABELS.get(band, band))


def level_label(level: str) -> str:
    """ "Kecamatan" for district."""
    return str(LEVEL_LABELS.get(level, level))
