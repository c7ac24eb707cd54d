"""Version tokens as small files, one per key, overwritten in place (the embedded deployment).

The web process and the job worker share the tokens through a folder. Flask-Caching's file
cache wrote each token to a new temporary file and renamed it over the old one: 0.5 to 3.6 ms
per token, three tokens per shipment (village, regency, province), more than the rest of the
write path. Here a token is a fixed-size file written in place with one ``pwrite``.

Why in place is safe for these tokens: a reader that meets a file being created (empty) sees
no token and stores nothing (``add`` refuses an existing file); one that met a half-written
token (a mix of the old and the new) holds a token nobody else reads or writes, so what it
stores under it is never served. Tokens are random, so no mix can bring an old key back.
"""

import os
import string
from pathlib import Path
from urllib.parse import quote

SIZE = 16  # secrets.token_hex(8)
_HEX = frozenset(string.hexdigits.encode())


class TokenFiles:
    """get / get_many / set_many / add, as relief.core.cache uses Flask-Caching's stores."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = str(folder)
        os.makedirs(self.folder, exist_ok=True)

    def _path(self, key: str) -> str:
        # ".token": never one of the names (md5 digests) Flask-Caching's files had there
        return os.path.join(self.folder, quote(key, safe="") + ".token")

    def get(self, key: str) -> str | None:
        """The token stored under `key`, or None (none yet, or being created)."""
        try:
            fd = os.open(self._path(key), os.O_RDONLY)
        except FileNotFoundError:
            return None
        try:
            value = os.read(fd, SIZE + 1)
        finally:
            os.close(fd)
        if len(value) != SIZE or not _HEX.issuperset(value):
            return None
        return value.decode("ascii")

    def get_many(self, *keys: str) -> list[str | None]:
        """The tokens of `keys`, in order."""
        return [self.get(key) for key in keys]

    def set_many(self, mapping: dict[str, str]) -> list[str]:
        """Store each token over the old one (created where none exists)."""
        for key, data in [(key, _encoded(value)) for key, value in mapping.items()]:
            fd = os.open(self._path(key), os.O_WRONLY | os.O_CREAT, 0o644)
            try:
                os.pwrite(fd, data, 0)
            finally:
                os.close(fd)
        return list(mapping)

    def add(self, key: str, value: str) -> bool:
        """Store a token only where none exists; False if one does (another process's)."""
        data = _encoded(value)
        try:
            fd = os.open(self._path(key), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return False
        try:
            os.pwrite(fd, data, 0)
        finally:
            os.close(fd)
        return True


def _encoded(value: str) -> bytes:
    data = value.encode("ascii")
    if len(data) != SIZE or not _HEX.issuperset(data):
        raise ValueError("a version token is 16 hex digits")
    return data
