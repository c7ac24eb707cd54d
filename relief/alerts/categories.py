"""The ten forms of maladministration (Peraturan Ombudsman 26/2017 jo. 48/2020)."""

from flask_babel import lazy_gettext as _l

CATEGORIES = {
    "penundaan_berlarut": _l("Penundaan berlarut"),
    "tidak_memberikan_pelayanan": _l("Tidak memberikan pelayanan"),
    "tidak_kompeten": _l("Tidak kompeten"),
    "penyalahgunaan_wewenang": _l("Penyalahgunaan wewenang"),
    "penyimpangan_prosedur": _l("Penyimpangan prosedur"),
    "permintaan_imbalan": _l("Permintaan imbalan"),
    "tidak_patut": _l("Tidak patut"),
    "berpihak": _l("Berpihak"),
    "diskriminasi": _l("Diskriminasi"),
    "konflik_kepentingan": _l("Konflik kepentingan"),
}

KIND_LABELS = {
    "undersupplied": _l("Kekurangan pasokan"),
    "no_delivery": _l("Belum ada pengiriman"),
    "unconfirmed": _l("Penerimaan belum dikonfirmasi"),
    "receipt_gap": _l("Selisih penerimaan"),
    "location_mismatch": _l("Lokasi serah terima tidak sesuai"),
    "resident_reports": _l("Pengaduan warga"),
    "inequity": _l("Ketimpangan antardesa"),
    "receipt_disputed": _l("Penerimaan dibantah desa"),
    "plausibility_override": _l("Angka di luar kewajaran dicatat dengan alasan"),
    "stock_idle": _l("Stok menganggur di gudang"),
}

STATE_LABELS = {
    "open": _l("Terbuka"),
    "acknowledged": _l("Ditanggapi"),
    "resolved": _l("Selesai"),
    "dismissed": _l("Ditolak"),
}

LEVEL_LABELS = {"warning": _l("Peringatan"), "critical": _l("Kritis")}

ACTION_LABELS = {
    "open": _l("Dibuka"),
    "acknowledge": _l("Diterima logistik"),
    "respond": _l("Tanggapan logistik"),
    "resolve": _l("Diselesaikan"),
    "dismiss": _l("Ditolak"),
    "reopen": _l("Dibuka kembali"),
    "comment": _l("Komentar"),
    "escalate": _l("Level naik"),
    "clear": _l("Kondisi pulih"),
    "recur": _l("Kondisi muncul lagi"),
}

# What the buttons say: the action as a verb (the history above says what was done).
BUTTON_LABELS = {
    "acknowledge": _l("Terima peringatan"),
    "respond": _l("Kirim tanggapan"),
    "resolve": _l("Selesaikan"),
    "dismiss": _l("Tolak peringatan"),
    "reopen": _l("Buka kembali"),
    "comment": _l("Tambah komentar"),
}


def label(table: str, key: str | None) -> str:
    """Indonesian-first label of a kind, state, level, category or action ('' for none)."""
    labels = globals().get(f"{table.upper()}_LABELS") or CATEGORIES
    return str(labels.get(key, key or "")) if key else ""
