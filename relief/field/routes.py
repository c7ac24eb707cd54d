"""The field app's shell, its service worker and its web app manifest."""

import functools
import hashlib
from pathlib import Path

from flask import Blueprint, current_app, render_template, url_for
from flask_babel import gettext as _

from relief.core.permissions import LOGISTICS, PUBLIC, roles

bp = Blueprint("field", __name__, url_prefix="/lapangan")

# The page's scripts, in load order.
SCRIPTS = (
    "js/field/db.js",
    "js/field/outbox.js",
    "js/field/photos.js",
    "js/field/forms.js",
    "js/field/app.js",
)
# What a phone keeps for a cold start with no connection (the page adds itself).
SHELL_FILES = (
    "css/app.css",
    "css/field.css",
    "js/outbox_count.js",
    "icons/field-192.png",
    "icons/field-512.png",
    *SCRIPTS,
)
WORKBOX = "vendor/workbox"


@functools.cache
def _revision(path: str, mtime: float) -> str:
    return hashlib.md5(Path(path).read_bytes(), usedforsecurity=False).hexdigest()[:12]


def precache_manifest() -> list[dict]:
    """Workbox's precache list: each shell file with a content revision."""
    folder = Path(current_app.static_folder)
    entries = []
    for name in SHELL_FILES:
        path = folder / name
        entries.append(
            {
                "url": url_for("static", filename=name),
                "revision": _revision(str(path), path.stat().st_mtime),
            }
        )
    return entries


@bp.route("/")
@roles(LOGISTICS)
def shell():
    """The app: every screen is drawn by its script from the data kept on the phone."""
    return render_template("field/app.html", scripts=SCRIPTS)


@bp.route("/sw.js")
@roles(PUBLIC)
def service_worker():
    """The service worker (served here so that its scope is /lapangan/)."""
    body = render_template(
        "field/sw.js",
        precache=precache_manifest(),
        scope=url_for("field.shell"),
        workbox_url=url_for("static", filename=f"{WORKBOX}/workbox-sw.js"),
        workbox_prefix=url_for("static", filename=WORKBOX),
    )
    response = current_app.response_class(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/manifest.webmanifest")
@roles(PUBLIC)
def manifest():
    """The web app manifest: name, icons, start page, standalone display."""
    body = {
        "name": _("Pantau Bantuan Lapangan"),
        "short_name": _("Lapangan"),
        "start_url": url_for("field.shell"),
        "scope": url_for("field.shell"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5394",
        "lang": "id",
        "icons": [
            {
                "src": url_for("static", filename=f"icons/field-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
            for size in (192, 512)
        ],
    }
    response = current_app.response_class(
        current_app.json.dumps(body), mimetype="application/manifest+json"
    )
    response.headers["Cache-Control"] = "no-cache"
    return response
