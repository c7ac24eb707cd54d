"""Boundary uploads open only the expected formats, in the expected place (issue 14, 1-2, 9)."""

import http.server
import threading
import zipfile

import pytest

from tests.areas.conftest import block_frame, golden  # noqa: F401 - fixture

SECRET = "SECRET_KEY=bocor-dari-server-1234"


def _upload(client, path, name, **options):
    with path.open("rb") as handle:
        return client.post(
            "/admin/geodata",
            data={"file": (handle, name), "dry_run": "y", **options},
            content_type="multipart/form-data",
        )


def _vrt(source: str, layer: str) -> str:
    return (
        '<OGRVRTDataSource><OGRVRTLayer name="env">'
        f"<SrcDataSource>{source}</SrcDataSource><SrcLayer>{layer}</SrcLayer>"
        "<GeometryType>wkbPoint</GeometryType>"
        "<LayerSRS>EPSG:4326</LayerSRS>"
        '<GeometryField encoding="PointFromColumns" x="code" y="code"/>'
        "</OGRVRTLayer></OGRVRTDataSource>"
    )


@pytest.fixture
def server_file(tmp_path):
    """A file on the server that no upload may read (an env file, /etc/passwd)."""
    path = tmp_path / "server.csv"
    path.write_text(f"code\n{SECRET}\n", encoding="utf-8")
    return path


@pytest.mark.usefixtures("restore_areas")
def test_vrt_disguised_as_geojson_cannot_read_server_files(client, login_as, tmp_path, server_file):
    login_as("admin")
    upload = tmp_path / "boundaries.geojson"
    upload.write_text(_vrt(f"CSV:{server_file}", server_file.stem), encoding="utf-8")
    response = _upload(client, upload, "boundaries.geojson", code_field="code")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "bocor" not in page and "SECRET_KEY" not in page
    assert "bukan GeoJSON" in page


@pytest.mark.usefixtures("restore_areas")
def test_vrt_inside_a_zip_cannot_read_server_files(client, login_as, tmp_path, server_file):
    login_as("admin")
    archive = tmp_path / "desa.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("desa.geojson", _vrt(f"CSV:{server_file}", server_file.stem))
    response = _upload(client, archive, "desa.zip", code_field="code")
    assert response.status_code == 422
    assert "bocor" not in response.get_data(as_text=True)


@pytest.fixture
def local_http():
    """A local HTTP server that counts requests (an internal URL an attacker aims at)."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            hits.append(self.path)
            body = f"code\n{SECRET}\n".encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_HEAD = do_GET  # noqa: N815

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


@pytest.mark.usefixtures("restore_areas")
def test_vsicurl_upload_never_calls_internal_urls(client, login_as, tmp_path, local_http):
    base, hits = local_http
    login_as("admin")
    upload = tmp_path / "boundaries.geojson"
    upload.write_text(_vrt(f"CSV:/vsicurl/{base}/env.csv", "env"), encoding="utf-8")
    response = _upload(client, upload, "boundaries.geojson", code_field="code")
    assert response.status_code == 422
    assert hits == []
    assert "bocor" not in response.get_data(as_text=True)


@pytest.mark.usefixtures("restore_areas")
def test_gpkg_name_on_geojson_content_is_refused(client, login_as, golden):  # noqa: F811
    login_as("admin")
    response = _upload(client, golden("geojson"), "desa.gpkg")
    assert response.status_code == 422
    assert "bukan GPKG" in response.get_data(as_text=True)


@pytest.mark.usefixtures("restore_areas")
def test_unreadable_codes_are_reported_by_feature_number_not_by_value(client, login_as, tmp_path):
    login_as("admin")
    frame = block_frame(codes=[SECRET, "36.01.01.2002", "36.01.01.2003", "36.01.01.2004"])
    path = tmp_path / "desa.geojson"
    frame.to_file(path, driver="GeoJSON")
    response = _upload(client, path, "desa.geojson", code_field="code")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "bocor" not in page and "fitur ke-1" in page


@pytest.mark.usefixtures("restore_areas")
def test_flatgeobuf_is_read_with_its_own_driver(client, login_as, tmp_path):
    login_as("admin")
    path = tmp_path / "desa.fgb"
    block_frame().to_file(path, driver="FlatGeobuf")
    response = _upload(client, path, "desa.fgb")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]


@pytest.mark.usefixtures("restore_areas")
def test_utm_metres_declared_as_wgs84_are_refused_with_the_likely_crs(client, login_as, tmp_path):
    login_as("admin")
    path = tmp_path / "desa.geojson"
    frame = block_frame().to_crs("EPSG:32748").set_crs("EPSG:4326", allow_override=True)
    frame.to_file(path, driver="GeoJSON")
    response = _upload(client, path, "desa.geojson")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "EPSG:32748" in page


@pytest.mark.usefixtures("restore_areas")
def test_the_suggested_crs_then_imports(client, login_as, tmp_path):
    login_as("admin")
    path = tmp_path / "desa.geojson"
    frame = block_frame().to_crs("EPSG:32748").set_crs("EPSG:4326", allow_override=True)
    frame.to_file(path, driver="GeoJSON")
    response = _upload(client, path, "desa.geojson", source_crs="EPSG:32748")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]


@pytest.mark.usefixtures("restore_areas")
def test_unknown_epsg_code_answers_422_on_the_page(client, login_as, golden):  # noqa: F811
    login_as("admin")
    response = _upload(client, golden("geojson"), "desa.geojson", source_crs="EPSG:99999")
    assert response.status_code == 422
    assert "EPSG:99999" in response.get_data(as_text=True)


def test_unknown_epsg_code_is_refused_by_the_command(runner, golden):  # noqa: F811
    result = runner.invoke(
        args=[
            "geodata",
            "import",
            str(golden("geojson")),
            "--dry-run",
            "--source-crs",
            "EPSG:99999",
        ]
    )
    assert result.exit_code != 0
    assert "EPSG:99999" in (result.output + str(result.exception))


@pytest.mark.usefixtures("restore_areas")
def test_zip_expanding_past_the_limit_is_refused_before_extraction(
    app, client, login_as, tmp_path, monkeypatch
):
    login_as("admin")
    monkeypatch.setitem(app.config, "GEODATA_IMPORT_MAX_EXPANDED_BYTES", 5_000_000)
    extracted = []
    monkeypatch.setattr(
        zipfile.ZipFile, "extractall", lambda self, *a, **k: extracted.append(self.filename)
    )
    archive = tmp_path / "bom.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("desa.geojson", b" " * 20_000_000)
    assert archive.stat().st_size < 100_000
    response = _upload(client, archive, "bom.zip")
    assert response.status_code == 422
    assert "terlalu besar" in response.get_data(as_text=True)
    assert extracted == []
