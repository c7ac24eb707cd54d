"""Pantau Bantuan: village-by-village tracking of disaster-relief deliveries."""

import importlib
import importlib.util
import os
from pathlib import Path

from flask import Flask

from relief.config import CONFIGS, DEFAULT_SECRET_KEY, _database_url

# Each domain may bring `routes.bp` (pages), `api.blp` (flask-smorest) and `cli.commands`.
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
    "dashboard",
    "demo",
    "admin",
    "ombudsman",
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

    from relief.core import setup

    setup.init_extensions(app)
    # Flask-Login's session and bearer-token loaders (registered when imported).
    from relief.auth import loaders  # noqa: F401
    from relief.catalog.labels import goods, unit_label
    from relief.logistics.labels import status_label

    app.jinja_env.globals.update(status_label=status_label, unit_label=unit_label, goods=goods)
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
    ):
        full = f"relief.{domain}.{module_name}"
        if importlib.util.find_spec(full) is None:
            continue
        part = getattr(importlib.import_module(full), attribute, None)
        if part is not None:
            register(part)


def _refuse_unsafe_production(app: Flask) -> None:
    if app.config.get("TESTING") or app.config.get("DEMO_MODE"):
        return
    if app.config["SECRET_KEY"] == DEFAULT_SECRET_KEY or len(app.config["SECRET_KEY"]) < 32:
        raise RuntimeError(
            "SECRET_KEY is missing, the default, or shorter than 32 characters: "
            "set a long random SECRET_KEY before starting in production."
        )
