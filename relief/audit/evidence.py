"""Verifiable evidence: every PDF and export is registered with its SHA-256, the audit head
at generation and a verification ID, which the public /verifikasi page checks.

A file cannot hold its own hash, so the PDF prints its verification ID and the audit head;
the registry keeps the SHA-256 of the exact bytes handed out (also sent as a response
header), and an uploaded file is genuine and unchanged when its SHA-256 is registered.
"""

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import Response
from flask_login import current_user
from sqlalchemy import select

from relief.audit.anchors import current_head
from relief.audit.models import AuditEntry, EvidenceDocument
from relief.core.models import utcnow
from relief.extensions import db

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class Stamp:
    """What a document prints about itself before its bytes exist."""

    verification_id: str
    audit_seq: int
    audit_hash: str
    generated_at: datetime


@dataclass(frozen=True)
class Verdict:
    """What /verifikasi says about an ID or an uploaded file."""

    document: EvidenceDocument | None
    unchanged: bool | None  # None: only an ID was given
    head_in_chain: bool | None


def _new_id() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"PB-{body[:4]}-{body[4:8]}-{body[8:]}"


def _by() -> str:
    try:
        return current_user.username if current_user.is_authenticated else "public"
    except (RuntimeError, AttributeError):
        return "system"


def register_evidence(
    kind: str, title: str, render: Callable[[Stamp], bytes]
) -> tuple[bytes, EvidenceDocument]:
    """Render a document with its stamp, then register the SHA-256 of its exact bytes."""
    head = current_head()
    stamp = Stamp(_new_id(), head.seq, head.hash, utcnow())
    body = render(stamp)
    document = EvidenceDocument(
        verification_id=stamp.verification_id,
        kind=kind,
        title=title[:200],
        sha256=hashlib.sha256(body).hexdigest(),
        byte_size=len(body),
        audit_seq=stamp.audit_seq,
        audit_hash=stamp.audit_hash,
        created_at=stamp.generated_at,
        created_by=_by(),
    )
    db.session.add(document)
    db.session.flush()
    return body, document


def evidence_response(
    body: bytes, document: EvidenceDocument, mimetype: str, filename: str
) -> Response:
    """A download carrying its SHA-256, audit head and verification ID in headers."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Evidence-Id"] = document.verification_id
    response.headers["X-Content-SHA256"] = document.sha256
    response.headers["X-Audit-Head"] = f"{document.audit_seq}:{document.audit_hash}"
    return response


def _head_in_chain(document: EvidenceDocument) -> bool:
    if document.audit_seq == 0:
        return True
    found = db.session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == document.audit_seq))
    return found == document.audit_hash


def verify_id(verification_id: str) -> Verdict:
    """The registered document of an ID (its file cannot be judged without the file)."""
    document = db.session.scalar(
        select(EvidenceDocument).where(
            EvidenceDocument.verification_id == verification_id.strip().upper()
        )
    )
    return Verdict(document, None, _head_in_chain(document) if document else None)


def verify_file(content: bytes, verification_id: str | None = None) -> Verdict:
    """Genuine and unchanged when the file's SHA-256 is registered (for the ID, if given)."""
    digest = hashlib.sha256(content).hexdigest()
    document = db.session.scalar(
        select(EvidenceDocument).where(EvidenceDocument.sha256 == digest).limit(1)
    )
    if document is not None:
        return Verdict(document, True, _head_in_chain(document))
    if verification_id:
        known = verify_id(verification_id)
        return Verdict(known.document, False, known.head_in_chain)
    return Verdict(None, False, None)
