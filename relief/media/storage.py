"""Where photo bytes live: a folder named by content hash (instance/photos by default).

The store is chosen by configuration (`PHOTO_STORE_DIR`); each object is written once under
its SHA-256 and never changed, so a second upload of the same bytes writes nothing.
"""

import os
import tempfile
from pathlib import Path

from flask import current_app


class FolderPhotoStore:
    """Content-addressed files: <root>/<first two hex digits>/<sha256>."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

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


def photo_store() -> FolderPhotoStore:
    """The configured store (PHOTO_STORE_DIR, else instance/photos)."""
    root = current_app.config.get("PHOTO_STORE_DIR") or Path(current_app.instance_path) / "photos"
    return FolderPhotoStore(root)
