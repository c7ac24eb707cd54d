"""The S3-compatible photo store, against moto's S3 server over HTTP: same calls as the
folder store, chosen by PHOTO_STORE=s3, and BAST photos land in the bucket and are served
back by the app behind the staff check."""

import hashlib

import pytest
from botocore.exceptions import ClientError

from relief import create_app
from relief.media.storage import S3PhotoStore, photo_store
from tests.field.conftest import jpeg_bytes


def _key(sha: str) -> str:
    return f"photos/{sha[:2]}/{sha}"


def test_configuration_chooses_the_s3_store(app, s3_bucket):
    _, bucket = s3_bucket
    with app.app_context():
        store = photo_store()
    assert isinstance(store, S3PhotoStore) and store.bucket == bucket


def test_s3_store_puts_by_hash_once_and_reads_back(s3_bucket):
    client, bucket = s3_bucket
    store = S3PhotoStore(client, bucket)
    data = b"\xff\xd8" + b"photo bytes " * 20000  # several stream chunks
    sha = hashlib.sha256(data).hexdigest()
    assert not store.exists(sha) and store.get(sha) is None and store.stream(sha) is None
    store.put(sha, data)
    first = client.head_object(Bucket=bucket, Key=_key(sha))
    store.put(sha, data)  # idempotent: the object is not written again
    again = client.head_object(Bucket=bucket, Key=_key(sha))
    assert again["LastModified"] == first["LastModified"] and again["ETag"] == first["ETag"]
    assert store.exists(sha) and store.get(sha) == data
    chunks = list(store.stream(sha))
    assert len(chunks) > 1 and b"".join(chunks) == data
    listed = client.list_objects_v2(Bucket=bucket)["Contents"]
    assert [o["Key"] for o in listed] == [_key(sha)]


def test_s3_store_reports_other_errors_instead_of_missing(s3_endpoint):
    from relief.media.storage import s3_client

    client = s3_client(
        {
            "S3_ENDPOINT_URL": s3_endpoint,
            "S3_ACCESS_KEY_ID": "testing",
            "S3_SECRET_ACCESS_KEY": "testing",
            "S3_REGION": "us-east-1",
        }
    )
    store = S3PhotoStore(client, "no-such-bucket-here")
    with pytest.raises(ClientError):
        store.put("ab" * 32, b"x")


def test_unknown_store_or_bucketless_s3_is_refused_at_startup():
    with pytest.raises(RuntimeError, match="PHOTO_STORE"):
        create_app({"CONFIG_KIND": "testing", "PHOTO_STORE": "ftp"})
    with pytest.raises(RuntimeError, match="S3_BUCKET"):
        create_app({"CONFIG_KIND": "testing", "PHOTO_STORE": "s3", "S3_BUCKET": ""})


def test_bast_photo_lands_in_the_bucket_and_is_served_back(
    app, client, token_for, s3_bucket, field_scenario, photo_dir
):
    s3, bucket = s3_bucket
    headers = token_for("logistics")
    [shipment_id] = field_scenario["dispatched"](1)
    data = jpeg_bytes()
    uploaded = client.post(
        "/api/v1/photos", data=data, headers={**headers, "Content-Type": "image/jpeg"}
    )
    assert uploaded.status_code == 201, uploaded.json
    sha = uploaded.json["sha256"]
    assert s3.get_object(Bucket=bucket, Key=_key(sha))["Body"].read() == data
    assert not photo_dir.exists()  # nothing went to the folder store
    current = client.get(f"/api/v1/shipments/{shipment_id}", headers=headers).json
    delivered = client.post(
        f"/api/v1/shipments/{shipment_id}/deliver",
        headers=headers,
        json={
            "version": current["version"],
            "received_by": "Pak Kades",
            "lat": -6.6216,
            "lon": 106.379,
            "accuracy_m": 9.5,
            "photos": [sha],
        },
    )
    assert delivered.status_code == 200, delivered.json
    page = client.get(f"/shipments/{shipment_id}", headers=headers).get_data(as_text=True)
    assert f'src="/photos/{sha}"' in page
    served = client.get(f"/photos/{sha}", headers=headers)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.get_data() == data and served.content_length == len(data)
    assert client.get(f"/photos/{sha}").status_code in (302, 401)  # same staff-only check
    assert client.get(f"/photos/{sha}", headers=token_for("ombudsman")).status_code == 200


def test_photo_whose_object_is_gone_from_the_bucket_answers_404(client, token_for, s3_bucket):
    s3, bucket = s3_bucket
    headers = token_for("logistics")
    sha = client.post(
        "/api/v1/photos", data=jpeg_bytes(), headers={**headers, "Content-Type": "image/jpeg"}
    ).json["sha256"]
    s3.delete_object(Bucket=bucket, Key=_key(sha))
    assert client.get(f"/photos/{sha}", headers=headers).status_code == 404
