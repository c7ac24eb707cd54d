"""`flask audit verify` compares every audited row with the state its last entry recorded."""

import json

import pytest
from sqlalchemy import select, text, update

from relief.audit.chain import dev_key, entry_hash
from relief.audit.models import AuditEntry, AuditHead
from relief.extensions import db
from relief.unit_of_work import commit_write


def _delivered_with_bast(new_shipment, client, logistics_headers) -> dict:
    shipment = new_shipment(dispatch=True)
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/deliver",
        json={
            "version": shipment["version"],
            "lat": -6.62,
            "lon": 106.38,
            "received_by": "Kepala Desa",
            "receiver_role": "Kepala Desa",
            "items": [{"commodity": "rice", "accepted": 400, "rejected": 100, "reason": "basah"}],
        },
        headers=logistics_headers,
    )
    assert response.status_code == 200, response.json
    return response.json


def _raw(app, sql: str, **params) -> None:
    with app.app_context():
        db.session.execute(text(sql), params)
        commit_write()


def _verify(runner, *args):
    result = runner.invoke(args=["audit", "verify", *args])
    return result.exit_code, result.output


def test_untouched_rows_verify(runner, new_shipment, client, logistics_headers):
    _delivered_with_bast(new_shipment, client, logistics_headers)
    code, output = _verify(runner)
    assert code == 0, output
    assert "0 finding(s)" in output


def test_a_direct_update_of_a_bast_quantity_is_named_by_table_row_and_field(
    app, runner, new_shipment, client, logistics_headers
):
    _delivered_with_bast(new_shipment, client, logistics_headers)
    with app.app_context():
        item_id = db.session.scalar(
            text("SELECT id FROM receipt_item WHERE commodity_code = 'rice'")
        )
    _raw(app, "UPDATE receipt_item SET accepted_base = 1000 WHERE id = :i", i=item_id)
    code, output = _verify(runner)
    assert code == 1
    assert f"receipt_item row {item_id}: field accepted_base is 1000.0" in output
    assert "recorded 400.0" in output


def test_a_direct_delete_is_detected(app, runner, new_shipment, client, logistics_headers):
    _delivered_with_bast(new_shipment, client, logistics_headers)
    with app.app_context():
        item_id = db.session.scalar(text("SELECT min(id) FROM receipt_item"))
    _raw(app, "DELETE FROM receipt_item WHERE id = :i", i=item_id)
    code, output = _verify(runner)
    assert code == 1
    assert f"receipt_item row {item_id}: recorded by audit entry" in output
    assert "direct DELETE" in output


def test_a_direct_insert_is_detected(app, runner, new_shipment, client, logistics_headers):
    shipment = new_shipment()
    _raw(
        app,
        "INSERT INTO shipment_status_change (shipment_id, from_status, to_status, at, "
        "recorded_at, by_label, note) VALUES (:s, 'planned', 'cancelled', "
        "'2020-01-05 00:00:00+00:00', '2020-01-05 00:00:00+00:00', 'x', '')",
        s=shipment["id"],
    )
    code, output = _verify(runner)
    assert code == 1
    assert "shipment_status_change row" in output and "direct INSERT" in output


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("shipment", "destination_code", "'36.02.25.2004'"),
        ("shipment_item", "quantity_base", "5000"),
        ("user_account", "role", "'admin'"),
        ("user_account", "password_hash", "'pbkdf2:sha256:1$x$y'"),
        ("norm", "amount", "4"),
    ],
)
def test_direct_updates_of_each_audited_kind_are_detected(
    app, runner, new_shipment, client, logistics_headers, table, column, value
):
    new_shipment(dispatch=True)
    with app.app_context():  # norms are reference rows kept for the whole run: put back after
        amounts = db.session.execute(text("SELECT id, amount FROM norm")).all()
    try:
        _raw(app, f"UPDATE {table} SET {column} = {value}")  # noqa: S608 - test constants
        code, output = _verify(runner)
    finally:
        with app.app_context():
            for norm_id, amount in amounts:
                db.session.execute(
                    text("UPDATE norm SET amount = :a WHERE id = :i"), {"a": amount, "i": norm_id}
                )
            commit_write()
    assert code == 1
    assert f"field {column} is" in output and f"{table} row" in output


def test_a_resident_report_text_changed_is_detected_though_the_chain_holds_only_a_digest(
    app, runner, client
):
    response = client.post(
        "/api/v1/reports",
        json={
            "village_code": "36.02.25.2003",
            "category": "not_received",
            "text": "Beras belum sampai ke RT kami.",
        },
    )
    assert response.status_code in (200, 201), response.json
    with app.app_context():
        payloads = " ".join(db.session.scalars(select(AuditEntry.payload)))
    assert "Beras belum sampai" not in payloads
    _raw(app, "UPDATE resident_report SET text = 'Semua sudah diterima.'")
    code, output = _verify(runner)
    assert code == 1 and "resident_report row" in output and "field text" in output


