"""The resident hears of a unit's answer to a forwarded complaint when they left a contact:
an Indonesian e-mail through the job queue with an absolute link to their status page; no
message without a contact; a phone number waits for an SMS channel (the seam is tested)."""

import pytest
from sqlalchemy import select

from relief.alerts import channels as channel_registry
from relief.alerts.channels import Channel
from relief.alerts.models import NotificationAttempt
from relief.complaints.contact import contact_kind
from relief.extensions import db
from tests.alerts.sinks import start_smtp_sink
from tests.public.test_forwarding import VILLAGE, _token, unit  # noqa: F401 - fixture

ANSWER = "Beras 200 kg dikirim ke RT 03 pada 6 Januari."


@pytest.fixture
def mail(app, monkeypatch):
    """An SMTP sink the mail channels send to (settings restored after the test)."""
    sink = start_smtp_sink()
    for key, value in {
        "MAIL_HOST": "127.0.0.1",
        "MAIL_PORT": sink.server_address[1],
        "MAIL_FROM": "pantau@example.id",
        "MAIL_TO": "",
        "ALERT_NOTIFY_TIMEOUT_S": 2,
    }.items():
        monkeypatch.setitem(app.config, key, value)
    yield sink
    sink.shutdown()


def _answered(app, client, make_user, unit, contact: str | None) -> str:  # noqa: F811
    body = {
        "village_code": VILLAGE,
        "category": "not_received",
        "text": "Beras belum sampai ke RT kami sejak banjir.",
    }
    if contact is not None:
        body["contact"] = contact
    filed = client.post("/api/v1/reports", json=body)
    assert filed.status_code == 201, filed.json
    code = filed.json["tracking_code"]
    forwarded = client.post(
        f"/api/v1/reports/{code}/forward",
        headers=_token(app, make_user, "ombudsman"),
        json={"organisation_id": unit},
    )
    assert forwarded.status_code == 200, forwarded.json
    staff = _token(app, make_user, "logistics", organisation_id=unit)
    answered = client.post(f"/api/v1/reports/{code}/answers", headers=staff, json={"text": ANSWER})
    assert answered.status_code == 201, answered.json
    return code


def _resident_rows(app) -> list[NotificationAttempt]:
    with app.app_context():
        rows = db.session.scalars(
            select(NotificationAttempt).where(NotificationAttempt.topic == "answer")
        ).all()
        db.session.expunge_all()
        return list(rows)


def test_the_resident_is_mailed_in_indonesian_with_a_link_to_the_status_page(
    app, client, make_user, unit, mail
):  # noqa: F811
    code = _answered(app, client, make_user, unit, "warga.lebak@example.org")
    assert len(mail.messages) == 1  # sent by the job, after the answer's commit
    message = mail.messages[0]
    assert "warga.lebak@example.org" in message
    assert "Jawaban atas pengaduan Anda" in message and "BPBD Lebak (uji) telah menjawab" in message
    assert ANSWER in message
    assert f"https://pantau.example.id/lapor/{code}" in message
    [row] = _resident_rows(app)
    assert (row.channel, row.status) == ("resident_email", "sent")
    # Neither the contact nor the tracking code is copied into the message row.
    assert "warga.lebak" not in str(row.payload) and code not in str(row.payload)


def test_no_contact_means_no_message(app, client, make_user, unit, mail):  # noqa: F811
    _answered(app, client, make_user, unit, None)
    assert _resident_rows(app) == [] and mail.messages == []


def test_a_phone_number_waits_for_an_sms_channel_which_plugs_in_by_contact_kind(
    app, client, make_user, unit, mail, monkeypatch
):  # noqa: F811
    _answered(app, client, make_user, unit, "0812 3456 7890")
    assert _resident_rows(app) == [] and mail.messages == []  # no SMS channel exists yet
    sent = []

    class FakeSms(Channel):
        name = "resident_sms"

        def send(self, message) -> None:
            sent.append((message.recipient, message.body))

    monkeypatch.setitem(channel_registry.RESIDENT_CHANNELS, "phone", FakeSms())
    code = _answered(app, client, make_user, unit, "0812 3456 7890")
    assert [r.channel for r in _resident_rows(app)] == ["resident_sms"]
    assert sent and sent[0][0] == "0812 3456 7890"
    assert f"https://pantau.example.id/lapor/{code}" in sent[0][1]


def test_without_a_mail_host_nothing_is_queued(app, client, make_user, unit, monkeypatch):  # noqa: F811
    monkeypatch.setitem(app.config, "MAIL_HOST", "")
    _answered(app, client, make_user, unit, "warga@example.org")
    assert _resident_rows(app) == []


@pytest.mark.parametrize(
    ("contact", "kind"),
    [
        ("warga@example.org", "email"),
        (" Warga.Lebak@mail.co.id ", "email"),
        ("0812-3456-7890", "phone"),
        ("+62 812 3456 7890", "phone"),
        ("", None),
        (None, None),
        ("rumah pak RT", None),
        ("a@b", None),
    ],
)
def test_contact_kind(contact, kind):
    assert contact_kind(contact) == kind
