"""Publish the audit chain's head through the notification channels (a daily job).

The job queue calls `publish_audit_head()` once a day: the head goes to the append-only
anchor file (relief.audit.anchors) and, as a message, to every configured channel (e-mail
recipients, the signed webhook), so copies live outside the database and outside this
server. A channel that fails is logged; the file line is written first regardless.
"""

import logging

from relief.alerts.channels import CHANNELS
from relief.audit.anchors import Head, publish_head
from relief.audit.chain import using_dev_key
from relief.core.models import utcnow

log = logging.getLogger(__name__)


def head_message(head: Head) -> dict:
    """The head as a channel message (the shape the e-mail and webhook channels send)."""
    return {
        "kind": "audit_head",
        "level": "info",
        "trigger": "daily",
        "village_code": "-",
        "village_name": "Pantau Bantuan",
        "published_at": utcnow().isoformat(timespec="seconds"),
        "path": "/audit/head",
        "facts": {"seq": head.seq, "hash": head.hash, "development_key": using_dev_key()},
    }


def publish_audit_head() -> Head:
    """Append the head to the anchor file and send it to every enabled outside channel."""
    head = publish_head()
    message = head_message(head)
    for channel in CHANNELS.values():
        if channel.name == "in_app" or not channel.enabled():
            continue
        try:
            channel.send(message)
        except OSError:
            log.exception("audit head not delivered through %s", channel.name)
    return head
