"""`/api/v1/auth`: exchange credentials for a bearer token."""

from flask import abort
from flask_login import current_user
from flask_smorest import Blueprint

from relief.auth import queries, services
from relief.auth.models import ApiToken, User
from relief.auth.schemas import (
    TokenInfoSchema,
    TokenListArgsSchema,
    TokenRequestSchema,
    TokenSchema,
)
from relief.core.errors import DomainError, ErrorSchema
from relief.core.permissions import ADMIN, PUBLIC, STAFF, roles
from relief.extensions import db, limiter
from relief.unit_of_work import writes

blp = Blueprint("auth_api", __name__, url_prefix="/api/v1/auth", description="Token sign-in")


@blp.route("/token", methods=["POST"])
@roles(PUBLIC)
@writes
@limiter.limit("10 per minute")
@blp.arguments(TokenRequestSchema)
@blp.response(201, TokenSchema)
@blp.alt_response(401, schema=ErrorSchema, description="Wrong username or password")
def create_token(credentials: dict):
    """Sign in with username and password; answers a bearer token for the API."""
    user = services.authenticate(credentials["username"], credentials["password"])
    if user is None:
        raise DomainError("Nama pengguna atau kata sandi salah.", status=401)
    token = services.issue_token(user, label="api")
    return {"token": token, "role": user.role, "username": user.username}


def _owner_or_admin(user_id: int | None) -> User:
    """The account whose tokens are asked for: one's own, or any for an admin."""
    if user_id is None or user_id == current_user.id:
        return current_user
    if current_user.role != ADMIN:
        abort(403)
    return db.get_or_404(User, user_id)


@blp.route("/tokens", methods=["GET"])
@roles(*STAFF)
@blp.arguments(TokenListArgsSchema, location="query")
@blp.response(200, TokenInfoSchema(many=True))
@blp.alt_response(403, schema=ErrorSchema, description="Another account's tokens (admins only)")
@blp.alt_response(404, schema=ErrorSchema, description="No such account")
def list_tokens(args: dict):
    """One's own API tokens (an admin may ask for another account's with `user_id`)."""
    return queries.tokens_of(_owner_or_admin(args.get("user_id")))


@blp.route("/tokens/<int:token_id>", methods=["DELETE"])
@roles(*STAFF)
@writes
@blp.response(204)
@blp.alt_response(404, schema=ErrorSchema, description="No such token of yours")
def delete_token(token_id: int):
    """Revoke a token: one's own, or any account's for an admin."""
    token = db.get_or_404(ApiToken, token_id)
    if token.user_id != current_user.id and current_user.role != ADMIN:
        abort(404)
    services.revoke_token(token.id)


@blp.route("/users/<int:user_id>/sessions", methods=["DELETE"])
@roles(ADMIN)
@writes
@blp.response(204)
@blp.alt_response(404, schema=ErrorSchema, description="No such account")
def end_user_sessions(user_id: int):
    """End every session and API token of an account at once (admins)."""
    services.end_sessions(db.get_or_404(User, user_id))
