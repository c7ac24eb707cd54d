"""SMS/WhatsApp commands as plain values (pure): what a resident or village typed, forgiven
its case and spacing, and the short texts sent back."""

import re
from dataclasses import dataclass

VILLAGE_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
SMS_LENGTH = 160
# Words in a complaint that say which category it belongs to (first match wins).
CATEGORY_WORDS = (
    ("payment_demanded", ("bayar", "pungut", "minta uang", "imbalan", "setor")),
    (
        "not_received",
        (
            "belum terima",
            "belum dapat",
            "belum sampai",
            "tidak terima",
            "tidak dapat",
            "tak terima",
            "belum ada",
        ),
    ),
    ("not_enough", ("kurang", "tidak cukup", "sedikit")),
    ("wrong_items", ("salah", "rusak", "busuk", "basi", "kedaluwarsa")),
    ("unfair", ("tidak adil", "pilih kasih", "tidak merata", "kerabat")),
)
ALIASES = {
    "CEK": "CEK",
    "CEKDESA": "CEK",
    "INFO": "CEK",
    "LAPOR": "LAPOR",
    "ADU": "LAPOR",
    "STATUS": "STATUS",
    "LACAK": "STATUS",
    "TERIMA": "TERIMA",
    "KONFIRMASI": "TERIMA",
    "BANTAH": "BANTAH",
    "TOLAK": "BANTAH",
}


@dataclass(frozen=True)
class Command:
    """A parsed message: the command's name (None: not understood) and its words."""

    name: str | None
    words: tuple[str, ...]
    rest: str = ""  # the text after the command word, as typed (spacing squeezed)


def parse(text: str | None) -> Command:
    """`cek  banjarsari`, `Lapor 36.02.25.2004 ...`: the first word names the command."""
    squeezed = " ".join((text or "").replace("#", " ").split())
    if not squeezed:
        return Command(None, ())
    first, _, rest = squeezed.partition(" ")
    name = ALIASES.get(first.upper().rstrip(":.,"))
    return Command(name, tuple(rest.split()), rest)


def is_village_code(word: str) -> bool:
    """A Kemendagri village code (`36.02.25.2004`)."""
    return bool(VILLAGE_CODE.match(word))


def category_of(text: str) -> str:
    """The complaint category its words suggest; `other` when none does."""
    lowered = text.lower()
    for category, words in CATEGORY_WORDS:
        if any(w in lowered for w in words):
            return category
    return "other"


def split_confirmation(words: tuple[str, ...]) -> tuple[str, str, list[str], str] | None:
    """`<waybill> <PIN> [qty ... | commodity=qty ...] [note]` -> (waybill, pin, quantities,
    note); None when waybill or PIN is missing."""
    if len(words) < 2:
        return None
    quantities, index = [], 2
    while index < len(words) and re.match(r"^([a-z_]+=)?\d+([.,]\d+)?$", words[index], re.I):
        quantities.append(words[index])
        index += 1
    return words[0], words[1], quantities, " ".join(words[index:])


def number(text: str) -> float:
    """`1.250` or `1,5` as typed on a phone keypad (a dot before three digits groups them)."""
    if re.match(r"^\d{1,3}(\.\d{3})+$", text):
        text = text.replace(".", "")
    return float(text.replace(",", "."))


def fit(parts: list[str], limit: int = SMS_LENGTH, joiner: str = "; ") -> str:
    """Join parts into one SMS: later parts are dropped (with an ellipsis) past the limit."""
    out = ""
    for part in parts:
        candidate = part if not out else out + joiner + part
        if len(candidate) > limit:
            return (out + "…") if len(out) < limit else out[: limit - 1] + "…"
        out = candidate
    return out


def amount(value: float, unit: str) -> str:
    """A short quantity: `1,2t` for tonnes of kilograms, else whole units."""
    if unit == "kg" and value >= 1000:
        return f"{value / 1000:.1f}".rstrip("0").rstrip(".").replace(".", ",") + "t"
    return f"{value:,.0f}".replace(",", ".") + unit
