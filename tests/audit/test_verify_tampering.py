"""`flask audit verify` notices rows changed or removed behind the app's back."""

from sqlalchemy import text

from relief.extensions import db
from relief.unit_of_work import commit_write


def _three_writes(new_shipment, client, logistics_headers) -> None:
    shipment = new_shipment(dispatch=True)
    client.post(
        f"/api/v1/shipments/{shipment['id']}/cancel",
        json={"version": shipment["version"], "reason": "uji"},
        headers=logistics_headers,
    )


def _raw(app, sql: str) -> None:
    with app.app_context():
        db.session.execute(text(sql))
        commit_write()


def test_verify_passes_on_an_untouched_chain(runner, new_shipment, client, logistics_headers):
    _three_writes(new_shipment, client, logistics_headers)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    # reference rows, the new user, three writes, and the stock lines the dispatch and
    # the cancellation wrote in the depot's ledger
    assert "7 entries" in result.output


def test_verify_names_an_entry_updated_with_raw_sql(
    app, runner, new_shipment, client, logistics_headers
):
    _three_writes(new_shipment, client, logistics_headers)
    _raw(app, 'UPDATE audit_entry SET payload = \'{"reason":"lain"}\' WHERE seq = 3')
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "entry 3" in result.output and "altered" in result.output


def test_verify_names_an_entry_deleted_with_raw_sql(
    app, runner, new_shipment, client, logistics_headers
):
    _three_writes(new_shipment, client, logistics_headers)
    _raw(app, "DELETE FROM audit_entry WHERE seq = 3")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "entry 3" in result.output and "deleted" in result.output


def test_verify_notices_the_last_entry_deleted(
    app, runner, new_shipment, client, logistics_headers
):
    _three_writes(new_shipment, client, logistics_headers)
    _raw(app, "DELETE FROM audit_entry WHERE seq = 5")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
