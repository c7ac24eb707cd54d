"""The outbound gateway: replies go on the job queue, retried by huey on failure."""

import json
import urllib.request

from flask import current_app

from relief.channels.signatures import pantau_signature
from relief.core.jobs import job


# Not recorded in job_run: its arguments hold the sender's phone number, which is kept only
# as a complaint's private contact (the queue holds it until the reply is sent).
@job(retries=5, retry_delay=30, retry_backoff=2.0, record=False)
def send_reply(to: str, text: str, channel: str = "sms") -> None:
    """POST `{"to", "text", "channel"}` to SMS_OUTBOUND_URL, signed like the inbound hook;
    a refusal or a timeout raises, and the queue tries again."""
    config = current_app.config
    url = config.get("SMS_OUTBOUND_URL")
    if not url:
        return
    body = json.dumps({"to": to, "text": text, "channel": channel}).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "pantau-bantuan"}
    secret = config.get("SMS_OUTBOUND_SECRET") or config.get("SMS_INBOUND_SECRET")
    if secret:
        headers["X-Pantau-Signature"] = pantau_signature(body, secret)
    if not url.startswith(("http://", "https://")):
        raise ValueError("SMS_OUTBOUND_URL must be an http(s) URL")
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        url,
        data=body,
        headers=headers,
        method="POST",
    )
    timeout = config["SMS_OUTBOUND_TIMEOUT_S"]
    with urllib.request.urlopen(request, timeout=timeout):  # noqa: S310 - http(s) only
        pass
