"""Hashing and verification of the audit chain (pure)."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64


def canonical(payload: dict) -> str:
    """Stable JSON: sorted keys, no spaces, dates as ISO strings."""
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False
    )


def entry_hash(
    seq: int,
    at_iso: str,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    payload_json: str,
    prev_hash: str,
) -> str:
    """SHA-256 over an entry's fields and its predecessor's hash."""
    material = "\x1f".join(
        [str(seq), at_iso, actor, action, entity, entity_id, payload_json, prev_hash]
    )
    return hashlib.sha256(material.encode()).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    """The first place where the chain does not hold."""

    seq: int
    reason: str


def verify(entries: Iterable, head: tuple[int, str] | None) -> ChainProblem | None:
    """Walk entries in seq order; name the first altered, missing or re-linked entry."""
    expected_seq, prev = 1, GENESIS
    for e in entries:
        if e.seq != expected_seq:
            return ChainProblem(expected_seq, "entry missing (deleted)")
        if e.prev_hash != prev:
            return ChainProblem(e.seq, "link to previous entry broken")
        recomputed = entry_hash(
            e.seq, e.at_iso, e.actor, e.action, e.entity, e.entity_id, e.payload, e.prev_hash
        )
        if recomputed != e.hash:
            return ChainProblem(e.seq, "content altered")
        prev, expected_seq = e.hash, expected_seq + 1
    last_seq = expected_seq - 1
    if head is None:
        return ChainProblem(1, "chain head missing") if last_seq else None
    if head != (last_seq, prev):
        return ChainProblem(last_seq + 1, "entries after the last one found were removed")
    return None
