"""API field messages follow Accept-Language: English clients read English, Indonesian ones
(and those who state nothing) never read marshmallow's English defaults."""

import pytest

from relief.core.field_messages import DEFAULTS, localise


def _fields(client, headers, lang=None, **kwargs):
    if lang:
        headers = {**headers, "Accept-Language": lang}
    method = client.post if "json" in kwargs else client.get
    response = method(kwargs.pop("path"), headers=headers, **kwargs)
    assert response.status_code == 422, response.json
    return response.json["error"]["fields"]


@pytest.fixture
def headers(token_for):
    return token_for("logistics")


def test_query_errors_in_english_and_indonesian(client, headers):
    path = "/api/v1/shipments?from=kemarin&page=0"
    english = _fields(client, headers, "en-GB,en;q=0.9", path=path)
    indonesian = _fields(client, headers, "id", path=path)
    unstated = _fields(client, headers, path=path)
    assert english["from"] == ["Not a date; write YYYY-MM-DD."]
    assert indonesian["from"] == unstated["from"] == ["Bukan tanggal yang sah; tulis TTTT-BB-HH."]
    assert english["page"][0].startswith("Must be")
    assert indonesian["page"][0].startswith("Harus")


def test_body_errors_in_english_and_indonesian(client, headers):
    body = {
        "event_id": "satu",
        "origin_depot_id": 0,
        "destination_code": "36.02",
        "items": [{"commodity": "rice", "quantity": 1, "unit": "kg", "warna": "merah"}],
        "driver_name": "x" * 121,
    }
    english = _fields(client, headers, "en", path="/api/v1/shipments", json=body)
    indonesian = _fields(client, headers, "id", path="/api/v1/shipments", json=body)
    assert english["event_id"] == ["Invalid value."]
    assert indonesian["event_id"] == ["Nilai tidak valid."]
    assert english["origin_depot_id"] == ["Must be between 1 and 2147483647."]
    assert indonesian["origin_depot_id"] == ["Harus antara 1 dan 2147483647."]
    assert english["destination_code"] == ["Village code must look like 36.02.25.2004."]
    assert english["items"]["0"]["warna"] == ["Unknown field."]
    assert indonesian["items"]["0"]["warna"] == ["Kolom tidak dikenal."]
    assert english["driver_name"] == ["At most 120 characters."]
    assert indonesian["driver_name"] == ["Paling banyak 120 karakter."]


def test_every_marshmallow_default_has_an_english_and_an_indonesian_text(app):
    for lang in ("en", "id"):
        with app.test_request_context("/api/v1/x", headers={"Accept-Language": lang}):
            texts = localise(list(DEFAULTS))
        if lang == "id":  # marshmallow's English never reaches an Indonesian reader
            assert texts == list(DEFAULTS.values())
        else:  # and every text has its English translation
            assert not set(texts) & set(DEFAULTS.values())
