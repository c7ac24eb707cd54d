"""Corrections as amendments: recorded with a reason, never an edit of the corrected row.

An amendment names its target (a shipment, a BAST or an assessment) and holds, per changed
field of a row, the value before and after. The corrected rows stay exactly as recorded and
readable; whoever reads a figure "as of" a moment takes the latest amendment at or before
that moment (`amended_values` for one record, `amended_numbers` inside a coverage query).
Amendments and their values are audited rows like any other (relief.audit.state).
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import case, func, literal_column, select

from relief.audit.models import Amendment, AmendmentValue
from relief.audit.services import record
from relief.audit.state import ROWS, state_of
from relief.core.errors import ConflictError, DomainError
from relief.core.models import utcnow
from relief.extensions import db

ENTITIES = ("shipment", "receipt", "assessment")
REASON_MIN = 10


@dataclass(frozen=True)
class Change:
    """One field of one row, as the amendment changes it."""

    target: str  # table name
    row_id: int
    field: str
    old: object
    new: object
    number: float | None = None  # the new value where SQL computes with it


def check_reason(reason: str | None) -> str:
    """The reason, stripped; refused (422) when shorter than REASON_MIN characters."""
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        message = _("Alasan koreksi wajib diisi (paling sedikit %(n)s karakter).", n=REASON_MIN)
        raise DomainError(_("Koreksi tidak dapat dicatat."), {"reason": [message]})
    return reason


def revision(entity: str, entity_id: int) -> int:
    """The target's current revision: 1 for the original, +1 per amendment."""
    count = db.session.scalar(
        select(func.count(Amendment.id)).where(
            Amendment.entity == entity, Amendment.entity_id == entity_id
        )
    )
    return 1 + int(count or 0)


def check_revision(entity: str, entity_id: int, seen: int) -> int:
    """The next revision number; 409 when the client did not see the current one."""
    current = revision(entity, entity_id)
    if seen != current:
        raise ConflictError(
            _("Data ini sudah dikoreksi orang lain; muat ulang halaman lalu coba lagi."),
            {"revision": [_("Versi usang.")]},
        )
    return current + 1


def record_amendment(
    entity: str,
    entity_id: int,
    event_id: int,
    village_code: str,
    reason: str,
    changed: list[Change],
    next_revision: int,
    user=None,
    at: datetime | None = None,
) -> Amendment:
    """Add one amendment with its values (flushed, audited); refused when nothing changed."""
    if entity not in ENTITIES:
        raise ValueError(entity)
    if not changed:
        raise DomainError(
            _("Koreksi tidak dapat dicatat."),
            {"reason": [_("Tidak ada angka atau isian yang berubah.")]},
        )
    now = utcnow()
    at = at or now
    amendment = Amendment(
        entity=entity,
        entity_id=entity_id,
        revision=next_revision,
        event_id=event_id,
        village_code=village_code,
        reason=reason,
        at=at,
        recorded_at=now,
        by_user_id=user.id if user is not None else None,
        by=user.username if user is not None else "system",
        values=[
            AmendmentValue(
                event_id=event_id,
                target=c.target,
                row_id=c.row_id,
                field=c.field,
                old_value=_json(c.old),
                new_value=_json(c.new),
                number=c.number,
                at=at,
            )
            for c in changed
        ],
    )
    db.session.add(amendment)
    db.session.flush()
    _forget_listed_amendments(entity, entity_id)
    record(
        f"amend_{entity}",
        entity,
        entity_id,
        {
            "revision": next_revision,
            "reason": reason,
            "at": at.isoformat(),
            "changes": [[c.target, c.row_id, c.field, c.old, c.new] for c in changed],
            ROWS: state_of(amendment, *amendment.values),
        },
        actor=amendment.by if user is not None else None,
    )
    return amendment


def _forget_listed_amendments(entity: str, entity_id: int) -> None:
    """A target loaded in this session lists its amendments afresh (its read-only
    `amendments`, where its model has one) after a new one was added."""
    for mapper in db.Model.registry.mappers:
        if mapper.local_table.name != entity or "amendments" not in mapper.relationships:
            continue
        target = db.session.identity_map.get(db.session.identity_key(mapper.class_, entity_id))
        if target is not None:
            db.session.expire(target, ["amendments"])


