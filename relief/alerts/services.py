"""Case follow-up: who may do what to an alert, in which state (one transition table)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _

from relief.alerts.categories import CATEGORIES
from relief.alerts.models import STATES, Alert, AlertAction
from relief.alerts.settings import setting
from relief.audit.services import record
from relief.audit.state import ROWS, state_of
from relief.auth.scope import check_area, covers
from relief.core import changes
from relief.core.errors import ConflictError, DomainError
from relief.core.models import utcnow
from relief.core.permissions import LOGISTICS, OMBUDSMAN
from relief.extensions import db


@dataclass(frozen=True)
class Step:
    """Who may take an action, from which states, to which state (None: unchanged)."""

    roles: frozenset
    from_states: frozenset
    to_state: str | None
    needs_note: bool = False


ACTIVE = frozenset({"open", "acknowledged"})
CLOSED = frozenset({"resolved", "dismissed"})
STEPS: dict[str, Step] = {
    "acknowledge": Step(frozenset({LOGISTICS}), frozenset({"open"}), "acknowledged"),
    "respond": Step(frozenset({LOGISTICS}), ACTIVE, "acknowledged", needs_note=True),
    "resolve": Step(frozenset({OMBUDSMAN}), ACTIVE, "resolved"),
    "dismiss": Step(frozenset({OMBUDSMAN}), ACTIVE, "dismissed", needs_note=True),
    "reopen": Step(frozenset({OMBUDSMAN}), CLOSED, "open"),
    "comment": Step(frozenset({LOGISTICS, OMBUDSMAN}), frozenset(STATES), None, needs_note=True),
}


def in_case_scope(alert: Alert, user) -> bool:
    """Whether the user may act on the alert's area: logistics only within its area codes."""
    return user.role != LOGISTICS or covers(user.area_codes, alert.village_code)


def check_case_scope(alert: Alert, user) -> None:
    """Refuse (403) a logistics action on an alert outside the account's area codes.

    The same check as shipment writes (relief.auth.scope); the Ombudsman reads and acts
    province-wide, so only logistics accounts are scoped.
    """
    if in_case_scope(alert, user):
        return
    check_area(
        user,
        alert.village_code,
        field="action",
        refusal=_(
            "Peringatan ini untuk wilayah %(code)s, di luar wilayah kerja akun Anda (%(scope)s): "
            "hanya staf logistik wilayah itu yang dapat menindaklanjutinya."
        ),
    )


def allowed_actions(alert: Alert, user) -> list[str]:
    """The actions a user may take on the alert in its current state and scope (for forms)."""
    if not in_case_scope(alert, user):
        return []
    return [
        name
        for name, step in STEPS.items()
        if user.role in step.roles and alert.state in step.from_states
    ]


def act(
    alert: Alert,
    action: str,
    user,
    note: str = "",
    category: str | None = None,
    planned_delivery: datetime | None = None,
    at: datetime | None = None,
) -> AlertAction:
    """Take one case action: 403 for a role that may not, 409 for a state that does not allow."""
    step = STEPS.get(action)
    if step is None:
        raise DomainError(_("Tindakan tidak dikenal."), fields={"action": [_("Tidak dikenal.")]})
    if user.role not in step.roles or (category and user.role != OMBUDSMAN):
        raise DomainError(_("Peran Anda tidak boleh melakukan tindakan ini."), status=403)
    check_case_scope(alert, user)
    if alert.state not in step.from_states:
        raise ConflictError(
            _("Tindakan ini tidak berlaku untuk peringatan berstatus %(s)s.", s=alert.state)
        )
    note = (note or "").strip()
    if step.needs_note and not note:
        raise DomainError(_("Catatan wajib diisi."), fields={"note": [_("Wajib diisi.")]})
    if action == "resolve" and alert.level == "critical" and not note:
        # A critical case is closed on the record: say what was done about it.
        raise DomainError(
            _("Peringatan kritis hanya dapat diselesaikan dengan catatan."),
            fields={"note": [_("Tulis apa yang sudah dilakukan.")]},
        )
    if category is not None and category not in CATEGORIES:
        raise DomainError(_("Kategori tidak dikenal."), fields={"category": [_("Tidak dikenal.")]})
    now = at or utcnow()
    entry = AlertAction(
        actor_id=user.id,
        actor=user.username,
        role=user.role,
        at=now,
        action=action,
        note=note,
        category=category,
        planned_delivery=planned_delivery,
        from_state=alert.state,
        to_state=step.to_state or alert.state,
    )
    alert.actions.append(entry)
    _apply(alert, action, step, now, category)
    db.session.flush()
    record(
        f"alert.{action}",
        "alert",
        alert.id,
        {
            "from": entry.from_state,
            "to": entry.to_state,
            "note": note,
            "category": category,
            "planned_delivery": planned_delivery.isoformat() if planned_delivery else None,
            "version": alert.version,
            ROWS: state_of(alert, entry),
        },
    )
    changes.note_villages(changes.ALERTS, f"alert.{action}", alert.event_id, {alert.village_code})
    return entry


def _apply(alert: Alert, action: str, step: Step, now: datetime, category: str | None) -> None:
    if category:
        alert.category = category
    if step.to_state is None:
        return
    if action in ("acknowledge", "respond") and alert.responded_at is None:
        alert.responded_at = now
    if step.to_state in CLOSED:
        alert.closed_at = now
    if action == "reopen":
        alert.closed_at = None
        # Deadlines run on the event's clock, so a reopened replayed case is not born overdue.
        start = alert.judged_at(now)
        alert.response_due_at = start + timedelta(days=setting("ALERT_RESPONSE_DAYS"))
        alert.resolution_due_at = start + timedelta(days=setting("ALERT_RESOLUTION_DAYS"))
    alert.state = step.to_state
