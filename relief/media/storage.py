"""Where photo bytes live: a folder, or an S3-compatible bucket, named by content hash.

The store is chosen by configuration (`PHOTO_STORE`: `folder`, the default, under
`PHOTO_STORE_DIR`; or `s3`, under `S3_BUCKET`). Each object is written once under its SHA-256
and never changed, so a second upload of the same bytes writes nothing. Both stores answer the
same four calls (exists, put, get, stream); the app serves the bytes itself, so a bucket
never needs public URLs and the staff-only check in front of `/photos/<sha256>` holds.
"""

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import ClientError
from flask import current_app

CHUNK_BYTES = 64 * 1024
MISSING_CODES = frozenset({"404", "NoSuchKey", "NotFound"})


class PhotoStore(Protocol):
    """What the media services need of a store."""

    def exists(self, sha256: str) -> bool: ...
    def put(self, sha256: str, data: bytes) -> None: ...
    def get(self, sha256: str) -> bytes | None: ...
    def stream(self, sha256: str) -> Iterator[bytes] | None: ...


def object_name(sha256: str) -> str:
    """<first two hex digits>/<sha256>: the same layout in a folder and in a bucket."""
    return f"{sha256[:2]}/{sha256}"


class FolderPhotoStore:
    """Content-addressed files: <root>/<first two hex digits>/<sha256>."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, sha256: str) -> Path:
        return self.root / object_name(sha256)

    def exists(self, sha256: str) -> bool:
        """Whether the object is stored."""
        return self._path(sha256).is_file()

    def put(self, sha256: str, data: bytes) -> None:
        """Write the object atomically (a half-written file never carries the name)."""
        path = self._path(sha256)
        if path.is_file():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)

    def get(self, sha256: str) -> bytes | None:
        """The stored bytes, or None."""
        path = self._path(sha256)
        return path.read_bytes() if path.is_file() else None

    def stream(self, sha256: str) -> Iterator[bytes] | None:
        """The stored bytes in chunks, or None."""
        path = self._path(sha256)
        if not path.is_file():
            return None
        handle = path.open("rb")  # opened now: a missing file answers None, not a broken body

        def chunks() -> Iterator[bytes]:
            with handle:
                while block := handle.read(CHUNK_BYTES):
                    yield block

        return chunks()


class S3PhotoStore:
    """Content-addressed objects in one bucket: <prefix><first two hex digits>/<sha256>."""

    def __init__(self, client, bucket: str, prefix: str = "photos/") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    def _key(self, sha256: str) -> str:
        return self.prefix + object_name(sha256)

    def _missing(self, error: ClientError) -> bool:
        return str(error.response.get("Error", {}).get("Code")) in MISSING_CODES

    def exists(self, sha256: str) -> bool:
        """Whether the object is stored (a HEAD request)."""
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(sha256))
        except ClientError as error:
            if self._missing(error):
                return False
            raise
        return True

    def put(self, sha256: str, data: bytes) -> None:
        """Upload the object unless present; S3 writes whole objects, never a partial one."""
        if self.exists(sha256):
            return
        self.client.put_object(
            Bucket=self.bucket,
            Key=self._key(sha256),
            Body=data,
            ContentType="application/octet-stream",
        )

    def _body(self, sha256: str):
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(sha256))["Body"]
        except ClientError as error:
            if self._missing(error):
                return None
            raise

    def get(self, sha256: str) -> bytes | None:
        """The stored bytes, or None."""
        body = self._body(sha256)
        if body is None:
            return None
        with body:
            return body.read()

    def stream(self, sha256: str) -> Iterator[bytes] | None:
        """The stored bytes in chunks as the bucket sends them, or None."""
        body = self._body(sha256)
        if body is None:
            return None

        def chunks() -> Iterator[bytes]:
            with body:
                yield from body.iter_chunks(CHUNK_BYTES)

        return chunks()


def s3_client(config) -> object:
    """A boto3 S3 client for the configured endpoint (path-style: MinIO, Garage, Ceph...)."""
    return boto3.session.Session().client(
        "s3",
        endpoint_url=config.get("S3_ENDPOINT_URL") or None,
        region_name=config.get("S3_REGION") or None,
        aws_access_key_id=config.get("S3_ACCESS_KEY_ID") or None,
        aws_secret_access_key=config.get("S3_SECRET_ACCESS_KEY") or None,
        config=BotoConfig(
            s3={"addressing_style": "path"},
            retries={"max_attempts": 3},
            connect_timeout=5,
            read_timeout=30,
        ),
    )


def _s3_store() -> S3PhotoStore:
    config = current_app.config
    settings = tuple(
        config.get(name)
        for name in (
            "S3_ENDPOINT_URL",
            "S3_REGION",
            "S3_ACCESS_KEY_ID",
            "S3_SECRET_ACCESS_KEY",
            "S3_BUCKET",
        )
    )
    cached = current_app.extensions.get("relief.photo_s3")
    if cached is None or cached[0] != settings:  # clients are thread-safe: one per app
        cached = (
            settings,
            S3PhotoStore(
                s3_client(config), config["S3_BUCKET"], config.get("S3_PREFIX", "photos/")
            ),
        )
        current_app.extensions["relief.photo_s3"] = cached
    return cached[1]


def photo_store() -> FolderPhotoStore | S3PhotoStore:
    """The configured store: PHOTO_STORE=s3 (S3_BUCKET ...), else the folder PHOTO_STORE_DIR."""
    kind = (current_app.config.get("PHOTO_STORE") or "folder").lower()
    if kind == "s3":
        return _s3_store()
    if kind != "folder":
        raise RuntimeError(f"PHOTO_STORE must be 'folder' or 's3', not {kind!r}")
    root = current_app.config.get("PHOTO_STORE_DIR") or Path(current_app.instance_path) / "photos"
    return FolderPhotoStore(root)
