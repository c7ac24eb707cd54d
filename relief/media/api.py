"""`/api/v1/photos`: upload a photo as the raw request body (a BAST scan from the phone)."""

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from relief.core.errors import DomainError, ErrorSchema
from relief.core.permissions import LOGISTICS, roles
from relief.media import services
from relief.media.images import FORMATS
from relief.unit_of_work import writes

blp = Blueprint("media_api", __name__, url_prefix="/api/v1", description="Photos")


class PhotoSchema(Schema):
    """A stored photo; refer to it by `sha256` (e.g. in a BAST's `photos`)."""

    sha256 = fields.String()
    media_type = fields.String()
    width = fields.Integer()
    height = fields.Integer()
    byte_size = fields.Integer()
    url = fields.Function(lambda p: url_for("media.photo", sha256=p.sha256))


def _limit_body(view):
    """The photo limit replaces the API's JSON body limit for this endpoint."""
    view.max_body_config = "PHOTO_MAX_BYTES"
    return view


@blp.route("/photos", methods=["POST"])
@roles(LOGISTICS)
@writes
@_limit_body
@blp.response(201, PhotoSchema)
@blp.alt_response(200, schema=PhotoSchema, description="The same bytes were stored before")
@blp.alt_response(415, schema=ErrorSchema)
@blp.alt_response(422, schema=ErrorSchema)
@blp.doc(
    requestBody={
        "required": True,
        "content": {
            media_type: {"schema": {"type": "string", "format": "binary"}}
            for media_type in FORMATS.values()
        },
    }
)
def upload_photo():
    """Store a JPEG/PNG/WebP sent as the body; the same bytes twice are one photo (repeat-safe).

    The type is checked by content, not by the header; only image types are accepted as the
    header, which a cross-site form cannot send.
    """
    if request.mimetype not in FORMATS.values():
        raise DomainError(
            _("Kirim foto sebagai image/jpeg, image/png atau image/webp."),
            {"photo": [_("Jenis berkas tidak didukung.")]},
            status=415,
        )
    photo, created = services.store_photo(request.get_data(), "bast", current_user)
    return photo, 201 if created else 200
