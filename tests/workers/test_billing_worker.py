"""Integration: a real Celery worker process takes a webhook-enqueued event and activates the membership."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.billing.conftest import deliver, fake, member, stripe_on  # noqa: F401  (billing fixtures)
from tests.billing.helpers import join
from tests import conftest

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def worker(app, stripe_on, tmp_path):
    env = {**os.environ, **conftest.test_settings(), "STRIPE_SECRET_KEY": app.config["STRIPE_SECRET_KEY"],
           "STRIPE_WEBHOOK_SECRET": app.config["STRIPE_WEBHOOK_SECRET"], "STRIPE_API_BASE": stripe_on.url,
           "STRIPE_PRICE_MONTHLY": app.config["STRIPE_PRICE_MONTHLY"], "MAIL_SERVER": ""}
    celery = Path(sys.executable).parent / "celery"
    log = open(tmp_path / "worker.log", "wb")
    proc = subprocess.Popen([str(celery), "-A", "workers.celery_app", "worker", "--loglevel=WARNING", "-c", "1",
                             "--without-gossip", "--without-mingle", "--without-heartbeat", "-P", "solo"],
                            cwd=ROOT, env=env, start_new_session=True, stdout=log,
                            stderr=subprocess.STDOUT)
    proc.log_path = tmp_path / "worker.log"
    yield proc
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)
    log.close()


def test_worker_processes_a_webhook_event_end_to_end(client, member, stripe_on, deliver, worker, db):
    join(client)
    (cs,) = stripe_on.all("checkout.session")
    for ev in stripe_on.emu.complete_checkout(cs["id"]):
        assert deliver(ev).status_code == 200
    deadline = time.time() + 60
    while time.time() < deadline:
        db.session.expire_all()
        if member.membership.status == "active":
            break
        assert worker.poll() is None, worker.log_path.read_text()[-2000:]
        time.sleep(0.3)
    assert member.membership.status == "active"
    assert any(r["path"].startswith("/v1/subscriptions/sub_") for r in stripe_on.calls("GET"))
