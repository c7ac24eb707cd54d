"""QR codes as inline SVG (pure): no image files, crisp when printed."""

import re

import qrcode
import qrcode.image.svg
from markupsafe import Markup


def qr_svg(url: str, label: str) -> Markup:
    """An SVG QR code for a URL, scaled by CSS, with an accessible label."""
    image = qrcode.make(
        url,
        image_factory=qrcode.image.svg.SvgPathImage,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = image.to_string(encoding="unicode")
    # Let the stylesheet decide the printed size; keep the viewBox for scaling.
    svg = re.sub(r'\s(width|height)="[^"]*"', "", svg, count=2)
    label = Markup.escape(label)
    svg = svg.replace("<svg", f'<svg class="qr-code" role="img" aria-label="{label}"', 1)
    return Markup(svg)  # noqa: S704 - built from qrcode's own markup and an escaped label
