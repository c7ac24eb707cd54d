"""`/api/v1/auth`: exchange credentials for a bearer token; `/api/v1/users`: staff accounts."""

from flask import abort
from flask_login import current_user
from flask_smorest import Blueprint

from relief.auth import accounts, queries, services
from relief.auth.models import ApiToken, User
from relief.auth.schemas import (
    TokenInfoSchema,
    TokenListArgsSchema,
    TokenRequestSchema,
    TokenSchema,
    UserCreateSchema,
    UserPatchSchema,
    UserQuerySchema,
    UserSchema,
)
from relief.core.errors import DomainError, ErrorSchema
from relief.core.pagination import PageArgsSchema, page_of, paginate
from relief.core.permissions import ADMIN, PUBLIC, STAFF, roles
from relief.extensions import db, limiter
from relief.unit_of_work import admin_writes, writes

blp = Blueprint("auth_api", __name__, url_prefix="/api/v1", description="Sign-in, staff accounts")


class UserListArgs(UserQuerySchema, PageArgsSchema):
    """Filters and page of the user list."""


@blp.route("/auth/token", methods=["POST"])
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


@blp.route("/users")
@roles(ADMIN)
@blp.arguments(UserListArgs, location="query")
@blp.response(200, page_of(UserSchema))
def list_users(args: dict):
    """Staff accounts by role, organisation, active, scope code and name (admin)."""
    return paginate(queries.user_search(args), args["page"], args["per_page"])


@blp.route("/users", methods=["POST"])
@admin_writes(blp, UserCreateSchema, UserSchema)
def create_user(data: dict):
    """Create a staff account with organisation and scope (`area_codes`); audited."""
    return accounts.register_user(data)


@blp.route("/users/<int:user_id>", methods=["PATCH"])
@admin_writes(blp, UserPatchSchema, UserSchema, status=200, errors=(404,))
def update_user(data: dict, user_id: int):
    """Change role, organisation or scope, or disable an account (its tokens stop at once)."""
    return accounts.update_user(db.get_or_404(User, user_id), data, by=current_user)


def _owner_or_admin(user_id: int | None) -> User:
    """The account whose tokens are asked for: one's own, or any for an admin."""
    if user_id is None or user_id == current_user.id:
        return current_user
    if current_user.role != ADMIN:
        abort(403)
    return db.get_or_404(User, user_id)


@blp.route("/auth/tokens", methods=["GET"])
@roles(*STAFF)
@blp.arguments(TokenListArgsSchema, location="query")
@blp.response(200, TokenInfoSchema(many=True))
@blp.alt_response(403, schema=ErrorSchema, description="Another account's tokens (admins only)")
@blp.alt_response(404, schema=ErrorSchema, description="No such account")
def list_tokens(args: dict):
    """One's own API tokens (an admin may ask for another account's with `user_id`)."""
    return queries.tokens_of(_owner_or_admin(args.get("user_id")))


@blp.route("/auth/tokens/<int:token_id>", methods=["DELETE"])
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


@blp.route("/auth/users/<int:user_id>/sessions", methods=["DELETE"])
@admin_writes(blp, status=204, errors=((404, "No such account"),))
def end_user_sessions(user_id: int):
    """End every session and API token of an account at once (admins)."""
    services.end_sessions(db.get_or_404(User, user_id))
