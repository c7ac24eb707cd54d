"""Image checks and reduction (Pillow): type by content, size limits, metadata stripping."""

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_SIDE = 1600  # what a phone screen and an A4 evidence page need of a signed paper
MAX_PIXELS = 40_000_000  # larger claims are refused before decoding (decompression bombs)


def N_(msgid: str) -> str:  # noqa: N802 - the marker Babel extracts; translated when shown
    """Mark a message for the catalogue; relief.media.services translates it for the reader."""
    return msgid


class ImageRefused(ValueError):
    """The bytes are not an accepted image; the message is for the user (Indonesian msgid)."""


@dataclass(frozen=True)
class CheckedImage:
    """Bytes to store and what they are."""

    data: bytes
    media_type: str
    width: int
    height: int


def _open(data: bytes) -> Image.Image:
    try:
        probe = Image.open(io.BytesIO(data))
        probe.verify()
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ImageRefused(N_("Berkas bukan foto JPEG, PNG atau WebP.")) from None
    if image.format not in FORMATS:
        raise ImageRefused(N_("Berkas bukan foto JPEG, PNG atau WebP."))
    if image.width * image.height > MAX_PIXELS:
        raise ImageRefused(N_("Foto terlalu besar."))
    return image


def _reencode(image: Image.Image) -> CheckedImage:
    """Upright, at most MAX_SIDE, JPEG without any metadata (EXIF, GPS, XMP)."""
    image = ImageOps.exif_transpose(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, optimize=True)
    return CheckedImage(out.getvalue(), "image/jpeg", image.width, image.height)


def check_image(data: bytes, max_bytes: int, strip_metadata: bool) -> CheckedImage:
    """Refuse what is not a JPEG/PNG/WebP by content or is too big; reduce where needed.

    Staff BAST photos arrive reduced by the phone and are kept byte for byte (their hash is
    the evidence's); larger ones, and every resident photo, are re-encoded without metadata.
    """
    if not data:
        raise ImageRefused(N_("Berkas kosong."))
    if len(data) > max_bytes:
        raise ImageRefused(N_("Foto terlalu besar."))
    image = _open(data)
    if strip_metadata or max(image.width, image.height) > MAX_SIDE * 1.25:
        return _reencode(image)
    return CheckedImage(data, FORMATS[image.format], image.width, image.height)
