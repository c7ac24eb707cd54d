"""Corrections of an assessment as amendments (relief.audit.amendments).

The staff who may record an assessment of the village (logistics in their scope) and admins
amend it with a reason; the assessment row stays as recorded. The same plausibility guards
as at recording apply to the amended figures, and the severity follows them by the default
policy unless the assessor had set it (or the amendment sets it) by hand.
"""

from flask import current_app
from flask_babel import gettext as _

from relief.areas.models import Area
from relief.audit.amendments import (
    Change,
    amended_values,
    check_reason,
    check_revision,
    effective,
    record_amendment,
    revision,
)
from relief.audit.overrides import record_overrides, refuse_unless_overridden, threshold
from relief.auth.scope import check_area
from relief.core import changes, plausibility
from relief.core.errors import DomainError
from relief.core.models import utcnow
from relief.core.permissions import ADMIN
from relief.coverage.models import Assessment
from relief.coverage.schemas import COUNT_FIELDS
from relief.coverage.severity import default_severity, policy_from_config
from relief.events.models import Event
from relief.events.services import check_takes_writes
from relief.extensions import db

FIELDS = (*COUNT_FIELDS, "flood_depth_cm", "severity", "severity_override_reason", "source")
NUMERIC = frozenset({*COUNT_FIELDS, "flood_depth_cm", "severity"})


def assessment_revision(assessment: Assessment) -> int:
    """The assessment's revision (1 + its amendments)."""
    return revision("assessment", assessment.id)


def current_figures(assessment: Assessment, as_of=None) -> dict:
    """The assessment's figures as amended by `as_of` (None: now)."""
    return effective(
        assessment, "assessment", FIELDS, amended_values("assessment", [assessment.id], as_of)
    )


def _check_may_amend(assessment: Assessment, event: Event, user) -> None:
    if user is None:
        return
    check_takes_writes(event)
    if user.role != ADMIN:
        check_area(user, assessment.village_code, field="village_code")


def _new_figures(assessment: Assessment, village: Area, now: dict, data: dict) -> dict:
    new = {**now, **{f: data[f] for f in FIELDS if f in data and data[f] is not None}}
    if data.get("severity") is not None:
        new["severity_override_reason"] = data["severity_reason"].strip()
    manual = data.get("severity") is not None or new["severity_override_reason"]
    if not manual:
        new["severity"] = default_severity(
            population=village.population,
            affected=new["affected_persons"],
            displaced=new["displaced_persons"],
            houses_heavy=new["houses_heavy"],
            deaths=new["deaths"],
            policy=policy_from_config(current_app.config),
        )
    if new["displaced_persons"] > 0 and new["displaced_households"] == 0:
        raise DomainError(
            _("Koreksi tidak dapat dicatat."),
            {"displaced_households": [_("Isi jumlah KK pengungsi bila ada pengungsi.")]},
        )
    return new


def amend_assessment(assessment: Assessment, data: dict, user=None, at=None):
    """Correct an assessment's figures with a reason; coverage uses them from `at` on."""
    event = db.session.get(Event, assessment.event_id)
    _check_may_amend(assessment, event, user)
    if data.get("severity") is not None and not (data.get("severity_reason") or "").strip():
        raise DomainError(
            _("Koreksi tidak dapat dicatat."),
            {
                "severity_reason": [
                    _("Alasan wajib diisi bila tingkat keparahan ditetapkan manual.")
                ]
            },
        )
    reason = check_reason(data.get("reason"))
    next_revision = check_revision("assessment", assessment.id, data["revision"])
    village = db.session.get(Area, assessment.village_code)
    now = current_figures(assessment)
    new = _new_figures(assessment, village, now, data)
    counts = {name: int(new[name]) for name in COUNT_FIELDS}
    implausible = plausibility.assessment(
        village.population,
        counts,
        assessment.assessed_at,
        event.started_on,
        None,
        utcnow(),
        threshold("PLAUSIBILITY_DAYS_BEFORE_EVENT"),
    )
    refuse_unless_overridden(implausible, data.get("override_reason"))
    changed = []
    for field in FIELDS:
        old, value = now[field], new[field]
        if old == value:
            continue
        number = float(value) if field in NUMERIC and value is not None else None
        changed.append(Change("assessment", assessment.id, field, old, value, number))
    amendment = record_amendment(
        "assessment",
        assessment.id,
        assessment.event_id,
        assessment.village_code,
        reason,
        changed,
        next_revision,
        user,
        at,
    )
    record_overrides(
        implausible,
        data.get("override_reason"),
        "assessment",
        assessment.id,
        assessment.event_id,
        assessment.village_code,
    )
    changes.note_villages(
        changes.ASSESSMENTS, "amend_assessment", assessment.event_id, {assessment.village_code}
    )
    return amendment
