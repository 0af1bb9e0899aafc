"""A real Celery worker process on the configured broker (Redis when REDIS_URL is set, else the embedded one)."""
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import test_settings
from tests.helpers import celery_worker
from tracker.accounts import service
from tracker.models.accounts import PasswordResetToken
from tracker.models.base import utcnow



@pytest.fixture()
def worker(app):
    with celery_worker(app, test_settings()) as proc:
        yield proc


@pytest.mark.integration
def test_real_worker_runs_a_task_enqueued_after_commit(app, db, make_user, worker):
    from workers.maintenance import purge_expired_auth_rows

    user = make_user("ada@example.com")
    service.create_reset_token(user)
    live = service.create_reset_token(user)
    rows = db.session.scalars(select(PasswordResetToken)).all()
    rows[0].expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    purge_expired_auth_rows.delay()
    purge_expired_auth_rows.delay()  # delivered twice: the second run finds nothing more to do

    deadline = time.time() + 60
    count = 2
    while time.time() < deadline and count != 1:
        time.sleep(0.5)
        db.session.rollback()
        count = db.session.scalar(select(func.count()).select_from(PasswordResetToken))
        assert worker.poll() is None, "worker died"
    assert count == 1
    assert service.reset_token_user(live) is not None
