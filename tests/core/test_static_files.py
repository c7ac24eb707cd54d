"""Static assets leave gzipped for clients that accept it, compressed once, with their own ETag."""

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
