"""The admin's boundary page."""

import pytest


def test_geodata_page_says_shapes_are_approximate_and_how_to_import(client, login_as):
    login_as("admin")
    page = client.get("/admin/geodata").get_data(as_text=True)
    assert "perkiraan" in page and "flask --app wsgi geodata import" in page


def test_geodata_page_is_for_admins_only(client, login_as):
    login_as("logistics")
    assert client.get("/admin/geodata").status_code == 403


@pytest.mark.usefixtures("restore_areas")
def test_uploaded_zip_is_imported_and_reported(client, login_as, golden):
    login_as("admin")
    path = golden("zip_with_junk")
    with path.open("rb") as handle:
        response = client.post(
            "/admin/geodata",
            data={"file": (handle, "desa.zip")},
            content_type="multipart/form-data",
        )
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[:2000]
    assert "Impor selesai" in page and "desa.zip" in page


@pytest.mark.usefixtures("restore_areas")
def test_refused_upload_shows_the_reason_with_422(client, login_as, golden):
    login_as("admin")
    with golden("duplicate").open("rb") as handle:
        response = client.post(
            "/admin/geodata",
            data={"file": (handle, "dup.geojson")},
            content_type="multipart/form-data",
        )
    assert response.status_code == 422
    assert "36.01.01.2001" in response.get_data(as_text=True)
