"""A webhook receiver for worker tests: counts deliveries, may answer slowly."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from relief.alerts.channels import DELIVERY_HEADER


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers["Content-Length"]))
        self.server.deliveries.append(self.headers[DELIVERY_HEADER])
        self.server.arrived.set()
        if self.server.delays:
            time.sleep(self.server.delays.pop(0))
        try:
            self.send_response(200)
            self.end_headers()
        except OSError:
            pass  # the sender is gone (killed)

    def log_message(self, *args) -> None:
        """Quiet."""


class Receiver(ThreadingHTTPServer):
    """`deliveries`: the delivery id of every POST; `delays`: seconds to hold each answer."""

    daemon_threads = True
    allow_reuse_address = True


def start_receiver(port: int = 0, delays: list[float] | None = None) -> Receiver:
    """Listen on 127.0.0.1:`port` in a thread."""
    server = Receiver(("127.0.0.1", port), _Handler)
    server.deliveries, server.delays, server.arrived = [], list(delays or []), threading.Event()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
