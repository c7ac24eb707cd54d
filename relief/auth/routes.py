"""Sign-in pages and the admin's user management."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from marshmallow import EXCLUDE, ValidationError

from relief.auth import accounts, queries, services
from relief.auth.forms import LoginForm, TokenForm, UserForm
from relief.auth.models import User
from relief.auth.schemas import UserQuerySchema
from relief.core.errors import DomainError
from relief.core.form_tokens import once
from relief.core.permissions import ADMIN, PUBLIC, STAFF, roles
from relief.extensions import db, limiter
from relief.organisations.queries import all_organisations
from relief.unit_of_work import writes

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("dashboard.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@roles(PUBLIC)
@writes
@limiter.limit("20 per minute", methods=["POST"])
def login():
    """Sign in; in demo mode the page lists the demo accounts."""
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("Nama pengguna atau kata sandi salah."))
    demo_accounts = queries.demo_accounts() if current_app.config["DEMO_MODE"] else []
    status = 200 if request.method == "GET" or not form.errors else 422
    return render_template("auth/login.html", form=form, demo_accounts=demo_accounts), status


@bp.route("/logout", methods=["POST"])
@roles(*STAFF)
@writes
@login_required
def logout():
    """Sign out: ends this account's sessions and API tokens everywhere (a copied cookie too)."""
    services.end_sessions(current_user)
    logout_user()
    return redirect(url_for("public.home"))


def _codes(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]


@bp.route("/admin/users", methods=["GET", "POST"])
@roles(ADMIN)
@writes
@once
def users():
    """Staff accounts with filters; create one with its organisation and scope."""
    form = UserForm()
    organisations = [(o.id, o.name) for o in all_organisations()]
    form.organisation_id.choices = [(0, _("(tanpa organisasi)"))] + organisations
    status = 200
    if form.validate_on_submit():
        try:
            user = accounts.register_user(
                {
                    "username": form.username.data.strip(),
                    "name": form.name.data.strip(),
                    "role": form.role.data,
                    "password": form.password.data,
                    "organisation_id": form.organisation_id.data or None,
                    "area_codes": _codes(form.area_codes.data),
                }
            )
        except DomainError as err:
            db.session.rollback()
            flash(err.message, "error")
            for field, messages in err.fields.items():
                target = getattr(form, field, None)
                if target is None:
                    flash(" ".join(map(str, messages)), "error")
                else:
                    target.errors = list(target.errors) + list(messages)
            status = 422
        else:
            flash(_("Pengguna %(u)s dibuat.", u=user.username), "success")
            return redirect(url_for("auth.users"))
    elif request.method == "POST":
        status = 422
    try:
        filters = UserQuerySchema().load(
            {k: v for k, v in request.args.items() if v != ""}, unknown=EXCLUDE
        )
    except ValidationError:
        flash(_("Filter tidak valid."), "error")
        filters = {}
    return render_template(
        "auth/users.html",
        form=form,
        filters=filters,
        organisations=dict(organisations),
        users=list(db.session.scalars(queries.user_search(filters))),
    ), status


@bp.route("/account/tokens", methods=["GET", "POST"])
@roles(*STAFF)
@writes
def tokens():
    """A signed-in user's API tokens: issue a new one (shown once) or revoke."""
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        new_token = services.issue_token(current_user, form.label.data or "")
    return render_template(
        "auth/tokens.html", form=form, new_token=new_token, tokens=queries.tokens_of(current_user)
    )


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@roles(*STAFF)
@writes
def revoke_token(token_id: int):
    """Revoke one of one's own tokens."""
    token = queries.token_of(current_user, token_id)
    services.revoke_token(token.id)
    flash(_("Token dicabut."), "success")
    return redirect(url_for("auth.tokens"))


@bp.route("/admin/users/<int:user_id>/tokens")
@roles(ADMIN)
def user_tokens(user_id: int):
    """An account's API tokens, for an admin to revoke one or end every session and token."""
    user = db.get_or_404(User, user_id)
    return render_template("auth/user_tokens.html", user=user, tokens=queries.tokens_of(user))


@bp.route("/admin/users/<int:user_id>/tokens/<int:token_id>/revoke", methods=["POST"])
@roles(ADMIN)
@writes
def admin_revoke_token(user_id: int, token_id: int):
    """Revoke one token of another account."""
    user = db.get_or_404(User, user_id)
    services.revoke_token(queries.token_of(user, token_id).id)
    flash(_("Token dicabut."), "success")
    return redirect(url_for("auth.user_tokens", user_id=user.id))


@bp.route("/admin/users/<int:user_id>/sessions/end", methods=["POST"])
@roles(ADMIN)
@writes
def end_user_sessions(user_id: int):
    """End every session and API token of an account at once."""
    user = db.get_or_404(User, user_id)
    services.end_sessions(user)
    flash(_("Semua sesi dan token %(u)s diakhiri.", u=user.username), "success")
    return redirect(url_for("auth.user_tokens", user_id=user.id))
