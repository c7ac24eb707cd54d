"""Factories of the field-app tests: a live event, a depot, dispatched shipments, photos."""

import io
from datetime import date

import pytest
from PIL import Image

from relief.extensions import db
from relief.unit_of_work import commit_write

VILLAGE = "36.02.25.2003"  # Desa Lebakgedong, Kec. Lebakgedong, Kab. Lebak


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """Test users need no slow password hash."""
    from werkzeug.security import generate_password_hash

    from relief.auth import services

    monkeypatch.setattr(
        services,
        "generate_password_hash",
        lambda password: generate_password_hash(password, "pbkdf2:sha256:1000"),
    )


@pytest.fixture
def photo_dir(app, tmp_path):
    """Photos go to a temporary folder for the test."""
    app.config["PHOTO_STORE_DIR"] = str(tmp_path / "photos")
    yield tmp_path / "photos"
    app.config["PHOTO_STORE_DIR"] = None


@pytest.fixture
def field_scenario(app, make_user, photo_dir):
    """A live event, a depot and a helper that logs and dispatches shipments."""
    from relief.auth.models import User
    from relief.events.models import Event
    from relief.logistics import services
    from relief.logistics.models import Depot

    with app.app_context():
        event = Event(
            code="BJR2026",
            name="Banjir Lebak 2026",
            started_on=date(2026, 1, 1),
            emergency_until=date(2026, 12, 31),
        )
        depot = Depot(
            name="Gudang BPBD Lebak", kind="gudang", regency_code="36.02", lat=-6.36, lon=106.25
        )
        db.session.add_all([event, depot])
        commit_write()
        ids = {"event_id": event.id, "origin_depot_id": depot.id}
    planner_id, _, _ = make_user("logistics")

    def dispatched(count: int) -> list[int]:
        with app.app_context():
            planner = db.session.get(User, planner_id)
            made = []
            for n in range(count):
                shipment = services.create_shipment(
                    {
                        **ids,
                        "destination_code": VILLAGE,
                        "items": [
                            {"commodity": "rice", "quantity": 20 + n, "unit": "sack25"},
                            {"commodity": "medicine", "quantity": 5, "unit": "kit"},
                        ],
                        "vehicle_plate": "A 1234 BC",
                        "driver_name": "Ujang",
                    },
                    planner,
                )
                services.dispatch_shipment(shipment, shipment.version, None, planner)
                made.append(shipment.id)
            commit_write()
            return made

    return {**ids, "dispatched": dispatched, "planner_id": planner_id}


def jpeg_bytes(colour: tuple = (200, 180, 160), size: tuple = (900, 1200), exif=None) -> bytes:
    """A small JPEG (optionally with EXIF)."""
    out = io.BytesIO()
    image = Image.new("RGB", size, colour)
    if exif is not None:
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return out.getvalue()
