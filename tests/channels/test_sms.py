"""The SMS/WhatsApp channel against a local fake gateway: signatures, each command, the rate
limit per sender, and replies sent through the job queue to the outbound gateway."""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from relief import create_app
from relief.channels.commands import SMS_LENGTH, category_of, parse, split_confirmation
from relief.complaints.models import ResidentReport
from relief.extensions import db, limiter
from relief.logistics.signatures import VillageConfirmation
from relief.unit_of_work import commit_write
from tests import factories
from tests.alerts.sinks import start_webhook_receiver

VILLAGE = "36.02.25.2003"  # Desa Lebakgedong
SECRET = "rahasia-gerbang-sms-uji"  # noqa: S105 - tests only
PHONE = "+6281234567890"
URL = "/api/v1/channels/sms/inbound"


@pytest.fixture
def sms_on(app, monkeypatch):
    """The inbound secret set (monkeypatch puts the previous value back)."""
    monkeypatch.setitem(app.config, "SMS_INBOUND_SECRET", SECRET)
    monkeypatch.setitem(app.config, "SMS_OUTBOUND_URL", "")


@pytest.fixture
def village_aid(app):
    """An event in Lebak, an assessment of the village and one delivered shipment; returns
    the shipment's waybill and its (dispatched) sibling's waybill."""
    with app.app_context():
        event = factories.event("BJR2020", regency_codes=["36.02"])
        factories.assessment(event.id, VILLAGE, displaced=100)
        factories.shipment(event.id, VILLAGE, items=(("rice", 500.0),))
        pending = factories.shipment(
            event.id,
            VILLAGE,
            items=(("rice", 200.0),),
            status="dispatched",
            dispatched_at=datetime(2020, 1, 3, tzinfo=UTC),
        )
        commit_write()
        return {"event_id": event.id, "dispatched": pending.waybill_no}


def _signed(client, payload: dict, secret: str = SECRET, url: str = URL):
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(
        url,
        data=body,
        headers={"Content-Type": "application/json", "X-Pantau-Signature": signature},
    )


def _say(client, text: str, sender: str = PHONE) -> str:
    response = _signed(client, {"from": sender, "text": text})
    assert response.status_code == 200, response.json
    return response.json["reply"]


def test_unsigned_and_wrongly_signed_messages_are_refused(client, sms_on, app):
    unsigned = client.post(URL, json={"from": PHONE, "text": "LAPOR 36.02.25.2003 uji"})
    assert unsigned.status_code == 401
    wrong = _signed(client, {"from": PHONE, "text": "LAPOR 36.02.25.2003 uji"}, secret="bukan")
    assert wrong.status_code == 403
    assert wrong.json["error"]["code"]
    with app.app_context():
        assert db.session.scalar(select(ResidentReport.id)) is None


def test_the_channel_is_off_without_a_secret(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "SMS_INBOUND_SECRET", "")
    assert _signed(client, {"from": PHONE, "text": "CEK x"}, secret="x").status_code == 404


def test_parse_forgives_case_and_spacing():
    command = parse("  cek    Lebak   gedong ")
    assert (command.name, command.rest) == ("CEK", "Lebak gedong")
    assert parse("Lapor: 36.02.25.2003 beras belum sampai").name == "LAPOR"
    assert parse("halo").name is None
    assert split_confirmation(("SJ/X/1", "12345678", "500", "beras=20", "karung", "basah")) == (
        "SJ/X/1",
        "12345678",
        ["500", "beras=20"],
        "karung basah",
    )
    assert category_of("Diminta bayar 50 ribu") == "payment_demanded"
    assert category_of("beras belum sampai") == "not_received"


def test_cek_answers_received_and_still_owed_in_one_sms(client, sms_on, village_aid):
    reply = _say(client, "cek  36.02.25.2003")
    assert reply.startswith("Ds Lebakgedong")
    assert "Beras terima 500kg" in reply and "kurang" in reply
    assert len(reply) <= SMS_LENGTH
    by_name = _say(client, "CEK lebakgedong")
    assert by_name.startswith("Ds Lebakgedong")


def test_unknown_command_gets_short_help(client, sms_on):
    reply = _say(client, "apa kabar")
    assert reply.startswith("Perintah: CEK")
    assert len(reply) <= SMS_LENGTH


def test_lapor_files_a_complaint_with_the_phone_as_private_contact(
    client, sms_on, village_aid, app
):
    reply = _say(client, "LAPOR Lebakgedong beras belum sampai di RT 02")
    with app.app_context():
        report = db.session.scalar(select(ResidentReport))
        assert (report.village_code, report.category, report.channel) == (
            VILLAGE,
            "not_received",
            "sms",
        )
        assert report.contact == PHONE
        assert report.text == "beras belum sampai di RT 02"
        code = report.tracking_code
    assert code in reply and len(reply) <= SMS_LENGTH
    public = client.get(f"/lapor/{code}")
    assert public.status_code == 200
    assert PHONE not in public.get_data(as_text=True)
    status = _say(client, f"status {code.lower().replace('-', '')}")
    assert code in status and "Lebakgedong" in status and "Diterima" in status
    assert "tidak dikenal" in _say(client, "STATUS ZZZZZ-0000")


def test_terima_confirms_a_delivery_with_the_village_pin(client, sms_on, village_aid, app):
    from relief.logistics.village import issue_village_pin

    with app.app_context():
        pin = issue_village_pin(VILLAGE, "Kepala Desa", "telepon", None)[1]
        commit_write()
    waybill = village_aid["dispatched"]
    wrong = _say(client, f"TERIMA {waybill} 00000000 200")
    assert "PIN" in wrong
    reply = _say(client, f"terima {waybill.lower()} {pin} 180")
    assert waybill in reply
    with app.app_context():
        confirmation = db.session.scalar(select(VillageConfirmation))
        assert confirmation.channel == "sms"
        assert confirmation.confirmer_phone == PHONE
        assert [i.received_base for i in confirmation.items] == [180.0]
        assert confirmation.shipment.status == "delivered"
    assert "sudah dikonfirmasi" in _say(client, f"TERIMA {waybill} {pin} 180")


