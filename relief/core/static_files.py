"""Static assets sent gzip-compressed to clients that accept it (Leaflet: 148 kB -> 43 kB).

Flask's static view serves the file (with its conditional-request and cache headers); for
text assets this view then answers the gzipped bytes instead, compressed once per file
version (path, size, modification time) and kept in memory, so no request compresses again.
The gzipped variant has its own ETag (the file's, suffixed `-gz`) and every text asset says
`Vary: Accept-Encoding`, so caches keep the two apart.
"""

import gzip
import os
from functools import lru_cache

from flask import Flask, Response, current_app, request
from werkzeug.security import safe_join

COMPRESSIBLE = (".js", ".css", ".svg", ".json", ".html", ".txt", ".map")
MIN_BYTES = 1024  # smaller files gain nothing worth the header


@lru_cache(maxsize=256)
def _gzipped(path: str, size: int, mtime: float) -> bytes:
    """The file's bytes gzipped at level 9 (keyed by its version, so edits are noticed)."""
    with open(path, "rb") as handle:
        return gzip.compress(handle.read(), 9, mtime=0)


def static_view(filename: str) -> Response:
    """Flask's static file, gzipped where the client accepts it and it pays."""
    response = current_app.send_static_file(filename)
    if not filename.endswith(COMPRESSIBLE) or response.status_code not in (200, 304):
        return response
    response.vary.add("Accept-Encoding")
    path = safe_join(current_app.static_folder, filename)
    if not request.accept_encodings["gzip"] or path is None:
        return response
    stat = os.stat(path)
    if stat.st_size < MIN_BYTES:
        return response
    etag = f"{response.get_etag()[0]}-gz"
    if etag in request.if_none_match:
        response.close()
        not_modified = Response(status=304, headers={"ETag": f'"{etag}"'})
        not_modified.vary.add("Accept-Encoding")
        not_modified.cache_control.update(response.cache_control)
        return not_modified
    body = _gzipped(path, stat.st_size, stat.st_mtime)
    response.close()
    response.direct_passthrough = False
    response.status_code = 200
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    response.set_etag(etag)
    return response


def init_app(app: Flask) -> None:
    """Serve the static endpoint through `static_view`."""
    if "static" in app.view_functions:
        app.view_functions["static"] = static_view
