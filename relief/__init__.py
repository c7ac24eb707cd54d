"""Pantau Bantuan: village-by-village tracking of disaster-relief deliveries."""

import importlib
import importlib.util
import os
from pathlib import Path

from flask import Flask

from relief.config import CONFIGS, KNOWN_SECRET_KEYS, _database_url

# Each domain may bring `routes.bp` (pages), `api.blp` (flask-smorest), `cli.commands` and
# `tasks` (its jobs, registered with the queue by being imported).
DOMAINS = (
    "core",
    "areas",
    "events",
    "catalog",
    "organisations",
    "auth",
    "logistics",
    "coverage",
    "maps",
    "alerts",
    "public",
    "audit",
    "exports",
    "media",
    "field",
    "dashboard",
    "demo",
    "jobs",
    "admin",
    "ombudsman",
    "channels",
)


def create_app(config: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, then each domain's parts."""
    root = Path(__file__).resolve().parent.parent
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(root / "templates"),
        static_folder=str(root / "static"),
    )
    kind = (config or {}).get("CONFIG_KIND") or os.environ.get("RELIEF_CONFIG", "default")
    app.config.from_object(CONFIGS[kind])
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", _database_url(app.instance_path))
    if config:
        app.config.update(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if app.config.get("GEODATA_CACHE_DIR") is None:
        app.config["GEODATA_CACHE_DIR"] = str(Path(app.instance_path) / "geodata-cache")
    _refuse_unsafe_production(app)
    _refuse_missing_audit_key(app, kind)
    _refuse_bad_photo_store(app)

    from relief.core import setup

    setup.init_extensions(app)
    # Flask-Login's session and bearer-token loaders (registered when imported).
    from relief.audit.labels import (
        amended_field_label,
        amended_value,
        amendment_changes,
        amendment_subject,
    )
    from relief.auth import loaders  # noqa: F401
    from relief.catalog.labels import goods, unit_label
    from relief.logistics.labels import status_label

    app.jinja_env.globals.update(
        status_label=status_label,
        unit_label=unit_label,
        goods=goods,
        amended_field_label=amended_field_label,
        amended_value=amended_value,
        amendment_changes=amendment_changes,
        amendment_subject=amendment_subject,
    )
    for domain in DOMAINS:
        _register_domain(app, domain)
    return app


def _register_api_blueprint(blp) -> None:
    from relief.extensions import api, csrf

    # JSON APIs authenticate with bearer tokens or a session and accept only JSON bodies,
    # which a cross-site form cannot send without a CORS preflight we never grant.
    csrf.exempt(blp)
    api.register_blueprint(blp)


def _register_domain(app: Flask, domain: str) -> None:
    if importlib.util.find_spec(f"relief.{domain}") is None:
        return  # a domain not built yet
    for module_name, attribute, register in (
        ("routes", "bp", app.register_blueprint),
        ("api", "blp", _register_api_blueprint),
        ("cli", "commands", lambda cmds: [app.cli.add_command(c) for c in cmds]),
        ("tasks", "__name__", lambda _name: None),
    ):
        full = f"relief.{domain}.{module_name}"
        if importlib.util.find_spec(full) is None:
            continue
        part = getattr(importlib.import_module(full), attribute, None)
        if part is not None:
            register(part)


def _refuse_unsafe_production(app: Flask) -> None:
    # Production refuses a published secret whatever other flag is set (DEMO_MODE included);
    # elsewhere only a deliberate demo or the test suite may run with one.
    if not app.config.get("PRODUCTION") and (
        app.config.get("TESTING") or app.config.get("DEMO_MODE")
    ):
        return
    secret = str(app.config.get("SECRET_KEY") or "")
    if secret in KNOWN_SECRET_KEYS or len(secret) < 32:
        raise RuntimeError(
            "SECRET_KEY is missing, the default, or shorter than 32 characters: "
            "set a long random SECRET_KEY before starting in production."
        )


def _refuse_missing_audit_key(app: Flask, kind: str) -> None:
    if kind != "production" or app.config.get("TESTING"):
        return
    if len(app.config.get("AUDIT_KEY") or "") < 32:
        raise RuntimeError(
            "AUDIT_KEY is missing or shorter than 32 characters: production keys the audit "
            "chain with a secret kept outside the database; set a long random AUDIT_KEY."
        )


def _refuse_bad_photo_store(app: Flask) -> None:
    # A misspelt store or a bucket-less S3 store would only show when the first photo arrives.
    kind = str(app.config.get("PHOTO_STORE") or "folder").lower()
    if kind not in ("folder", "s3"):
        raise RuntimeError(f"PHOTO_STORE must be 'folder' or 's3', not {kind!r}.")
    if kind == "s3" and not app.config.get("S3_BUCKET"):
        raise RuntimeError("PHOTO_STORE=s3 needs S3_BUCKET (and S3_ENDPOINT_URL, keys, region).")
