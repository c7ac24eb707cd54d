"""marshmallow fields shared by the domains' input schemas."""

import functools
import math
import re
from datetime import UTC, date, datetime

from marshmallow import ValidationError, fields, validate
from werkzeug.routing import IntegerConverter

DB_INTEGER_MAX = 2_147_483_647  # PostgreSQL INTEGER; SQLite would overflow past 2**63 anyway


class RecordId(fields.Integer):
    """A database id or version: a positive 32-bit integer, refused with a message otherwise."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", validate.Range(min=1, max=DB_INTEGER_MAX))
        super().__init__(**kwargs)


class RecordIdConverter(IntegerConverter):
    """`<int:...>` in URLs: ids beyond the database's range are a 404, not an SQL overflow."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", DB_INTEGER_MAX)
        super().__init__(url_map, *args, **kwargs)


# Dates a disaster record can carry; year 1 or 9999 overflow time-zone and day arithmetic.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)
DATE_ERROR = "Tanggal harus antara 1900-01-01 dan 2199-12-31."
# Quantities in the unit logged: finite, positive, at most this many, to 3 decimals (what
# both databases store exactly: NUMERIC(14, 3)).
QUANTITY_MAX = 10_000_000
QUANTITY_DECIMALS = 3


def plausible_day(value: date) -> bool:
    """Whether a date (or a datetime's date) lies within DATE_MIN..DATE_MAX."""
    day = value.date() if isinstance(value, datetime) else value
    return DATE_MIN <= day <= DATE_MAX


def _check_day(value) -> None:
    if not plausible_day(value):
        raise ValidationError(DATE_ERROR)


class Day(fields.Date):
    """A calendar date within DATE_MIN..DATE_MAX."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", _check_day)
        super().__init__(**kwargs)


class Moment(fields.AwareDateTime):
    """An aware date and time (UTC when no zone is given) within DATE_MIN..DATE_MAX."""

    def __init__(self, **kwargs):
        kwargs.setdefault("default_timezone", UTC)
        kwargs.setdefault("validate", _check_day)
        super().__init__(**kwargs)


def _check_quantity(value: float, allow_zero: bool) -> None:
    if not math.isfinite(value):
        raise ValidationError("Jumlah harus bilangan terhingga.")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValidationError(
            "Jumlah harus lebih dari 0." if not allow_zero else "Jumlah tidak boleh negatif."
        )
    if value > QUANTITY_MAX:
        raise ValidationError(f"Jumlah paling banyak {QUANTITY_MAX:,}.".replace(",", "."))
    if abs(round(value, QUANTITY_DECIMALS) - value) > 1e-9 * max(1.0, value):
        raise ValidationError(f"Paling banyak {QUANTITY_DECIMALS} angka di belakang koma.")


class QuantityField(fields.Float):
    """A quantity: finite, positive (or zero where `allow_zero`), <= QUANTITY_MAX, 3 decimals."""

    def __init__(self, allow_zero: bool = False, **kwargs):
        kwargs.setdefault("allow_nan", False)
        kwargs.setdefault("validate", functools.partial(_check_quantity, allow_zero=allow_zero))
        kwargs.setdefault(
            "metadata", {"minimum": 0, "maximum": QUANTITY_MAX, "exclusiveMinimum": not allow_zero}
        )
        super().__init__(**kwargs)


def bounded_id(text: str) -> int:
    """`type=` for `request.args.get`: a record id, ValueError (so the default) otherwise."""
    value = int(text)
    if not 1 <= value <= DB_INTEGER_MAX:
        raise ValueError(text)
    return value


def bounded_page(text: str) -> int:
    """`type=` for a `page` query argument: 1 to 100,000, ValueError otherwise."""
    value = int(text)
    if not 1 <= value <= 100_000:
        raise ValueError(text)
    return value


# Indonesian numbers as people write them: 0812 3456 7890, +62 812-3456-7890, (0252) 201234.
# Mobile: 08 and 8 to 11 more digits; fixed lines: an area code 02x to 07x and the number.
_PHONE = re.compile(r"^(?:\+62|62|0)(?:8\d{8,11}|[2-7]\d{6,9})$")
PHONE_ERROR = "Nomor telepon Indonesia tidak valid (contoh: 0812 3456 7890 atau +62 812 3456 7890)."


def is_indonesian_phone(text: str) -> bool:
    """Whether a typed number is an Indonesian mobile or fixed-line number (pure)."""
    return bool(_PHONE.match(re.sub(r"[\s().-]", "", text or "")))


def _check_phone(value: str) -> None:
    if not is_indonesian_phone(value):
        raise ValidationError(PHONE_ERROR)


class IndonesianPhone(fields.String):
    """A phone number of Indonesia, mobile or fixed line, kept as typed (at most 32 chars)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", [validate.Length(max=32), _check_phone])
        super().__init__(**kwargs)
