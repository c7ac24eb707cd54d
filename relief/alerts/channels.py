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
        mail = EmailMessage()
        mail["Subject"] = message.subject
        mail["From"] = setting("MAIL_FROM")
        mail["To"] = setting("MAIL_TO")
        mail[DELIVERY_HEADER] = str(message.delivery_id)
        mail.set_content(message.body)
        timeout = setting("ALERT_NOTIFY_TIMEOUT_S")
        with smtplib.SMTP(setting("MAIL_HOST"), int(setting("MAIL_PORT")), timeout=timeout) as s:
            if setting("MAIL_STARTTLS"):
                s.starttls()
            if setting("MAIL_USER"):
                s.login(setting("MAIL_USER"), setting("MAIL_PASSWORD"))
            s.send_message(mail)

    def describe(self) -> dict:
        """Host, port, sender, recipients and the account (password masked)."""
        return {"host": setting("MAIL_HOST"), "port": setting("MAIL_PORT"),
                "from": setting("MAIL_FROM"), "to": setting("MAIL_TO"),
                "user": setting("MAIL_USER"), "password": mask(setting("MAIL_PASSWORD")),
                "starttls": bool(setting("MAIL_STARTTLS"))}


class Webhook(Channel):
    """POSTs the alert as JSON, signed with HMAC-SHA256 of the body (ALERT_WEBHOOK_SECRET)."""

    name = "webhook"

    def enabled(self) -> bool:
        """Needs a URL."""
        return bool(setting("ALERT_WEBHOOK_URL"))

    def send(self, message: Message) -> None:
        """Any answer other than 2xx raises (and is retried later)."""
        document = dict(message.payload, delivery_id=message.delivery_id,
                        message=message.body, subject=message.subject, url=message.link)
        body = json.dumps(document, sort_keys=True).encode()
        request = urllib.request.Request(  # noqa: S310 - URL from the admin's settings
            setting("ALERT_WEBHOOK_URL"), data=body, method="POST",
            headers={"Content-Type": "application/json",
                     DELIVERY_HEADER: str(message.delivery_id),
                     SIGNATURE_HEADER: sign(body, setting("ALERT_WEBHOOK_SECRET") or "")},
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
        return {"url": shown + ("?…" if parts.query else ""),
                "secret": mask(setting("ALERT_WEBHOOK_SECRET"))}


def mask(secret: str | None) -> str:
    """A secret as the admin page shows it: set or not, never its value."""
    return "••••••" if secret else ""


CHANNELS: dict[str, Channel] = {c.name: c for c in (InApp(), Email(), Webhook())}
