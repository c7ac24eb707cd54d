"""`/api/v1/auth`: exchange credentials for a bearer token."""

from flask_smorest import Blueprint

from relief.auth import services
from relief.auth.schemas import TokenRequestSchema, TokenSchema
from relief.core.errors import DomainError, ErrorSchema
from relief.core.permissions import PUBLIC, roles
from relief.extensions import limiter
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
