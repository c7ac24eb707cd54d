"""Run the rules for an event (all villages, or only those a write touched) and keep alerts.

One alert per fingerprint: a finding opens it or refreshes its facts; a fingerprint in scope
that no longer fires records `condition_cleared_at` and stays until the Ombudsman acts.
"""

from datetime import datetime, timedelta

from sqlalchemy import func, inspect, select

from relief.alerts import notify
from relief.alerts.feeds import FEEDS, FeedInputs, regency_of
from relief.alerts.models import ACTIVE_STATES, Alert, AlertAction, fingerprint_of
from relief.alerts.rules import RULES, Finding
from relief.alerts.settings import setting, thresholds
from relief.areas.models import Area
from relief.audit.services import record
from relief.audit.state import ROWS, state_of
from relief.core import changes as noted
from relief.core.database import CUSTOM_PLAN
from relief.core.models import code_prefix, utcnow
from relief.events.models import Event
from relief.extensions import db

SYSTEM = "sistem"
NEW_ACTIONS = "alert_actions_added"  # Session.info key: system actions of the current run


def jsonable(value):
    """Facts as JSON-safe values (datetimes as ISO text, tuples as lists)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 3)
    return value


def _system_action(
    alert: Alert, action: str, at: datetime, note: str = "", to_state: str | None = None
) -> None:
    entry = AlertAction(
        actor=SYSTEM,
        role="system",
        at=at,
        action=action,
        note=note,
        from_state=alert.state if to_state else None,
        to_state=to_state,
    )
    alert.actions.append(entry)
    # Collected for the run's audit entry (autoflushes empty `session.new` along the way).
    db.session.info.setdefault(NEW_ACTIONS, []).append(entry)


def _audit_batch(
    event_id: int,
    as_of: datetime,
    changes: list[tuple[Alert, str]],
    touched: list,
    actions: list[AlertAction],
) -> None:
    """One audit entry per evaluation run listing every alert it opened or changed.

    Its rows hold the new state of every alert the run wrote (refreshed facts included) and
    of the system actions it added. (One entry per alert took ~0.1 s each under load: 500
    demo alerts spent a minute there.)
    """
    if not changes and not touched and not actions:
        return
    record(
        "alert.evaluate",
        "event",
        event_id,
        {
            "as_of": as_of.isoformat(),
            "changes": [
                [a.id, change, a.fingerprint, a.level, a.state, a.facts] for a, change in changes
            ],
            ROWS: state_of(
                *{id(a): a for a in [a for a, _ in changes] + touched}.values(), *actions
            ),
        },
    )


_WATCHED = (
    "facts",
    "level",
    "category",
    "suggested_category",
    "condition_cleared_at",
    "state",
    "closed_at",
    "response_due_at",
    "resolution_due_at",
)


def _written(alert: Alert) -> bool:
    """Whether a refresh changed more than the bookkeeping `evaluated_at`."""
    attrs = inspect(alert).attrs
    return any(attrs[name].history.has_changes() for name in _WATCHED)


def _open(kind: str, event_id: int, row: dict, finding: Finding, at: datetime) -> Alert:
    village = row["village_code"]
    alert = Alert(
        fingerprint=fingerprint_of(kind, event_id, village, row["commodity_code"]),
        kind=kind,
        event_id=event_id,
        village_code=village,
        regency_code=regency_of(village),
        commodity_code=row["commodity_code"],
        level=finding.level,
        category=finding.category,
        suggested_category=finding.category,
        opening_facts=jsonable(finding.facts),
        facts=jsonable(finding.facts),
        opened_at=at,
        evaluated_at=at,
        state="open",
        response_due_at=at + timedelta(days=setting("ALERT_RESPONSE_DAYS")),
        resolution_due_at=at + timedelta(days=setting("ALERT_RESOLUTION_DAYS")),
    )
    _system_action(alert, "open", at, to_state="open")
    alert.actions[-1].from_state = None
    db.session.add(alert)
    return alert


def _refresh(alert: Alert, finding: Finding, at: datetime) -> str:
    """Update an existing alert from a fresh finding; answers what changed."""
    change = "refreshed"
    facts = jsonable(finding.facts)
    if alert.facts != facts:
        alert.facts = facts
    if alert.condition_cleared_at is not None:
        alert.condition_cleared_at = None
        if alert.state not in ACTIVE_STATES:
            _system_action(alert, "recur", at, to_state="open")
            alert.state, alert.closed_at = "open", None
            alert.response_due_at = at + timedelta(days=setting("ALERT_RESPONSE_DAYS"))
            alert.resolution_due_at = at + timedelta(days=setting("ALERT_RESOLUTION_DAYS"))
            change = "reopened"
        else:
            _system_action(alert, "recur", at)
            change = "recurred"
    if alert.level == "warning" and finding.level == "critical":
        alert.level = "critical"
        _system_action(alert, "escalate", at)
        change = "escalated" if change == "refreshed" else change
    elif alert.level != finding.level:
        alert.level = finding.level
    if finding.category != alert.suggested_category:
        if alert.category == alert.suggested_category:  # the Ombudsman has not chosen one
            alert.category = finding.category
        alert.suggested_category = finding.category
    alert.evaluated_at = at
    return change


def _clear(alert: Alert, at: datetime) -> None:
    alert.condition_cleared_at = at
    alert.evaluated_at = at
    _system_action(alert, "clear", at)


def _existing(
    event_id: int, kinds: list[str], scope: set[str] | None, province: str | None = None
) -> dict[str, Alert]:
    stmt = select(Alert).where(Alert.event_id == event_id, Alert.kind.in_(kinds))
    if scope is not None:
        stmt = stmt.where(Alert.village_code.in_(sorted(scope)))
    elif province is not None:  # village and regency alerts alike carry the regency's code
        stmt = stmt.where(code_prefix(Alert.regency_code, f"{province}."))
        # planned for the province's own rows each time (relief.core.database)
        stmt = stmt.execution_options(**CUSTOM_PLAN)
    return {a.fingerprint: a for a in db.session.scalars(stmt)}


def _provinces() -> list[str]:
    """The province part of every village code: a whole-event run takes one at a time."""
    province = func.substr(Area.code, 1, 2)
    return list(
        db.session.scalars(
            select(province).where(Area.level == "village").distinct().order_by(province)
        )
    )


def _load_villages(codes: set[str], event_id: int, province: str | None) -> list[Area]:
    """The areas, loaded in a few queries; while the caller holds the list, the session's
    identity map answers `alert.village` without a query (it only keeps weak references).

    A province's part loads the villages with an alert there (a subquery, not a code list).
    """
    if province is not None and codes:
        alerted = select(Alert.village_code).where(
            Alert.event_id == event_id,
            code_prefix(Alert.regency_code, f"{province}."),
        )
        stmt = select(Area).where(Area.code.in_(alerted)).execution_options(**CUSTOM_PLAN)
        return list(db.session.scalars(stmt))
    ordered = sorted(codes)
    return [
        area
        for start in range(0, len(ordered), 900)
        for area in db.session.scalars(
            select(Area).where(Area.code.in_(ordered[start : start + 900]))
        )
    ]


def present(event_id: int) -> datetime:
    """The moment an evaluation of the event judges at: its replay moment, else now."""
    event = db.session.get(Event, event_id)
    return event.now() if event is not None else utcnow()


def parts() -> list[str | None]:
    """The provinces a whole-event run takes in turn (None: the areas carry no province)."""
    return _provinces() or [None]


def add_counts(total: dict[str, int], counts: dict[str, int]) -> dict[str, int]:
    """Add one part's counts to a run's."""
    for key, value in counts.items():
        total[key] = total.get(key, 0) + value
    return total


def evaluate(
    event_id: int,
    as_of: datetime | None = None,
    codes: set[str] | None = None,
    kinds: list[str] | None = None,
    province: str | None = None,
) -> dict[str, int]:
    """Evaluate rules for an event; returns counts of opened, refreshed, cleared ... alerts.

    `as_of` defaults to the event's present (`present`). `codes` limits the run to the
    villages a write touched; `province` to one province's villages. With neither, every
    village is evaluated, one province at a time: each part reads, decides, flushes and lets
    go of its alerts before the next, so no statement carries a list of village codes and
    the rows held stay bounded by the largest province's. The audit entry of each part (its
    alerts' new state, about 1.1 kB per alert opened) waits for the commit, so one
    transaction over a country holds all of them: the jobs and the command commit each
    province on its own (relief.alerts.tasks.evaluate_by_province).
    """
    as_of = as_of or present(event_id)
    kinds = list(kinds or RULES)
    if codes is not None:
        return _evaluate_part(event_id, as_of, kinds, codes=set(codes))
    if province is not None:
        return _evaluate_part(event_id, as_of, kinds, province=province)
    counts: dict[str, int] = {}
    for part in parts():
        add_counts(counts, _evaluate_part(event_id, as_of, kinds, province=part))
    return counts


def _evaluate_part(
    event_id: int,
    as_of: datetime,
    kinds: list[str],
    codes: set[str] | None = None,
    province: str | None = None,
) -> dict[str, int]:
    """One run over touched villages, one province, or (neither) everything."""
    t = thresholds()
    scope = None
    if codes is not None:
        scope = set(codes) | {regency_of(c) for c in codes}
    existing = _existing(event_id, kinds, scope, province)
    db.session.info.pop(NEW_ACTIONS, None)
    inputs = FeedInputs(event_id, as_of, codes, kinds, province)  # shared reads, once
    counts = {
        "opened": 0,
        "refreshed": 0,
        "recurred": 0,
        "reopened": 0,
        "escalated": 0,
        "cleared": 0,
    }
    changes: list[tuple[Alert, str]] = []
    touched: list[Alert] = []
    for kind in kinds:
        rule = RULES[kind]
        seen = set()
        for row in FEEDS[kind](inputs, t):
            finding = rule.check(row, t)
            if finding is None:
                continue
            fp = fingerprint_of(kind, event_id, row["village_code"], row["commodity_code"])
            seen.add(fp)
            if fp in existing:
                change = _refresh(existing[fp], finding, as_of)
                alert = existing[fp]
            else:
                change, alert = "opened", _open(kind, event_id, row, finding, as_of)
                existing[fp] = alert
            counts[change] += 1
            if change != "refreshed":
                changes.append((alert, change))
            elif _written(alert):
                touched.append(alert)
        for fp, alert in existing.items():
            if alert.kind == kind and fp not in seen and alert.condition_cleared_at is None:
                _clear(alert, as_of)
                counts["cleared"] += 1
                changes.append((alert, "cleared"))
    db.session.flush()
    actions = db.session.info.pop(NEW_ACTIONS, [])  # ids for the audit entry and the notifications
    announced = [(a, c) for a, c in changes if c in ("opened", "escalated", "reopened")]
    # The messages name each village: load them in one query, and keep the session from
    # flushing each queued message on its own (that was a third of a full evaluation).
    villages = _load_villages({a.village_code for a, _ in announced}, event_id, province)  # noqa: F841 - held
    with db.session.no_autoflush:
        for alert, change in announced:
            notify.enqueue(alert, change)
    _audit_batch(event_id, as_of, changes, touched, actions)
    if changes:
        noted.note_villages(
            noted.ALERTS,
            "alert.evaluate",
            event_id,
            {a.village_code for a, _ in changes if a.village_code},
        )
    return counts
