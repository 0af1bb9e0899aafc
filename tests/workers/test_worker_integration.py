"""A real Celery worker process on the configured broker (Redis when REDIS_URL is set, else the embedded one)."""
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import test_settings
from tracker.accounts import service
from tracker.models.accounts import PasswordResetToken
from tracker.models.base import utcnow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def worker():
    env = {**os.environ, **test_settings(), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "-c", "1",
                             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    yield proc
    proc.terminate()
    try:
        out, _ = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    print(out[-3000:])


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
