"""Compliance per unit on a constructed case (issue 15, item 6)."""

from datetime import UTC, datetime, timedelta

import pytest

from relief.alerts.models import Alert
from relief.complaints.models import ReportAnswer, ResidentReport
from relief.extensions import db
from relief.ombudsman.compliance import Deadline, compliance_band, deadline_counts, median_hours
from relief.organisations.models import Organisation
from tests.coverage.conftest import BANJARSARI, LEBAK

T0 = datetime(2020, 1, 2, tzinfo=UTC)
NOW = datetime(2020, 1, 20, tzinfo=UTC)


def test_deadlines_count_when_met_or_past_due_and_not_before():
    deadlines = [
        Deadline(T0 + timedelta(days=3), T0 + timedelta(days=1)),  # met
        Deadline(T0 + timedelta(days=3), T0 + timedelta(days=5)),  # late
        Deadline(T0 + timedelta(days=3), None),  # missed (past due at NOW)
        Deadline(NOW + timedelta(days=1), None),
    ]  # not due yet: not counted
    assert deadline_counts(deadlines, NOW) == (1, 3)


@pytest.mark.parametrize(
    ("met", "counted", "band"),
    [
        (0, 0, None),
        (5, 5, "green"),
        (81, 100, "green"),
        (80, 100, "yellow"),
        (51, 100, "yellow"),
        (1, 2, "red"),
        (0, 3, "red"),
    ],
)
def test_compliance_band_uses_the_coverage_thresholds(met, counted, band):
    assert compliance_band(met, counted)[1] == band


def test_median_hours_skips_alerts_without_a_response():
    assert (
        median_hours([(T0, T0 + timedelta(hours=10)), (T0, None), (T0, T0 + timedelta(hours=30))])
        == 20.0
    )
    assert median_hours([(T0, None)]) is None


def _alert(event_id, n, responded_after_h, closed_after_d, state):
    return Alert(
        kind="undersupplied",
        event_id=event_id,
        village_code=BANJARSARI,
        regency_code=LEBAK,
        commodity_code="rice",
        level="critical",
        category="penundaan_berlarut",
        suggested_category="penundaan_berlarut",
        fingerprint=f"compliance-{event_id}-{n}",
        facts={},
        opening_facts={},
        opened_at=T0,
        evaluated_at=T0,
        version=1,
        response_due_at=T0 + timedelta(days=3),
        resolution_due_at=T0 + timedelta(days=14),
        responded_at=None if responded_after_h is None else T0 + timedelta(hours=responded_after_h),
        closed_at=None if closed_after_d is None else T0 + timedelta(days=closed_after_d),
        state=state,
    )


def test_a_constructed_unit_scores_the_share_of_its_deadlines_met(
    app, client, login_as, make_event
):
    event = make_event(scenario_at=NOW)
    unit = Organisation(
        name="BPBD Lebak (kepatuhan)", kind="bpbd", regency_codes=[LEBAK], active=True
    )
    elsewhere = Organisation(
        name="BPBD Serang (kepatuhan)", kind="bpbd", regency_codes=["36.04"], active=True
    )
    db.session.add_all([unit, elsewhere])
    db.session.flush()
    db.session.add_all(
        [
            _alert(event.id, 1, 10, 5, "resolved"),  # response and resolution in time: 2 of 2
            _alert(event.id, 2, 100, None, "acknowledged"),  # late response, unresolved past due
            _alert(event.id, 3, 30, 20, "resolved"),  # response in time, resolved late
        ]
    )
    answered = ResidentReport(
        tracking_code="CMPLC-AAAAA",
        event_id=event.id,
        village_code=BANJARSARI,
        category="not_received",
        text="t",
        state="answered",
        organisation_id=unit.id,
        forwarded_at=T0,
        answer_due_at=T0 + timedelta(days=14),
    )
    late = ResidentReport(
        tracking_code="CMPLC-BBBBB",
        event_id=event.id,
        village_code=BANJARSARI,
        category="not_received",
        text="t",
        state="forwarded",
        organisation_id=unit.id,
        forwarded_at=T0,
        answer_due_at=T0 + timedelta(days=14),
    )
    db.session.add_all([answered, late])
    db.session.flush()
    db.session.add(
        ReportAnswer(
            report_id=answered.id,
            organisation_id=unit.id,
            text="ok",
            answered_at=T0 + timedelta(days=2),
        )
    )
    event_id = event.id
    db.session.commit()
    login_as("ombudsman")
    rows = {r["name"]: r for r in client.get(f"/api/v1/compliance?event_id={event_id}").json}
    mine = rows["BPBD Lebak (kepatuhan)"]
    assert (mine["alerts"], mine["responded_on_time"], mine["responses_due"]) == (3, 2, 3)
    assert (mine["resolved_on_time"], mine["resolutions_due"]) == (1, 3)
    assert (mine["complaints"], mine["answered_on_time"], mine["answers_due"]) == (2, 1, 2)
    assert mine["median_response_hours"] == 30.0
    assert mine["score"] == pytest.approx(4 / 8) and mine["band"] == "red"
    other = rows["BPBD Serang (kepatuhan)"]
    assert other["alerts"] == 0 and other["band"] is None  # nothing was due
    page = client.get(f"/compliance?event_id={event_id}")
    assert page.status_code == 200 and b"BPBD Lebak (kepatuhan)" in page.data
    xlsx = client.get(f"/api/v1/compliance.xlsx?event_id={event_id}")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    pdf = client.get(f"/api/v1/compliance.pdf?event_id={event_id}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_compliance_is_for_the_ombudsman_and_admins(client, login_as):
    login_as("logistics")
    assert client.get("/api/v1/compliance").status_code == 403
    assert client.get("/compliance").status_code == 403
