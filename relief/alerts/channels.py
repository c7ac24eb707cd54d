"""Notification channels as a registry: in-app (always), e-mail (SMTP), signed webhook."""

import hashlib
import hmac
import json
import smtplib
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage

from relief.alerts.settings import setting

SIGNATURE_HEADER = "X-Pantau-Signature"
DELIVERY_HEADER = "X-Pantau-Delivery"  # the same value on every try of one message


@dataclass(frozen=True)
class Message:
    """One message to send: its delivery id, the stored facts and the composed text."""

    delivery_id: int
    payload: dict
    subject: str
    body: str
    link: str
    recipient: str | None = None  # a resident's own address (resident channels only)


def sign(body: bytes, secret: str) -> str:
    """HMAC-SHA256 of the exact request body, as `sha256=<hex>`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Channel:
    """A way to tell people about an alert; `send` raises on failure."""

    name = ""

    def enabled(self) -> bool:
        """Whether settings configure this channel."""
        return True

    def send(self, message: Message) -> None:
        """Deliver one message (raises on failure)."""

    def describe(self) -> dict:
        """Where this channel sends, secrets masked (for the admin page)."""
        return {}


class InApp(Channel):
    """The queue and the navigation badge: nothing to send, always delivered."""

    name = "in_app"


class Email(Channel):
    """Plain-text mail through the SMTP host in settings (MAIL_HOST/PORT/USER/FROM/TO)."""

    name = "email"

    def enabled(self) -> bool:
        """Needs a host and at least one recipient."""
        return bool(setting("MAIL_HOST") and setting("MAIL_TO"))

    def send(self, message: Message) -> None:
        """One message to every recipient (MAIL_TO, comma-separated)."""
        send_mail(message, setting("MAIL_TO"))

    def describe(self) -> dict:
        """Host, port, sender, recipients and the account (password masked)."""
        return {
            "host": setting("MAIL_HOST"),
            "port": setting("MAIL_PORT"),
            "from": setting("MAIL_FROM"),
            "to": setting("MAIL_TO"),
            "user": setting("MAIL_USER"),
            "password": mask(setting("MAIL_PASSWORD")),
            "starttls": bool(setting("MAIL_STARTTLS")),
        }


def send_mail(message: Message, to: str) -> None:
    """One plain-text mail through the SMTP host in settings (raises on failure)."""
    mail = EmailMessage()
    mail["Subject"] = message.subject
    mail["From"] = setting("MAIL_FROM")
    mail["To"] = to
    mail[DELIVERY_HEADER] = str(message.delivery_id)
    mail.set_content(message.body)
    timeout = setting("ALERT_NOTIFY_TIMEOUT_S")
    with smtplib.SMTP(setting("MAIL_HOST"), int(setting("MAIL_PORT")), timeout=timeout) as s:
        if setting("MAIL_STARTTLS"):
            s.starttls()
        if setting("MAIL_USER"):
            s.login(setting("MAIL_USER"), setting("MAIL_PASSWORD"))
        s.send_message(mail)


class ResidentEmail(Channel):
    """Mail to the one resident who left an e-mail address, through the same SMTP host."""

    name = "resident_email"

    def enabled(self) -> bool:
        """Needs a host and a sender."""
        return bool(setting("MAIL_HOST") and setting("MAIL_FROM"))

    def send(self, message: Message) -> None:
        """Raises when the resident's address is gone (the report's contact was removed)."""
        if not message.recipient:
            raise ValueError("the resident left no e-mail address")
        send_mail(message, message.recipient)

    def describe(self) -> dict:
        """Host and sender (the recipient is each resident)."""
        return {"host": setting("MAIL_HOST"), "from": setting("MAIL_FROM")}


class Webhook(Channel):
    """POSTs the alert as JSON, signed with HMAC-SHA256 of the body (ALERT_WEBHOOK_SECRET)."""

    name = "webhook"

    def enabled(self) -> bool:
        """Needs a URL."""
        return bool(setting("ALERT_WEBHOOK_URL"))

    def send(self, message: Message) -> None:
        """Any answer other than 2xx raises (and is retried later)."""
        document = dict(
            message.payload,
            delivery_id=message.delivery_id,
            message=message.body,
            subject=message.subject,
            url=message.link,
        )
        body = json.dumps(document, sort_keys=True).encode()
        request = urllib.request.Request(  # noqa: S310 - URL from the admin's settings
            setting("ALERT_WEBHOOK_URL"),
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                DELIVERY_HEADER: str(message.delivery_id),
                SIGNATURE_HEADER: sign(body, setting("ALERT_WEBHOOK_SECRET") or ""),
            },
        )
        timeout = setting("ALERT_NOTIFY_TIMEOUT_S")
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            if not 200 <= answer.status < 300:
                raise OSError(f"webhook answered {answer.status}")

    def describe(self) -> dict:
        """The URL without any credentials in it, and whether a secret signs the body."""
        parts = urllib.parse.urlsplit(setting("ALERT_WEBHOOK_URL"))
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        shown = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))
        return {
            "url": shown + ("?…" if parts.query else ""),
            "secret": mask(setting("ALERT_WEBHOOK_SECRET")),
        }


def mask(secret: str | None) -> str:
    """A secret as the admin page shows it: set or not, never its value."""
    return "••••••" if secret else ""


CHANNELS: dict[str, Channel] = {c.name: c for c in (InApp(), Email(), Webhook())}
# Channels that write to one resident at the contact the resident left, by the contact's kind
# (relief.complaints.contact). They are not in CHANNELS: staff messages and the audit head
# never go to residents. An SMS channel registers here under "phone" once one exists.
RESIDENT_CHANNELS: dict[str, Channel] = {"email": ResidentEmail()}


def channel_named(name: str) -> Channel:
    """A staff or resident channel by its name (KeyError when unknown)."""
    if name in CHANNELS:
        return CHANNELS[name]
    return {c.name: c for c in RESIDENT_CHANNELS.values()}[name]
