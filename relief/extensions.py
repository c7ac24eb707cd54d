"""Flask extensions, created unbound and wired in ``create_app`` with ``init_app``."""

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base shared by every domain's models."""


class RestApi(Api):
    """flask-smorest Api whose errors leave through the project's single error handler
    (relief.core.setup gives it the envelope schema, ERROR_SCHEMA, before init_app)."""

    def _register_error_handlers(self) -> None:
        # relief.core.errors registers the one handler for every HTTPException.
        return None


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)
api = RestApi()
compress = Compress()
