"""The one error envelope: JSON for API clients, an HTML page for browsers."""

import json
import logging

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from marshmallow import Schema, fields
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from relief.core.field_messages import N_, localise
from relief.extensions import db

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
}


class ErrorDetailSchema(Schema):
    """The inner object of every error answer."""

    code = fields.String(required=True)
    message = fields.String(required=True)
    fields = fields.Dict(metadata={"description": "Per-field messages, where input was bad"})


class ErrorEnvelopeSchema(Schema):
    """`{"error": {"code", "message", "fields"}}` (documented for OpenAPI)."""

    error = fields.Nested(ErrorDetailSchema, required=True)


class DomainError(Exception):
    """A business rule said no; carries the HTTP status to answer with."""

    status = 422
    code = "validation_error"

    def __init__(self, message: str, fields: dict | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        if status:
            self.status = status
            self.code = CODES.get(status, self.code)


class ConflictError(DomainError):
    """The record changed since the client read it, or the state forbids the step."""

    status = 409
    code = "conflict"


def wants_json() -> bool:
    """API paths and clients that prefer JSON get the JSON envelope."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def _flatten(messages) -> dict:
    """webargs nests messages by location (json/query/form); callers want field -> messages."""
    if isinstance(messages, dict) and set(messages) <= {
        "json",
        "query",
        "form",
        "files",
        "headers",
        "view_args",
        "querystring",
    }:
        flat: dict = {}
        for part in messages.values():
            if isinstance(part, dict):
                flat.update(part)
        return flat
    return messages if isinstance(messages, dict) else {"_schema": messages}


def error_response(status: int, code: str, message: str, fields: dict | None = None, headers=None):
    """Build the envelope in the representation the client asked for; field messages are
    given in the request's language (Accept-Language on the API)."""
    fields = localise(fields) if fields else fields
    if wants_json():
        body = {"error": {"code": code, "message": message}}
        if fields:
            body["error"]["fields"] = fields
        response = jsonify(body)
    else:
        html = render_template("errors/error.html", status=status, message=message, fields=fields)
        response = make_response(html)
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _messages_for(status: int) -> str:
    return {
        400: _("Permintaan tidak dapat dibaca."),
        401: _("Silakan masuk terlebih dahulu."),
        403: _("Anda tidak berhak melakukan ini."),
        404: _("Tidak ditemukan."),
        405: _("Metode tidak diizinkan."),
        409: _("Konflik dengan keadaan data saat ini."),
        413: _("Isi permintaan terlalu besar."),
        422: _("Data tidak valid."),
        429: _("Terlalu banyak permintaan; coba lagi nanti."),
    }.get(status, _("Terjadi kesalahan di server."))


def handle_http_exception(error: HTTPException):
    """Every HTTP error, including webargs validation failures, in one envelope."""
    db.session.rollback()
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    fields = _flatten(data.get("errors") or data.get("messages") or {}) or None
    message = data.get("message") or _messages_for(status)
    headers = dict(data.get("headers") or {})
    if status == 429 and error.description:
        message = _messages_for(429)
    if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    return error_response(status, CODES.get(status, "error"), message, fields, headers)


def handle_domain_error(error: DomainError):
    """Business-rule refusals carry their own status and field messages."""
    db.session.rollback()
    return error_response(error.status, error.code, error.message, error.fields or None)


def handle_unexpected(error: Exception):
    """Never leak a stack trace or SQL: log it, answer a plain 500."""
    if isinstance(error, HTTPException):
        return handle_http_exception(error)
    db.session.rollback()
    log.exception("unhandled error", exc_info=error)
    return error_response(500, "internal_error", _messages_for(500))


def conflict_response():
    """409: the data changed under this request; the client should read again and retry."""
    return error_response(409, "conflict", _messages_for(409))


def handle_concurrent_change(error: Exception):
    """A row changed or appeared between this request's read and its write (a version check
    or a unique index caught it): the client should read again, as with a stale version."""
    db.session.rollback()
    log.info("concurrent change refused: %s", error)
    return error_response(409, "conflict", _messages_for(409))


def handle_unstorable_value(error: DataError):
    """A value the database cannot hold (out of range, NUL byte): the input's fault, not ours."""
    db.session.rollback()
    log.info("refused unstorable value: %s", error.orig)
    return error_response(422, "validation_error", _messages_for(422))


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _contains_nul(values) -> bool:
    return any("\x00" in str(v) for v in values)


def refuse_nul_characters():
    """PostgreSQL text cannot hold NUL: refuse it in any input before it reaches SQL."""
    # Only JSON bodies are scanned raw: uploaded files (shapefiles, XLSX) contain NUL bytes.
    body = request.get_data(cache=True) if request.is_json and request.content_length else b""
    if (
        _contains_nul(request.args.values())
        or _contains_nul((request.view_args or {}).values())
        or b"\x00" in body
        or b"\\u0000" in body
        or (request.mimetype in FORM_TYPES and _contains_nul(request.form.values()))
    ):
        return error_response(
            400,
            "bad_request",
            _messages_for(400),
            {"_input": [N_("Karakter NUL tidak diizinkan.")]},
        )
    return None


def _json_problem(body: bytes, max_depth: int) -> str | None:
    """Why a JSON body cannot be handled safely (too deep, a lone surrogate), else None.

    Invalid JSON is left to the schema layer, which names the problem for the client.
    """
    try:
        document = json.loads(body)
    except RecursionError:
        return "too_deep"
    except ValueError:
        return None
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > max_depth:
                return "too_deep"
            children = value.items() if isinstance(value, dict) else enumerate(value)
            for key, child in children:
                if isinstance(key, str) and not _encodable(key):
                    return "surrogate"
                stack.append((child, depth + 1))
        elif isinstance(value, str) and not _encodable(value):
            return "surrogate"
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate such as "\ud800": no database can store it
        return False
    return True


JSON_PROBLEMS = {
    "too_deep": N_("JSON bersarang terlalu dalam."),
    "surrogate": N_("Teks berisi karakter Unicode yang tidak sah (surrogate tunggal)."),
}


def refuse_unsafe_json(max_depth: int):
    """A 400 for JSON bodies nested past `max_depth` or holding a lone surrogate."""
    if not request.is_json:
        return None
    body = request.get_data(cache=True)
    problem = _json_problem(body, max_depth) if body else None
    if problem is None:
        return None
    return error_response(
        400, "bad_request", _messages_for(400), {"_input": [JSON_PROBLEMS[problem]]}
    )


def body_too_large(limit: int) -> bool:
    """Whether the body exceeds `limit` bytes, by its Content-Length or, for a chunked body
    (no Content-Length), by reading at most one byte past the limit."""
    if request.content_length is not None:
        return request.content_length > limit
    if not request.environ.get("wsgi.input_terminated"):
        return False  # werkzeug reads no body of unknown length from such a server
    request.max_content_length = limit + 1  # werkzeug stops reading there
    return len(request.get_data(cache=True)) > limit


def init_app(app: Flask) -> None:
    """Register the handlers, the API body-size limit and the NUL-character guard."""
    app.register_error_handler(DataError, handle_unstorable_value)
    app.register_error_handler(IntegrityError, handle_concurrent_change)
    app.register_error_handler(StaleDataError, handle_concurrent_change)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)

    @app.before_request
    def limit_api_body():
        if request.path.startswith("/api/"):
            # An upload endpoint names its own limit (view attribute `max_body_config`).
            view = app.view_functions.get(request.endpoint)
            limit = app.config[getattr(view, "max_body_config", "API_MAX_BODY")]
            if body_too_large(limit):
                return error_response(413, "payload_too_large", _messages_for(413))
        return refuse_nul_characters() or refuse_unsafe_json(app.config["JSON_MAX_DEPTH"])


ErrorSchema = ErrorEnvelopeSchema  # the name the API modules import
