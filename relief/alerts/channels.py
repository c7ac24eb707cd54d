"""Notification channels as a registry: in-app (always), e-mail (SMTP), signed webhook."""

import hashlib
import hmac
import json
import smtplib
import urllib.request
from email.message import EmailMessage

from relief.alerts.settings import setting

SIGNATURE_HEADER = "X-Pantau-Signature"


def sign(body: bytes, secret: str) -> str:
    """HMAC-SHA256 of the exact request body, as `sha256=<hex>`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Channel:
    """A way to tell people about an alert; `send` raises on failure."""

    name = ""

    def enabled(self) -> bool:
        """Whether settings configure this channel."""
        return True

    def send(self, payload: dict) -> None:
        """Deliver one message (raises on failure)."""


class InApp(Channel):
    """The queue and the navigation badge: nothing to send, always delivered."""

    name = "in_app"


class Email(Channel):
    """Plain-text mail through the SMTP host in settings (MAIL_HOST/PORT/FROM/TO)."""

    name = "email"

    def enabled(self) -> bool:
        """Needs a host and at least one recipient."""
        return bool(setting("MAIL_HOST") and setting("MAIL_TO"))

    def send(self, payload: dict) -> None:
        """One message per alert to every recipient."""
        message = EmailMessage()
        message["Subject"] = (f"[Pantau Bantuan] {payload['level'].upper()} {payload['kind']} "
                              f"{payload['village_name']} ({payload['village_code']})")
        message["From"] = setting("MAIL_FROM")
        message["To"] = setting("MAIL_TO")
        lines = [f"{k}: {v}" for k, v in payload.items() if k != "facts"]
        lines += [f"  {k}: {v}" for k, v in payload["facts"].items()]
        message.set_content("\n".join(lines))
        timeout = setting("ALERT_NOTIFY_TIMEOUT_S")
        with smtplib.SMTP(setting("MAIL_HOST"), int(setting("MAIL_PORT")), timeout=timeout) as s:
            s.send_message(message)


class Webhook(Channel):
    """POSTs the alert as JSON, signed with HMAC-SHA256 of the body (ALERT_WEBHOOK_SECRET)."""

    name = "webhook"

    def enabled(self) -> bool:
        """Needs a URL."""
        return bool(setting("ALERT_WEBHOOK_URL"))

    def send(self, payload: dict) -> None:
        """Any answer other than 2xx raises (and is retried later)."""
        body = json.dumps(payload, sort_keys=True).encode()
        request = urllib.request.Request(  # noqa: S310 - URL from the admin's settings
            setting("ALERT_WEBHOOK_URL"), data=body, method="POST",
            headers={"Content-Type": "application/json",
                     SIGNATURE_HEADER: sign(body, setting("ALERT_WEBHOOK_SECRET") or "")},
        )
        timeout = setting("ALERT_NOTIFY_TIMEOUT_S")
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            if not 200 <= answer.status < 300:
                raise OSError(f"webhook answered {answer.status}")


CHANNELS: dict[str, Channel] = {c.name: c for c in (InApp(), Email(), Webhook())}
