"""HTTP security headers and the Content-Security-Policy every page works under."""

from urllib.parse import urlsplit

from flask import Flask
from flask_talisman import Talisman

talisman = Talisman()


def content_security_policy(tile_url: str = "") -> dict:
    """Only this origin for scripts (with per-request nonces), styles, fonts and data."""
    images = ["'self'", "data:"]
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "*"))
        if parts.scheme and parts.netloc:
            images.append(f"{parts.scheme}://{parts.netloc}")
    return {
        "default-src": "'self'",
        "script-src": "'self'",
        # Leaflet and folium position elements with inline style attributes.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": images,
        "font-src": ["'self'", "data:"],
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


def init_app(app: Flask) -> None:
    """Security headers on every answer; HTTPS-only cookies and HSTS in production."""
    production = bool(app.config.get("SESSION_COOKIE_SECURE"))
    talisman.init_app(
        app,
        force_https=app.config.get("FORCE_HTTPS", False),
        strict_transport_security=production,
        session_cookie_secure=production,
        session_cookie_http_only=True,
        session_cookie_samesite="Lax",
        content_security_policy=content_security_policy(app.config.get("TILE_URL", "")),
        content_security_policy_nonce_in=["script-src"],
        referrer_policy="strict-origin-when-cross-origin",
        frame_options="DENY",
        permissions_policy={"geolocation": "(self)", "camera": "()", "microphone": "()"},
    )

    @app.after_request
    def no_store_for_staff(response):
        # Staff pages and API answers carry personal data: keep them out of shared caches.
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
