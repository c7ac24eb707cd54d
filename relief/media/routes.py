"""`/photos/<sha256>`: a stored photo, for staff pages (BAST scans, residents' pictures)."""

from flask import Blueprint, Response, abort

from relief.core.permissions import STAFF, roles
from relief.media.queries import photo_by_hash, photo_chunks

bp = Blueprint("media", __name__)


@bp.route("/photos/<string(length=64):sha256>")
@roles(*STAFF)
def photo(sha256: str):
    """The photo's bytes, streamed from the store; immutable (named by their hash), staff only."""
    stored = photo_by_hash(sha256)
    chunks = photo_chunks(stored) if stored is not None else None
    if chunks is None:
        abort(404)
    response = Response(chunks, mimetype=stored.media_type)
    response.content_length = stored.byte_size
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response
