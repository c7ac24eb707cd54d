"""Wire extensions to the app; keeps ``create_app`` short."""

from pathlib import Path

from flask import Flask, has_request_context, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

from relief.core.form_messages import form_error_links
from relief.extensions import api, babel, compress, csrf, db, limiter, login_manager, migrate


def select_locale() -> str:
    """Indonesian first; English when the visitor chose it (?lang=en or the toggle), or, for
    API clients that made no choice, when their Accept-Language prefers it."""
    if not has_request_context():  # commands and jobs speak Indonesian
        return "id"
    wanted = request.args.get("lang")
    if wanted in ("id", "en"):
        session["lang"] = wanted
    if "lang" not in session and request.path.startswith("/api/"):
        return request.accept_languages.best_match(("id", "en"), default="id")
    return session.get("lang", "id")


def init_extensions(app: Flask) -> None:
    """Bind every extension and the request lifecycle hooks."""
    from relief.core import (
        cache,
        database,
        errors,
        formatting,
        jobs,
        permissions,
        security,
        static_files,
    )
    from relief.core.fields import RecordIdConverter
    from relief.core.form_tokens import one_time_token

    app.url_map.converters["int"] = RecordIdConverter
    trusted = app.config.get("TRUSTED_PROXIES", 0)
    if trusted:
        # Behind N proxies the client is the Nth address from the right of X-Forwarded-For:
        # rate limits and logs then count real clients, not the proxy's socket.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted, x_proto=trusted, x_host=trusted)
    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(app.root_path).parent / "migrations"), render_as_batch=True
    )
    jobs.init_app(app)
    database.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    formatting.init_app(app)
    app.jinja_env.globals["one_time_token"] = one_time_token
    limiter.init_app(app)
    api.ERROR_SCHEMA = errors.ErrorEnvelopeSchema  # documents every error answer
    api.init_app(app)
    cache.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    permissions.init_app(app)
    static_files.init_app(app)
    compress.init_app(app)  # pages and JSON; static files and geometry come gzipped already

    app.jinja_env.globals["form_error_links"] = form_error_links

    @app.context_processor
    def inject_locale() -> dict:
        return {"current_lang": session.get("lang", "id"), "demo_mode": app.config["DEMO_MODE"]}