def _json(value) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def amendments_of(entity: str, entity_id: int) -> list[Amendment]:
    """A target's amendments, oldest first, with their values."""
    stmt = (
        select(Amendment)
        .where(Amendment.entity == entity, Amendment.entity_id == entity_id)
        .order_by(Amendment.revision)
    )
    return list(db.session.scalars(stmt))


def amendments_in(
    event_id: int, village_code: str, until: datetime | None = None
) -> list[Amendment]:
    """Every amendment to a village's records in an event (up to `until`), oldest first."""
    stmt = select(Amendment).where(
        Amendment.event_id == event_id, Amendment.village_code == village_code
    )
    if until is not None:
        stmt = stmt.where(Amendment.at <= until)
    return list(db.session.scalars(stmt.order_by(Amendment.at, Amendment.id)))


def amended_values(target: str, row_ids, as_of: datetime | None = None) -> dict:
    """(row id, field) -> the latest amended value at or before `as_of` (None: now)."""
    ids = sorted(set(row_ids))
    if not ids:
        return {}
    stmt = (
        select(AmendmentValue.row_id, AmendmentValue.field, AmendmentValue.new_value)
        .where(AmendmentValue.target == target, AmendmentValue.row_id.in_(ids))
        .order_by(AmendmentValue.at, AmendmentValue.id)
    )
    if as_of is not None:
        stmt = stmt.where(AmendmentValue.at <= as_of)
    # Ordered oldest first: a later amendment of a field overwrites an earlier one.
    return {(row_id, field): json.loads(value) for row_id, field, value in db.session.execute(stmt)}


def effective(row, target: str, fields, values: dict) -> dict:
    """A row's fields as amended (`values` from `amended_values`), else as recorded."""
    return {f: values.get((row.id, f), getattr(row, f)) for f in fields}


def _constant(name: str):
    """A table or field name from the code as an SQL literal, not a bound parameter: a
    coverage statement stays within a few bound values however many fields it reads."""
    if not re.fullmatch(r"[a-z_]+", name):
        raise ValueError(name)
    return literal_column(f"'{name}'")


def amended_numbers(target: str, fields: tuple[str, ...], event_id, as_of, name: str):
    """Subquery (row_id, one column per field): each row's latest amended number at or
    before `as_of` (NULL where a field was never amended); `event_id` and `as_of` are
    the calling statement's bound parameters."""
    ranked = (
        select(
            AmendmentValue.row_id,
            AmendmentValue.field,
            AmendmentValue.number,
            func.row_number()
            .over(
                partition_by=(AmendmentValue.row_id, AmendmentValue.field),
                order_by=(AmendmentValue.at.desc(), AmendmentValue.id.desc()),
            )
            .label("arn"),
        )
        .where(
            AmendmentValue.event_id == event_id,
            AmendmentValue.target == _constant(target),
            AmendmentValue.field.in_([_constant(f) for f in fields]),
            AmendmentValue.at <= as_of,
        )
        .subquery(f"{name}_ranked")
    )
    return (
        select(
            ranked.c.row_id,
            *[
                func.max(case((ranked.c.field == _constant(f), ranked.c.number))).label(f)
                for f in fields
            ],
        )
        .where(ranked.c.arn == 1)
        .group_by(ranked.c.row_id)
        .subquery(name)
    )


@dataclass(frozen=True)
class AmendedFigures:
    """Rows' fields as amended, for evidence: `value` says the figure, `marked` whether an
    amendment changed it."""

    values: dict  # target -> {(row id, field): value}

    def value(self, target: str, row, field: str):
        """The field as amended, else as recorded."""
        return self.values.get(target, {}).get((row.id, field), getattr(row, field))

    def marked(self, target: str, row, field: str) -> bool:
        """Whether an amendment changed the field."""
        return (row.id, field) in self.values.get(target, {})


def amended_figures(row_ids: dict[str, list[int]], as_of: datetime | None = None) -> AmendedFigures:
    """The amended fields of rows by table (`{"shipment_item": [ids], ...}`)."""
    return AmendedFigures(
        {target: amended_values(target, ids, as_of) for target, ids in row_ids.items()}
    )
