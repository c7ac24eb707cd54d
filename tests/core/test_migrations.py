"""The migrations build exactly the schema the models describe."""

from relief import create_app


def test_upgrade_from_empty_matches_the_models(tmp_path):
    app = create_app(
        {"CONFIG_KIND": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.db"}
    )
    runner = app.test_cli_runner()
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, upgrade.output
    check = runner.invoke(args=["db", "check"])
    assert check.exit_code == 0, check.output
