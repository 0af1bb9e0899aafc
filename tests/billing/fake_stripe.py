"""A fake Stripe API on loopback for tests: real HTTP, Stripe's form encoding and JSON shapes, idempotent
replay, and a log of every request. State lives in the same stand-in development billing uses (in memory)."""
from __future__ import annotations

import http.server
import json
import threading
import time
import urllib.parse

from tracker.billing.devstripe import Emulator, MemoryStore, decode_form, sign


class FakeStripe:
    """`url` goes into STRIPE_API_BASE; `emu` plays Stripe's side (complete checkout, fail, pay, cancel)."""

    def __init__(self) -> None:
        self.store = MemoryStore()
        self.requests: list[dict] = []
        self.down = False
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_GET(self):
                fake._serve(self, "GET")

            def do_POST(self):
                fake._serve(self, "POST")

            def do_DELETE(self):
                fake._serve(self, "DELETE")

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.emu = Emulator(self.store, self.url + "/hosted")
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _serve(self, h, method: str) -> None:
        parts = urllib.parse.urlsplit(h.path)
        raw = h.rfile.read(int(h.headers.get("Content-Length") or 0)).decode()
        params = decode_form(urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
                             + urllib.parse.parse_qsl(raw, keep_blank_values=True))
        key = h.headers.get("Idempotency-Key")
        with self.store.lock:
            self.requests.append({"method": method, "path": parts.path, "params": params, "key": key,
                                  "auth": h.headers.get("Authorization"), "time": time.time()})
            if self.down:
                status, body = 500, {"error": {"type": "api_error", "message": "fake outage"}}
            else:
                status, body = self.emu.handle(method, parts.path, params, key)
        data = json.dumps(body).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        h.send_header("Request-Id", "req_fake")
        h.end_headers()
        h.wfile.write(data)

    def calls(self, method: str | None = None, prefix: str = "") -> list[dict]:
        return [r for r in self.requests if (method is None or r["method"] == method) and r["path"].startswith(prefix)]

    def writes(self) -> list[dict]:
        return [r for r in self.requests if r["method"] in ("POST", "DELETE")]

    def all(self, kind: str) -> list[dict]:
        return self.store.all(kind)

    def get(self, id_: str) -> dict | None:
        return self.store.get(id_)


def payload_and_header(event: dict, secret: str, t: int | None = None) -> tuple[bytes, str]:
    """The exact bytes Stripe would POST and their Stripe-Signature header."""
    payload = json.dumps(event, indent=2).encode()
    return payload, sign(payload, secret, t)
