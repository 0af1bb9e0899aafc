"""Test helpers: a test client that fills CSRF tokens like a browser does."""
from __future__ import annotations

import contextlib
import html
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

from aiosmtpd.handlers import Message

ROOT = Path(__file__).resolve().parents[1]


def csrf_token(page: str) -> str | None:
    m = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page)
    return html.unescape(m.group(1)) if m else None


def prefixed_csrf(page: str, prefix: str) -> str | None:
    m = re.search(rf'name="{prefix}-csrf_token"[^>]*value="([^"]+)"', page)
    return html.unescape(m.group(1)) if m else None


class Browser:
    """Wraps Flask's test client: GET a page, then POST its form with the page's CSRF token."""

    def __init__(self, client):
        self.c = client

    def __getattr__(self, name):
        return getattr(self.c, name)

    def open(self, *args, **kwargs):
        # A fresh app context per request, as in production: tests keep one pushed for the database, and Flask
        # would otherwise reuse it, sharing `g` (CSRF token cache, API user) between requests.
        with self.c.application.app_context():
            return self.c.open(*args, **kwargs)

    def get(self, *args, **kwargs):
        return self.open(*args, method="GET", **kwargs)

    def post(self, *args, **kwargs):
        return self.open(*args, method="POST", **kwargs)

    def patch(self, *args, **kwargs):
        return self.open(*args, method="PATCH", **kwargs)

    def delete(self, *args, **kwargs):
        return self.open(*args, method="DELETE", **kwargs)

    def submit(self, page: str, data: dict, action: str | None = None, prefix: str | None = None,
               follow: bool = False):
        """Open `page`, take its CSRF token, POST `data` to `action` (default: the page itself)."""
        body = self.get(page).get_data(as_text=True)
        data = dict(data)
        if prefix:
            data.setdefault(f"{prefix}-csrf_token", prefixed_csrf(body, prefix) or csrf_token(body))
        else:
            data.setdefault("csrf_token", csrf_token(body))
        return self.post(action or page, data=data, follow_redirects=follow)

    def text(self, path: str) -> str:
        return self.get(path).get_data(as_text=True)

    def logged_in(self) -> bool:
        return "Log out" in self.text("/")


@contextlib.contextmanager
def celery_worker(app, env: dict, concurrency: int = 1, queues: str | None = None, purge: bool = True):
    """A real `celery worker` process on the test broker, started from empty queues (unit tests enqueue without a
    worker) unless purge=False; `queues`: its -Q (default: every queue); its log is printed when it stops."""
    if purge:
        app.extensions["celery"].control.purge()
    proc = subprocess.Popen([sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "-c", str(concurrency),
                             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
                             *(["-Q", queues] if queues else [])],
                            cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
        print(out[-4000:])


def wait_for(check, worker, seconds: float = 60) -> bool:
    """Poll `check()` (on a fresh transaction each time) until it holds or `seconds` pass; fails at once if the
    worker process died."""
    from tracker.extensions import db

    deadline = time.time() + seconds
    while time.time() < deadline:
        db.session.rollback()
        if check():
            return True
        assert worker.poll() is None, "worker died"
        time.sleep(0.3)
    return False


class Sink(Message):
    """An SMTP server that keeps what it receives and can refuse the next messages with given replies."""

    def __init__(self):
        super().__init__()
        self.messages = []
        self.fail_next: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        if self.fail_next:
            return self.fail_next.pop(0)
        return await super().handle_DATA(server, session, envelope)

    def handle_message(self, message):
        self.messages.append(message)


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
