"""Photos go to a temporary folder in these tests, or to a bucket on a local S3 server."""

import socket
import uuid

import pytest
from moto.server import ThreadedMotoServer

from tests.field.conftest import fast_password_hashing, field_scenario, photo_dir  # noqa: F401

S3_SETTINGS = (
    "PHOTO_STORE",
    "S3_ENDPOINT_URL",
    "S3_BUCKET",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_REGION",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """A real S3-compatible HTTP server on this machine (moto's server mode), for the run."""
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(app, s3_endpoint):
    """The app stores photos in a fresh bucket on the local S3 server for the test.

    Yields a boto3 client and the bucket name, to look into the bucket behind the app's back.
    """
    from relief.media.storage import s3_client

    settings = {
        "PHOTO_STORE": "s3",
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_BUCKET": f"photos-{uuid.uuid4().hex[:12]}",
        "S3_ACCESS_KEY_ID": "testing",
        "S3_SECRET_ACCESS_KEY": "testing",
        "S3_REGION": "ap-southeast-3",
    }
    before = {name: app.config.get(name) for name in S3_SETTINGS}
    app.config.update(settings)
    client = s3_client(settings)
    client.create_bucket(
        Bucket=settings["S3_BUCKET"],
        CreateBucketConfiguration={"LocationConstraint": settings["S3_REGION"]},
    )
    yield client, settings["S3_BUCKET"]
    app.config.update(before)
