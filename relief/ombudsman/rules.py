"""The compliance rule as the pages and documents state it."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

BAND_NAMES = {"green": _l("Hijau"), "yellow": _l("Kuning"), "red": _l("Merah")}


def compliance_rule() -> str:
    """One paragraph: how the score and the band are computed (project policy)."""
    return _(
        "Aturan kepatuhan (kebijakan proyek): skor = bagian tenggat yang dipenuhi dari "
        "semua tenggat yang sudah lewat atau sudah dipenuhi: tanggapan pertama (3 hari) "
        "dan penyelesaian (14 hari) tiap peringatan di kabupaten/kota yang dilayani, dan "
        "jawaban tiap pengaduan yang diteruskan. Hijau >= 81 %, kuning >= 51 %, merah di "
        "bawahnya; tanpa pita bila belum ada tenggat. Desa per pita cakupan ditampilkan "
        "di samping skor, tidak dihitung di dalamnya."
    )
