"""Reads over stored photos."""

from collections.abc import Iterator

from sqlalchemy import select

from relief.extensions import db
from relief.media.models import Photo
from relief.media.storage import photo_store


def photo_by_hash(sha256: str) -> Photo | None:
    """The photo row of a hash, or None."""
    return db.session.scalar(select(Photo).where(Photo.sha256 == sha256))


def photos_by_hash(hashes: list[str]) -> tuple[list[Photo], list[str]]:
    """The photo rows of these hashes in order, and the hashes that name no photo."""
    found = {p.sha256: p for p in db.session.scalars(select(Photo).where(Photo.sha256.in_(hashes)))}
    return [found[h] for h in hashes if h in found], [h for h in hashes if h not in found]


def photo_bytes(photo: Photo) -> bytes | None:
    """The stored bytes of a photo (None if the store lost them)."""
    return photo_store().get(photo.sha256)


def photo_chunks(photo: Photo) -> Iterator[bytes] | None:
    """The stored bytes of a photo in chunks, for streaming (None if the store lost them)."""
    return photo_store().stream(photo.sha256)
