"""Alert fixtures: the real 25056 record and members with saved products (the SMTP sink is in tests/conftest.py)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
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
