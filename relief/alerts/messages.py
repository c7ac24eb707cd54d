"""What a notification says, in Indonesian, with an absolute link to the page it is about."""

from datetime import datetime

from flask import current_app
from flask_babel import force_locale

from relief.alerts import categories
from relief.areas.queries import place_labels
from relief.core import formatting

TRIGGERS = {
    "opened": "Peringatan baru",
    "escalated": "Peringatan naik menjadi kritis",
    "reopened": "Peringatan dibuka kembali",
    "report": "Pengaduan warga baru",
    "answer": "Jawaban atas pengaduan Anda",
    "test": "Pesan uji",
}
REPORT_CATEGORIES = {
    "not_received": "bantuan tidak diterima",
    "not_enough": "bantuan tidak cukup",
    "wrong_items": "barang tidak sesuai",
    "unfair": "pembagian tidak adil",
    "payment_demanded": "diminta membayar",
    "other": "lainnya",
}


def absolute_link(path: str) -> str:
    """`path` under PUBLIC_BASE_URL (e.g. https://pantau.example.id/alerts/12)."""
    base = (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    return f"{base}{path}" if base else path


def _moment(text: str | None) -> str:
    return formatting.moment(datetime.fromisoformat(text)) if text else ""


def _place(payload: dict) -> str:
    """ "Desa Banjarsari, Kec. Warunggunung, Kab. Lebak (36.02.15.2006)": Banten has six
    villages called Banjarsari, so the message names the kecamatan and kabupaten too."""
    code = payload.get("village_code") or ""
    label = place_labels([code]).get(code) or payload.get("village_name", "")
    return f"{label} ({code})" if code else label


def compose(payload: dict) -> tuple[str, str]:
    """(subject, body) of one message, always in Indonesian."""
    with force_locale("id"):
        trigger = TRIGGERS.get(payload.get("trigger"), payload.get("trigger", ""))
        link = absolute_link(payload.get("path", "/"))
        if payload.get("topic") == "report":
            category = REPORT_CATEGORIES.get(payload["category"], payload["category"])
            subject = f"[Pantau Bantuan] {trigger}: {payload['village_name']}"
            body = (
                f"{trigger} dari {_place(payload)}: "
                f"{category}, diterima {_moment(payload.get('created_at'))}.\n"
                f"Tindak lanjuti di: {link}"
            )
        elif payload.get("topic") == "answer":
            subject, body = _answer(payload, trigger, link)
        elif payload.get("topic") == "test":
            subject = "[Pantau Bantuan] Pesan uji"
            body = (
                f"Pesan uji dikirim oleh {payload.get('by', 'admin')} pada "
                f"{_moment(payload.get('at'))}. Kanal ini berfungsi.\nAplikasi: {link}"
            )
        else:
            kind = categories.label("kind", payload["kind"])
            level = categories.label("level", payload["level"]).lower()
            subject = f"[Pantau Bantuan] {trigger} ({level}): {kind}, {payload['village_name']}"
            body = (
                f"{trigger} ({level}): {kind} di {_place(payload)}, "
                f"dibuka {_moment(payload.get('opened_at'))}.\n"
                f"Kategori: {categories.label('category', payload['category'])}.\n"
                f"Tanggapan pertama paling lambat {_moment(payload.get('response_due_at'))}."
                f"\nLihat dan tindak lanjuti: {link}"
            )
    return subject, body


def _answer(payload: dict, trigger: str, link: str) -> tuple[str, str]:
    """To the resident: which unit answered, what it said, where to follow the complaint."""
    category = REPORT_CATEGORIES.get(payload["category"], payload["category"])
    code = payload.get("tracking_code", "")
    subject = f"[Pantau Bantuan] {trigger} ({code})"
    body = (
        f"Yth. Bapak/Ibu pelapor,\n\n"
        f"{payload.get('organisation_name') or 'Instansi tujuan'} telah menjawab pengaduan "
        f"Anda {code} tentang bantuan di {payload['village_name']} ({category}) pada "
        f"{_moment(payload.get('answered_at'))}.\n\n"
        f"Jawaban:\n{payload.get('answer_text', '')}\n\n"
        f"Lihat status dan semua jawaban, atau ikuti perkembangannya di:\n{link}\n\n"
        f"Pesan ini dikirim otomatis oleh Pantau Bantuan; mohon tidak membalas pesan ini."
    )
    return subject, body
