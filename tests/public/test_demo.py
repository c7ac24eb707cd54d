"""The demo step files illustrative reports, including a not-received pattern in one village."""

import random
from datetime import UTC, datetime

from sqlalchemy import func, select

from relief.complaints.models import ResidentReport
from relief.coverage.models import Assessment
from relief.demo import events as event_demo
from relief.demo import public as demo
from relief.extensions import db


def test_demo_files_three_not_received_reports_in_one_village_and_no_contacts(app_ctx):
    event_demo.load(random.Random(1))
    for code in ("36.02.25.2003", "36.02.25.2004"):
        db.session.add(
            Assessment(
                event_id=event_demo.demo_event().id,
                village_code=code,
                assessed_at=datetime(2020, 1, 2, tzinfo=UTC),
                severity=5,
                displaced_persons=100,
            )
        )
    db.session.flush()
    assert "6 residents' reports" in demo.load(random.Random(1))
    counts = db.session.execute(
        select(ResidentReport.village_code, func.count())
        .where(ResidentReport.category == "not_received")
        .group_by(ResidentReport.village_code)
    ).all()
    assert counts == [("36.02.25.2003", 3)]
    assert db.session.scalar(select(func.count()).where(ResidentReport.contact.is_not(None))) == 0
    assert demo.load(random.Random(1)) == "reports exist"