@pytest.fixture
def real_queue(app, tmp_path, monkeypatch):
    """Jobs go to a SQLite queue file instead of running in the caller (restored after);
    the reply job retries at once instead of after its delay."""
    from huey.storage import SqliteStorage

    from relief.channels.tasks import send_reply
    from relief.core.jobs import QUEUE_NAME, queue

    path = tmp_path / "jobs.sqlite"
    previous = queue.use(app, SqliteStorage(QUEUE_NAME, filename=str(path)))
    monkeypatch.setitem(app.config, "JOBS_IMMEDIATE", False)
    monkeypatch.setattr(send_reply.task_class, "default_retry_delay", 0)
    yield queue
    queue.use(app, previous["storage"], previous["immediate"])


def test_reply_goes_out_through_the_queue_and_is_retried(
    client, sms_on, app, monkeypatch, real_queue
):
    from relief.core.job_runs import JobRun

    gateway = start_webhook_receiver(answer=500)
    try:
        monkeypatch.setitem(
            app.config, "SMS_OUTBOUND_URL", f"http://127.0.0.1:{gateway.server_port}/send"
        )
        reply = _say(client, "halo")
        assert gateway.calls == []  # the request answered without waiting for the gateway
        with app.app_context():
            task = real_queue.dequeue()
            real_queue.execute(task)  # the gateway answers 500: huey puts it back
            assert len(gateway.calls) == 1
            gateway.answer = 200
            real_queue.execute(real_queue.dequeue())
        assert len(gateway.calls) == 2
        headers, body = gateway.calls[-1]
        assert json.loads(body) == {"to": PHONE, "text": reply, "channel": "sms"}
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert headers["X-Pantau-Signature"] == expected
        with app.app_context():  # the phone number is not kept in the job runs
            assert (
                db.session.scalar(select(JobRun.id).where(JobRun.name.like("%send_reply"))) is None
            )
            assert real_queue.dequeue() is None  # sent: nothing left to retry
    finally:
        gateway.shutdown()


def test_twilio_form_post_with_its_signature(client, sms_on, app, monkeypatch):
    monkeypatch.setitem(app.config, "SMS_TWILIO_AUTH_TOKEN", "twilio-token")
    form = {"From": "whatsapp:+6281200000000", "Body": "halo", "To": "+62800"}
    url = "http://localhost/api/v1/channels/sms/twilio"
    data = url + "".join(f"{k}{form[k]}" for k in sorted(form))
    signature = base64.b64encode(
        hmac.new(b"twilio-token", data.encode(), hashlib.sha1).digest()
    ).decode()
    bad = client.post(url, data=form, headers={"X-Twilio-Signature": "AAAA"})
    assert bad.status_code == 403
    response = client.post(url, data=form, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert "<Message>Perintah: CEK" in response.get_data(as_text=True)


def test_rapidpro_webhook_with_its_token(client, sms_on, app, monkeypatch, village_aid):
    monkeypatch.setitem(app.config, "SMS_RAPIDPRO_TOKEN", "rp-token")
    payload = {
        "contact": {"uuid": "x", "urn": "tel:+6281299999999"},
        "input": {"text": "CEK 36.02.25.2003", "urn": "tel:+6281299999999"},
        "flow": {"name": "Pantau"},
    }
    url = "/api/v1/channels/sms/rapidpro"
    assert client.post(url, json=payload).status_code == 401
    assert (
        client.post(url, json=payload, headers={"Authorization": "Token salah"}).status_code == 403
    )
    response = client.post(url, json=payload, headers={"Authorization": "Token rp-token"})
    assert response.status_code == 200
    assert response.json["reply"].startswith("Ds Lebakgedong")


@pytest.fixture
def limited(app):
    """A second app on the same database with Flask-Limiter on: 3 messages per sender."""
    limited_app = create_app(
        {
            "CONFIG_KIND": "testing",
            "DEMO_MODE": True,
            "RATELIMIT_ENABLED": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SMS_SENDER_LIMIT": "3 per hour",
            "SMS_INBOUND_SECRET": SECRET,
        }
    )
    limiter.reset()
    yield limited_app
    limiter.reset()
    limiter.enabled = False


def test_rate_limit_per_sender(limited):
    client = limited.test_client()
    for _ in range(3):
        assert _signed(client, {"from": PHONE, "text": "halo"}).status_code == 200
    assert _signed(client, {"from": PHONE, "text": "halo"}).status_code == 429
    other = _signed(client, {"from": "+6289999999999", "text": "halo"})
    assert other.status_code == 200  # another sender has its own budget
    # unsigned noise does not spend a real sender's budget
    for _ in range(5):
        assert client.post(URL, json={"from": "+6287777777777", "text": "x"}).status_code == 401
    assert _signed(client, {"from": "+6287777777777", "text": "halo"}).status_code == 200


def test_poster_shows_the_sms_number_and_commands_when_configured(client, app, monkeypatch):
    without = client.get(f"/desa/{VILLAGE}/poster").get_data(as_text=True)
    assert "Kirim SMS" not in without
    monkeypatch.setitem(app.config, "SMS_NUMBER", "0811-1234-5678")
    page = client.get(f"/desa/{VILLAGE}/poster").get_data(as_text=True)
    assert "0811-1234-5678" in page
    assert f"CEK {VILLAGE}" in page and f"LAPOR {VILLAGE}" in page and "STATUS" in page
