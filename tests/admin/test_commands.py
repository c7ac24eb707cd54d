"""`users create --password-stdin`, `catalog load-defaults` and `setup check`."""

from sqlalchemy import select

from relief.extensions import db
from tests.admin.conftest import audit_actions


def test_first_admin_from_standard_input_can_sign_in(runner, client):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "kepala",
            "--role",
            "admin",
            "--name",
            "Kepala Pusdalops",
            "--password-stdin",
        ],
        input="PusdalopsBanten2026\n",
    )
    assert result.exit_code == 0, result.output
    assert "created kepala (admin)" in result.output
    response = client.post(
        "/api/v1/auth/token", json={"username": "kepala", "password": "PusdalopsBanten2026"}
    )
    assert response.status_code == 201 and response.json["role"] == "admin"


def test_a_weak_password_from_standard_input_is_refused(runner, app):
    from relief.auth.models import User

    result = runner.invoke(
        args=["users", "create", "lemah", "--role", "admin", "--name", "Lemah", "--password-stdin"],
        input="password\n",
    )
    assert result.exit_code == 1
    assert "10" in result.output  # the minimum length is named
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "lemah")) is None


def test_a_logistics_account_from_the_command_line_needs_its_scope(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "lapangan",
            "--role",
            "logistics",
            "--name",
            "Lapangan",
            "--password-stdin",
        ],
        input="LapanganLebak2026\n",
    )
    assert result.exit_code == 1
    assert "organisation_id" in result.output and "area_codes" in result.output


def test_catalog_defaults_never_overwrite_and_are_audited(runner, app):
    result = runner.invoke(args=["catalog", "load-defaults"])
    assert result.exit_code == 0, result.output
    assert "added 0 commodities, 0 units, 0 norms" in result.output  # the run has them already
    assert audit_actions(app, "catalog") == ["load_catalog_defaults"]


def test_setup_check_lists_what_is_missing_until_all_is_there(
    runner, app, lebak_setup, scoped_logistics
):
    result = runner.invoke(args=["setup", "check"])
    assert result.exit_code == 1
    missing = [line for line in result.output.splitlines() if "MISSING" in line]
    assert len(missing) == 1 and "notifikasi" in missing[0].lower()
    before = app.config.get("ALERT_WEBHOOK_URL")
    app.config["ALERT_WEBHOOK_URL"] = "http://127.0.0.1:9/hook"
    try:
        result = runner.invoke(args=["setup", "check"])
    finally:
        app.config["ALERT_WEBHOOK_URL"] = before
    assert result.exit_code == 0, result.output
    assert "ready" in result.output


def test_setup_check_on_a_database_without_setup(runner):
    result = runner.invoke(args=["setup", "check"])
    assert result.exit_code == 1
    for missing in ("Organisasi", "Kejadian", "Gudang", "Akun logistik"):
        assert any(missing in line and "MISSING" in line for line in result.output.splitlines())
    assert "POST /api/v1/events" in result.output