SECRET = "k" * 48


@pytest.fixture
def secret_audit_key(app):
    """The app keyed with a secret AUDIT_KEY, on a chain started under it (the reference
    rows' entry re-keyed, as on a deployment that had the key from its first write)."""
    app.config["AUDIT_KEY"] = SECRET
    with app.app_context():
        _rechain(SECRET.encode())
        commit_write()
    yield SECRET
    app.config["AUDIT_KEY"] = None


def test_a_chain_recomputed_without_the_key_fails(
    secret_audit_key, app, runner, new_shipment, client, logistics_headers
):
    """The attacker edits a row and its entry, then re-chains everything with the app's own
    code, but without AUDIT_KEY (the published development key, or any guess)."""
    _delivered_with_bast(new_shipment, client, logistics_headers)
    code, output = _verify(runner)
    assert code == 0, output
    with app.app_context():
        _rechain_after_edit(dev_key())
        commit_write()
    code, output = _verify(runner)
    assert code == 1
    assert "AUDIT CHAIN BROKEN at entry 1" in output and "altered" in output
    assert "0 finding(s)" in output  # the rows were forged to match: only the key tells


def _rechain_after_edit(key: bytes) -> None:
    """Set every rice BAST line to 1000 and every entry to say so, then rebuild all hashes."""
    db.session.execute(
        text("UPDATE receipt_item SET accepted_base = 1000 WHERE commodity_code = 'rice'")
    )
    _rechain(key, edit=True)


def _rechain(key: bytes, edit: bool = False) -> None:
    prev = "0" * 64
    for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        if edit:
            payload = json.loads(entry.payload)
            for state in (payload.get("rows") or {}).get("receipt_item", {}).values():
                if state and state["commodity_code"] == "rice":
                    state["accepted_base"] = 1000.0
            entry.payload = json.dumps(
                payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False
            )
        entry.prev_hash = prev
        entry.hash = entry_hash(
            entry.seq,
            entry.at.isoformat(timespec="microseconds"),
            entry.actor,
            entry.action,
            entry.entity,
            entry.entity_id,
            entry.payload,
            prev,
            key,
        )
        prev = entry.hash
    db.session.execute(update(AuditHead).values(hash=prev))


def test_the_same_recomputation_with_the_key_would_pass(
    secret_audit_key, app, runner, new_shipment, client, logistics_headers
):
    """The control for the test above: with the key the forgery verifies, so the key is what
    protects the chain (and it is not in the database)."""
    _delivered_with_bast(new_shipment, client, logistics_headers)
    with app.app_context():
        _rechain_after_edit(secret_audit_key.encode())
        commit_write()
    assert _verify(runner)[0] == 0


def test_a_head_rolled_back_is_caught_by_the_published_anchors(
    app, runner, new_shipment, client, logistics_headers, tmp_path
):
    anchors = tmp_path / "anchors.log"
    new_shipment()
    assert runner.invoke(args=["audit", "publish-head", "--file", str(anchors)]).exit_code == 0
    _delivered_with_bast(new_shipment, client, logistics_headers)
    assert runner.invoke(args=["audit", "publish-head", "--file", str(anchors)]).exit_code == 0
    code, output = _verify(runner, "--anchors", str(anchors))
    assert code == 0, output
    # Roll back: drop the newest entries and move the head to the last one kept, as a restore
    # of an older backup would; the chain itself then verifies.
    first_seq = int(anchors.read_text().splitlines()[0].split()[1])
    with app.app_context():
        kept = db.session.get(AuditEntry, first_seq)
        db.session.execute(text("DELETE FROM audit_entry WHERE seq > :s"), {"s": first_seq})
        db.session.execute(update(AuditHead).values(seq=first_seq, hash=kept.hash))
        commit_write()
    code, output = _verify(runner, "--anchors", str(anchors))
    assert code == 1
    assert "ANCHOR line 2" in output and "rolled back" in output
    assert "audit chain intact" in output  # the chain alone could not tell


def test_a_rewritten_entry_under_a_published_head_is_caught(app, runner, new_shipment, tmp_path):
    anchors = tmp_path / "anchors.log"
    new_shipment()
    runner.invoke(args=["audit", "publish-head", "--file", str(anchors)])
    seq = int(anchors.read_text().split()[1])
    _raw(app, "UPDATE audit_entry SET hash = :h WHERE seq = :s", h="f" * 64, s=seq)
    code, output = _verify(runner, "--anchors", str(anchors))
    assert code == 1 and "chain rewritten" in output
