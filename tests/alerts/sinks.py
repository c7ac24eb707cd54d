"""Local receivers for notification tests: a tiny SMTP sink and an HTTP webhook receiver."""

import json
import socketserver
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib.send_message: greet, accept, store the DATA."""

    def handle(self) -> None:
        self.wfile.write(b"220 sink ready\r\n")
        while line := self.rfile.readline():
            verb = line.strip().split(b" ")[0].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                body = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    body.append(chunk)
                self.server.messages.append(b"".join(body).decode())
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def start_smtp_sink():
    """An SMTP sink on 127.0.0.1; its `.messages` collects raw messages."""
    server = _Server(("127.0.0.1", 0), _SMTPHandler)
    server.messages = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class _HookHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.calls.append((dict(self.headers), body))
        self.send_response(self.server.answer)
        self.end_headers()

    def log_message(self, *args) -> None:
        """Quiet."""


def start_webhook_receiver(answer: int = 200):
    """An HTTP receiver on 127.0.0.1; `.calls` holds (headers, body) pairs."""
    server = HTTPServer(("127.0.0.1", 0), _HookHandler)
    server.calls, server.answer = [], answer
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def parse(body: bytes) -> dict:
    """The webhook's JSON."""
    return json.loads(body)
