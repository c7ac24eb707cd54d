"""Static assets leave gzipped for clients that accept it, compressed once, with their own ETag;
pages and JSON answers are compressed per response."""

import gzip
from pathlib import Path

LEAFLET = "/static/vendor/leaflet/leaflet.js"
FILE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "leaflet" / "leaflet.js"


def test_leaflet_is_sent_gzipped_at_under_a_third_of_its_size(client):
    answer = client.get(LEAFLET, headers={"Accept-Encoding": "gzip, deflate"})
    assert answer.status_code == 200
    assert answer.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in answer.headers["Vary"]
    assert gzip.decompress(answer.data) == FILE.read_bytes()
    assert len(answer.data) < FILE.stat().st_size / 3


def test_clients_without_gzip_get_the_file_as_it_is(client):
    answer = client.get(LEAFLET, headers={"Accept-Encoding": "identity"})
    assert answer.status_code == 200 and "Content-Encoding" not in answer.headers
    assert answer.data == FILE.read_bytes()
    assert "Accept-Encoding" in answer.headers["Vary"]


def test_each_encoding_has_its_own_etag_and_answers_304_to_it(client):
    packed = client.get(LEAFLET, headers={"Accept-Encoding": "gzip"})
    plain = client.get(LEAFLET, headers={"Accept-Encoding": "identity"})
    assert packed.headers["ETag"] != plain.headers["ETag"]
    again = client.get(
        LEAFLET, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]}
    )
    assert again.status_code == 304 and again.data == b""


def test_a_missing_asset_is_still_404(client):
    assert client.get("/static/vendor/nothing.js").status_code == 404


# Pages and JSON answers (Flask-Compress; configured in relief/config.py).


def test_a_page_is_sent_compressed_to_a_browser_that_accepts_it(client):
    plain = client.get("/desa/36.02.25.2003", headers={"Accept-Encoding": "identity"})
    packed = client.get("/desa/36.02.25.2003", headers={"Accept-Encoding": "gzip"})
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data)


def test_brotli_when_the_browser_offers_it(client):
    import brotli

    plain = client.get("/", headers={"Accept-Encoding": "identity"})
    packed = client.get("/", headers={"Accept-Encoding": "br, gzip"})
    assert packed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(packed.data) == plain.data


def test_json_answers_are_compressed_too(client):
    plain = client.get("/api/v1/public/places?q=36.02")  # twenty places: over 500 bytes
    packed = client.get("/api/v1/public/places?q=36.02", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data


def test_a_gzipped_static_file_is_not_compressed_twice(client):
    answer = client.get(LEAFLET, headers={"Accept-Encoding": "br, gzip"})
    assert answer.headers["Content-Encoding"] == "gzip"  # the stored gzip, sent as it is
    assert gzip.decompress(answer.data) == FILE.read_bytes()
