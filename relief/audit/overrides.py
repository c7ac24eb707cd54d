"""Plausibility guards applied at a write: refuse, or keep the override and its reason."""

from flask import current_app
from flask_babel import gettext as _
from flask_login import current_user

from relief.audit.chain import canonical
from relief.audit.models import PlausibilityOverride
from relief.audit.services import record
from relief.audit.state import ROWS, state_of
from relief.core.errors import DomainError
from relief.core.models import utcnow
from relief.core.plausibility import DEFAULTS, OVERRIDE_FIELD, Finding
from relief.extensions import db


def threshold(name: str):
    """A guard's threshold from the config, else its documented default."""
    return current_app.config.get(name, DEFAULTS[name])


def refuse_unless_overridden(findings: list[Finding], reason: str | None) -> None:
    """Refuse (422, nothing written) when a guard found something and no reason was given."""
    if not findings or (reason or "").strip():
        return
    fields: dict = {f.field: [f.message] for f in findings}
    fields[OVERRIDE_FIELD] = [
        _(
            "Bila angka ini memang benar, isi alasan untuk mencatatnya; "
            "catatan itu ditandai untuk Ombudsman."
        )
    ]
    error = DomainError(_("Angka tidak masuk akal; tidak ada yang disimpan."), fields)
    error.code = "implausible"
    raise error


def _actor() -> str:
    try:
        if current_user and current_user.is_authenticated:
            return current_user.username
    except RuntimeError:
        pass
    return "system"


def record_overrides(
    findings: list[Finding],
    reason: str | None,
    entity: str,
    entity_id,
    event_id: int | None,
    village_code: str | None,
) -> list:
    """Keep each overridden finding with its reason (audited); nothing when none."""
    if not findings:
        return []
    now, by = utcnow(), _actor()
    rows = [
        PlausibilityOverride(
            guard=f.guard,
            entity=entity,
            entity_id=str(entity_id),
            event_id=event_id,
            village_code=village_code,
            facts=canonical(f.facts),
            reason=(reason or "").strip(),
            by=by,
            at=now,
        )
        for f in findings
    ]
    db.session.add_all(rows)
    db.session.flush()
    record(
        "plausibility.override",
        entity,
        entity_id,
        {
            "guards": [f.guard for f in findings],
            "reason": (reason or "").strip(),
            ROWS: state_of(*rows),
        },
    )
    return rows
