"""Record assessments: severity by the default policy unless the assessor overrides it."""

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from flask_login import current_user

from relief.areas.models import Area
from relief.audit.overrides import record_overrides, refuse_unless_overridden, threshold
from relief.audit.services import record
from relief.audit.state import ROWS, state_of
from relief.auth.scope import check_area
from relief.core import changes, plausibility
from relief.core.errors import DomainError
from relief.core.models import utcnow
from relief.coverage.models import Assessment
from relief.coverage.schemas import COUNT_FIELDS
from relief.coverage.severity import default_severity, policy_from_config
from relief.events.models import Event
from relief.events.services import check_takes_writes
from relief.extensions import db


def _writer():
    """The signed-in user writing, or None (commands, the demo)."""
    try:
        return current_user if current_user and current_user.is_authenticated else None
    except RuntimeError:  # outside a request
        return None


def _recorder_id() -> int | None:
    user = _writer()
    return user.id if user is not None else None


def _check_refs(event_id: int, village_code: str) -> tuple[Event, Area]:
    event = db.session.get(Event, event_id)
    if event is None:
        raise DomainError(_("Kejadian tidak dikenal."), {"event_id": [_("Tidak dikenal.")]})
    village = db.session.get(Area, village_code)
    if village is None or village.level != "village":
        raise DomainError(_("Desa tidak dikenal."), {"village_code": [_("Bukan kode desa.")]})
    return event, village


def build_assessment(data: dict, is_demo: bool = False) -> Assessment:
    """An unsaved Assessment from validated input; severity computed unless overridden.

    A staff write must target a live event and a village inside the writer's scope.
    """
    event, village = _check_refs(data["event_id"], data["village_code"])
    if not is_demo and (writer := _writer()) is not None:
        check_takes_writes(event)
        check_area(writer, village.code, field="village_code")
    counts = {name: int(data.get(name) or 0) for name in COUNT_FIELDS}
    override = data.get("severity")
    if override is None:
        severity = default_severity(
            population=village.population,
            affected=counts["affected_persons"],
            displaced=counts["displaced_persons"],
            houses_heavy=counts["houses_heavy"],
            deaths=counts["deaths"],
            policy=policy_from_config(current_app.config),
        )
    else:
        severity = int(override)
    assessed_at: datetime = data.get("assessed_at") or utcnow()
    if assessed_at > utcnow():
        raise DomainError(_("Waktu asesmen di masa depan."), {"assessed_at": [_("Di masa depan.")]})
    if not is_demo:
        event = db.session.get(Event, data["event_id"])
        refuse_unless_overridden(
            plausibility.assessment(
                village.population,
                counts,
                assessed_at,
                event.started_on,
                None,
                utcnow(),
                threshold("PLAUSIBILITY_DAYS_BEFORE_EVENT"),
            ),
            data.get("override_reason"),
        )
    return Assessment(
        event_id=data["event_id"],
        village_code=village.code,
        assessed_at=assessed_at,
        flood_depth_cm=data.get("flood_depth_cm"),
        source=data.get("source") or "",
        severity=severity,
        severity_override_reason=(data.get("severity_reason") or "").strip() or None
        if override is not None
        else None,
        recorded_by_id=_recorder_id(),
        is_demo=is_demo,
        **counts,
    )


def _audit(assessment: Assessment) -> None:
    payload = {
        "event_id": assessment.event_id,
        "village_code": assessment.village_code,
        "assessed_at": assessment.assessed_at.isoformat(),
        "severity": assessment.severity,
        "severity_override_reason": assessment.severity_override_reason,
        "source": assessment.source,
        **{name: getattr(assessment, name) for name in COUNT_FIELDS},
        ROWS: state_of(assessment),
    }
    record("assessment.record", "assessment", assessment.id, payload)


def _findings(assessment: Assessment) -> list:
    """The guards an overridden assessment passed only with its reason."""
    area = db.session.get(Area, assessment.village_code)
    event = db.session.get(Event, assessment.event_id)
    counts = {name: getattr(assessment, name) for name in COUNT_FIELDS}
    return plausibility.assessment(
        area.population,
        counts,
        assessment.assessed_at,
        event.started_on,
        None,
        utcnow(),
        threshold("PLAUSIBILITY_DAYS_BEFORE_EVENT"),
    )


def record_assessments(
    rows: list[dict], sender: str = "record_assessment", is_demo: bool = False
) -> list[Assessment]:
    """Record several assessments in the caller's transaction; one signal per event."""
    saved = [build_assessment(row, is_demo=is_demo) for row in rows]
    db.session.add_all(saved)
    db.session.flush()
    for assessment, row in zip(saved, rows, strict=True):
        _audit(assessment)
        if (row.get("override_reason") or "").strip():
            record_overrides(
                _findings(assessment),
                row["override_reason"],
                "assessment",
                assessment.id,
                assessment.event_id,
                assessment.village_code,
            )
    by_event: dict[int, set[str]] = {}
    for assessment in saved:
        by_event.setdefault(assessment.event_id, set()).add(assessment.village_code)
    for event_id, codes in by_event.items():
        changes.note_villages(changes.ASSESSMENTS, sender, event_id, codes)
    return saved


def record_assessment(data: dict) -> Assessment:
    """Record one assessment (validated by AssessmentInSchema); audited and signalled."""
    return record_assessments([data])[0]
