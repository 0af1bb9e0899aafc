"""The issue's key test, end to end: a real Celery worker process on the configured broker and a real SMTP sink.

Import recall 25056 -> the A3102 owner (16-digit serial, bought 2023-05-02) gets exactly one email and one in-app
alert; the Soundcore 3 (A3117) owner gets none."""
import time

import pytest
from sqlalchemy import select

from tests.alerts.conftest import A3102, RECORD_25056, SOUNDCORE3
from tests.conftest import test_settings
from tests.helpers import celery_worker, wait_for
from tracker.models.alerts import Alert, Notification
from tracker.products import service


@pytest.fixture()
def alert_worker(app, smtp_sink):
    env = {**test_settings(), "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_sink.port),
           "ALERTS_RETRY_BASE_SECONDS": "1"}
    with celery_worker(app, env, concurrency=2) as proc:
        yield proc


@pytest.mark.integration
def test_import_25056_alerts_the_a3102_owner_once(app, db, make_user, smtp_sink, alert_worker):
    owner, other = make_user("a3102@example.com", days=30), make_user("sc3@example.com", days=30)
    mine = service.save(owner, A3102)
    service.save(other, SOUNDCORE3)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["recalls", "import", str(RECORD_25056)])
    assert result.exit_code == 0 and "imported=1" in result.output, result.output
    assert wait_for(lambda: len(smtp_sink.messages) >= 1, alert_worker), "no email arrived"
    assert wait_for(lambda: db.session.scalar(select(Notification.status)) == "sent", alert_worker)
    time.sleep(2)  # anything duplicated would arrive now
    assert [m["To"] for m in smtp_sink.messages] == ["a3102@example.com"]
    assert "Soundcore speaker" in smtp_sink.messages[0]["Subject"]
    alerts = db.session.scalars(select(Alert)).all()
    assert [(a.user_id, a.saved_product_id) for a in alerts] == [(owner.id, mine.id)]
    assert alerts[0].notified_at is not None and alerts[0].recall.crosschecked_version == 1
