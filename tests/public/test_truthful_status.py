"""A complaint's status page shows only the steps that happened, each with its date; a
forward names the receiving unit and cannot be recorded without one."""

from sqlalchemy import select

from relief.complaints.models import ResidentReport
from relief.extensions import db
from relief.public.services import act_on_report
from relief.unit_of_work import commit_write


def _page(client, code: str) -> str:
    return client.get(f"/lapor/{code}").get_data(as_text=True)


def test_an_answered_report_never_shows_a_forward_that_did_not_happen(client, app, make_report):
    code = make_report()
    with app.app_context():
        report = db.session.scalar(select(ResidentReport))
        act_on_report(report, "reply", reply="Beras dikirim besok pagi.")
        commit_write()
    page = _page(client, code)
    assert "Sudah dijawab" in page
    assert "Diteruskan" not in page
    assert page.count("<time") == 2  # received and answered, each with its date
