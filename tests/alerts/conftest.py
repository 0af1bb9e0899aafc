"""Alert fixtures: the real 25056 record, members with saved products, and a real SMTP sink on loopback."""
from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from sqlalchemy import select

from tests.recalls.conftest import enqueued, ingest  # noqa: F401  (fixtures)

RECORD_25056 = (Path(__file__).resolve().parents[1] / "data" / "recalls" / "cpsc"
                / "cpsc_api_recall_25056_anker_soundcore_A3102_A3302.json")
A3102 = {"kind": "own", "brand": "Anker", "model_number": "A3102", "name": "Soundcore speaker",
         "serial_number": "AK31021234567890", "purchase_date": "2023-05-02", "retailer": "Amazon"}
SOUNDCORE3 = {"kind": "own", "brand": "Soundcore", "model_number": "A3117", "name": "Soundcore 3"}


def record_25056() -> dict:
    """The real CPSC record for recall 25-056 (Anker Soundcore A3102, PowerConf S3 A3302)."""
    return json.loads(RECORD_25056.read_text(encoding="utf-8"))[0]


@pytest.fixture()
def recall(ingest):  # noqa: F811
    """Recall 25056 imported the way the CLI does (the cross-check enqueue is recorded, not run)."""
    from tracker.recalls import service

    ingest([record_25056()])
    return service.find("25056")


@pytest.fixture()
def own(db, make_user):
    """Save a product for a (new or existing) member; active membership unless days=None."""
    from tracker.accounts.service import find_user
    from tracker.products import service

    def make(email="owner@example.com", days: int | None = 30, **fields):
        user = find_user(email) or make_user(email, days=days)
        item = service.save(user, {**A3102, **fields})
        db.session.commit()
        return item

    return make


def alerts_of(db, user_id=None):
    from tracker.models.alerts import Alert

    q = select(Alert).order_by(Alert.id)
    return list(db.session.scalars(q.where(Alert.user_id == user_id) if user_id else q))


def notifications(db):
    from tracker.models.alerts import Notification

    return list(db.session.scalars(select(Notification).order_by(Notification.id)))


class Sink(Message):
    """An SMTP server that keeps what it receives and can refuse the next message with a given reply."""

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
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def smtp_sink():
    """A real SMTP server on a free loopback port (not wired to any app)."""
    sink = Sink()
    ctl = Controller(sink, hostname="127.0.0.1", port=free_port())
    ctl.start()
    sink.port = ctl.port
    yield sink
    ctl.stop()


@pytest.fixture()
def smtp(app, smtp_sink):
    """The session app sends through the sink for this test."""
    old = {k: app.config[k] for k in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_sink.port)
    yield smtp_sink
    app.config.update(old)
