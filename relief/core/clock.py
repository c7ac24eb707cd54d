"""The one definition of "now" and of Banten's local time (WIB, UTC+7, no daylight saving)."""

from datetime import UTC, date, datetime, time, timedelta, timezone

# Events are decreed in local dates and people read local clocks.
WIB = timezone(timedelta(hours=7), "WIB")


def utcnow() -> datetime:
    """Timezone-aware now in UTC; every stored time is UTC."""
    return datetime.now(UTC)


def local_date(moment: datetime) -> date:
    """The calendar date in Banten at an aware moment."""
    return moment.astimezone(WIB).date()


def end_of_local_day(day: date) -> datetime:
    """The last moment of a calendar day in Banten, in UTC ("as of" a date includes it)."""
    midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=WIB)
    return (midnight - timedelta(microseconds=1)).astimezone(UTC)


def local_to_utc(value: datetime | None) -> datetime | None:
    """A naive local (WIB) time, as typed in a form, in UTC."""
    return value.replace(tzinfo=WIB).astimezone(UTC) if value else None
