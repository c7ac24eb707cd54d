"""Column helpers shared by the domains' models."""

from datetime import UTC

from sqlalchemy import DateTime, Numeric, TypeDecorator

from relief.core.clock import utcnow  # noqa: F401 - the one definition, re-exported


class UTCDateTime(TypeDecorator):
    """Stores UTC; always hands back aware datetimes (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


# Quantities: exact in the database, floats in Python (rounded to 3 decimals on input).
Quantity = Numeric(14, 3, asdecimal=False)
