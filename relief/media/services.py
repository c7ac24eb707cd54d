"""Store a photo: check it, write its bytes by hash, add its row (once per content)."""

import hashlib

from flask import current_app
from flask_babel import gettext as _

from relief.core.errors import DomainError
from relief.extensions import db
from relief.media.images import ImageRefused, check_image
from relief.media.models import PURPOSES, Photo
from relief.media.queries import photo_by_hash
from relief.media.storage import photo_store


def store_photo(data: bytes, purpose: str, user=None) -> tuple[Photo, bool]:
    """The photo for these bytes and whether it is new; residents' photos lose their EXIF."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    try:
        limit = current_app.config[
            "REPORT_PHOTO_MAX_BYTES" if purpose == "report" else "PHOTO_MAX_BYTES"
        ]
        checked = check_image(data, limit, strip_metadata=purpose == "report")
    except ImageRefused as refused:
        raise DomainError(_("Foto tidak dapat disimpan."), {"photo": [_(str(refused))]}) from None
    sha256 = hashlib.sha256(checked.data).hexdigest()
    existing = photo_by_hash(sha256)
    store = photo_store()
    store.put(sha256, checked.data)  # before the row: a row never names missing bytes
    if existing is not None:
        return existing, False
    photo = Photo(
        sha256=sha256,
        media_type=checked.media_type,
        byte_size=len(checked.data),
        width=checked.width,
        height=checked.height,
        purpose=purpose,
        created_by_id=user.id if user is not None and user.is_authenticated else None,
    )
    db.session.add(photo)
    db.session.flush()
    return photo, True
