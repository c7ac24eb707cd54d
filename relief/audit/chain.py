"""Keyed hashing and verification of the audit chain (pure, apart from reading the key).

Each entry is authenticated with HMAC-SHA256 under `AUDIT_KEY`, a secret kept outside the
database: whoever can write to the database but lacks the key cannot recompute a chain that
verifies. Production refuses to start without it; demo and testing fall back to a key
derived from a fixed label, marked as such wherever the head is shown.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app, has_app_context

GENESIS = "0" * 64
# Only for demo and tests: published in the source, so it proves nothing.
DEV_KEY_LABEL = "pantau-bantuan-DEVELOPMENT-audit-key-not-for-evidence"
MIN_KEY_LENGTH = 32


def canonical(payload: dict) -> str:
    """Stable JSON: sorted keys, no spaces, dates as ISO strings."""
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False
    )


def dev_key() -> bytes:
    """The clearly marked development key (demo and testing only)."""
    return hashlib.sha256(DEV_KEY_LABEL.encode()).digest()


def audit_key() -> bytes:
    """The app's AUDIT_KEY as bytes; the development key when none is configured."""
    configured = current_app.config.get("AUDIT_KEY") if has_app_context() else None
    return configured.encode() if configured else dev_key()


def using_dev_key() -> bool:
    """True when entries are keyed with the public development key."""
    return not (has_app_context() and current_app.config.get("AUDIT_KEY"))


def entry_hash(
    seq: int,
    at_iso: str,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    payload_json: str,
    prev_hash: str,
    key: bytes | None = None,
) -> str:
    """HMAC-SHA256 (under the audit key) over an entry's fields and its predecessor's hash."""
    material = "\x1f".join(
        [str(seq), at_iso, actor, action, entity, entity_id, payload_json, prev_hash]
    )
    return hmac.new(
        key if key is not None else audit_key(), material.encode(), hashlib.sha256
    ).hexdigest()


def private_digest(value: object, key: bytes | None = None) -> str:
    """A keyed digest standing in for a private value (complaint text, password hash)."""
    text = "" if value is None else str(value)
    mac = hmac.new(key if key is not None else audit_key(), text.encode(), hashlib.sha256)
    return "hmac:" + mac.hexdigest()[:32]


def legacy_entry_hash(
    seq, at_iso, actor, action, entity, entity_id, payload_json, prev_hash
) -> str:
    """The unkeyed SHA-256 of entries written before the chain was keyed."""
    material = "\x1f".join(
        [str(seq), at_iso, actor, action, entity, entity_id, payload_json, prev_hash]
    )
    return hashlib.sha256(material.encode()).hexdigest()


def legacy_until() -> int:
    """AUDIT_LEGACY_UNKEYED_UNTIL: entries up to this seq predate the key (0: none).

    Set outside the database, like the key, once, when a deployment upgrades: whoever can
    write to the database cannot move it to pass off a recomputed chain.
    """
    if not has_app_context():
        return 0
    return int(current_app.config.get("AUDIT_LEGACY_UNKEYED_UNTIL") or 0)


@dataclass(frozen=True)
class ChainProblem:
    """The first place where the chain does not hold."""

    seq: int
    reason: str


def verify(
    entries: Iterable, head: tuple[int, str] | None, key: bytes | None = None
) -> ChainProblem | None:
    """Walk entries in seq order; name the first altered, missing or re-linked entry."""
    key = key if key is not None else audit_key()
    legacy = legacy_until()
    expected_seq, prev = 1, GENESIS
    for e in entries:
        if e.seq != expected_seq:
            return ChainProblem(expected_seq, "entry missing (deleted)")
        if e.prev_hash != prev:
            return ChainProblem(e.seq, "link to previous entry broken")
        fields = (e.seq, e.at_iso, e.actor, e.action, e.entity, e.entity_id, e.payload, e.prev_hash)
        recomputed = legacy_entry_hash(*fields) if e.seq <= legacy else entry_hash(*fields, key)
        if not hmac.compare_digest(recomputed, e.hash):
            return ChainProblem(e.seq, "content altered (or keyed with another key)")
        prev, expected_seq = e.hash, expected_seq + 1
    last_seq = expected_seq - 1
    if head is None:
        return ChainProblem(1, "chain head missing") if last_seq else None
    if head != (last_seq, prev):
        return ChainProblem(last_seq + 1, "entries after the last one found were removed")
    return None
