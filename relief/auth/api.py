"""`/api/v1/auth`: exchange credentials for a bearer token; `/api/v1/users`: staff accounts."""

from flask_login import current_user
from flask_smorest import Blueprint

from relief.auth import accounts, queries, services
from relief.auth.models import User
from relief.auth.schemas import (
    TokenRequestSchema,
    TokenSchema,
    UserCreateSchema,
    UserPatchSchema,
    UserQuerySchema,
    UserSchema,
)
from relief.core.errors import DomainError, ErrorSchema
from relief.core.pagination import PageArgsSchema, page_of, paginate
from relief.core.permissions import ADMIN, PUBLIC, roles
from relief.extensions import db, limiter
from relief.unit_of_work import writes

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
@roles(ADMIN)
@writes
@blp.arguments(UserCreateSchema)
@blp.response(201, UserSchema)
@blp.alt_response(422, schema=ErrorSchema, description="Invalid input, per-field messages")
def create_user(data: dict):
    """Create a staff account with organisation and scope (`area_codes`); audited."""
    return accounts.register_user(data)


@blp.route("/users/<int:user_id>", methods=["PATCH"])
@roles(ADMIN)
@writes
@blp.arguments(UserPatchSchema)
@blp.response(200, UserSchema)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(422, schema=ErrorSchema, description="Invalid input, per-field messages")
def update_user(data: dict, user_id: int):
    """Change role, organisation or scope, or disable an account (its tokens stop at once)."""
    return accounts.update_user(db.get_or_404(User, user_id), data, by=current_user)
