"""Shared steps of the admin pages: run a form through its API schema and service."""

from collections.abc import Callable
from datetime import UTC, datetime, time

from flask import flash, request
from marshmallow import EXCLUDE, Schema, ValidationError
from sqlalchemy import select

from relief.areas.models import Area
from relief.core.errors import DomainError
from relief.extensions import db
from relief.organisations.queries import all_organisations


def regency_choices() -> list[tuple[str, str]]:
    """(code, "code name") of every regency."""
    rows = db.session.execute(
        select(Area.code, Area.name).where(Area.level == "regency").order_by(Area.code)
    )
    return [(code, f"{code} {name}") for code, name in rows]


def organisation_choices(blank: str | None = None) -> list[tuple[int, str]]:
    """(id, name) of every organisation, optionally after a blank choice (id 0)."""
    choices = [(o.id, o.name) for o in all_organisations()]
    return [(0, blank)] + choices if blank is not None else choices


def start_of(day) -> datetime:
    """Midnight UTC of a date (events start on a day)."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def list_filters(schema: Schema) -> dict:
    """The page's query string through a list schema; a bad filter is dropped with a note."""
    raw = {k: v for k, v in request.args.items() if v != ""}
    try:
        return schema.load(raw, unknown=EXCLUDE)
    except ValidationError as err:
        flash(", ".join(f"{k}: {' '.join(map(str, v))}" for k, v in err.messages.items()), "error")
        return {}


def attach(form, messages: dict) -> None:
    """Field messages onto the form's fields; the rest flashed on top of the page."""
    for name, value in messages.items():
        field = getattr(form, name, None)
        texts = [str(m) for m in value] if isinstance(value, list) else [str(value)]
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + texts
        else:
            for text in texts:
                flash(f"{name}: {text}", "error")


def submit(form, schema: Schema, data: dict, action: Callable) -> tuple[object | None, int]:
    """Validate the form's data with the API schema, run the service; (result, HTTP status)."""
    try:
        result = action(schema.load(data))
    except ValidationError as err:
        attach(form, err.messages)
        return None, 422
    except DomainError as err:
        db.session.rollback()
        flash(err.message, "error")
        attach(form, err.fields)
        return None, err.status
    return result, 200
