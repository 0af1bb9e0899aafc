"""Email has a Celery queue of its own ("mail"): production serves it with a larger pool than the cross-check's
("celery"), so a big fan-out never holds up the next recall's cross-check. Each task lands in exactly one queue, a
worker started without -Q serves both, and a deployment split in two sends each email once."""
import time

import pytest
from sqlalchemy import select

from tests.alerts.conftest import A3102, RECORD_25056
from tests.conftest import test_settings
from tests.helpers import celery_worker, wait_for
from tracker.config import MAIL_TASKS
from tracker.models.alerts import Alert, Notification
from tracker.products import service


def _route(app, name: str) -> str:
    return app.extensions["celery"].amqp.router.route({}, name)["queue"].name


def _waiting(app) -> dict[str, int]:
    """Messages waiting in each queue of the broker."""
    celery = app.extensions["celery"]
    with celery.connection_for_write() as conn:
        counts = {}
        for name, queue in celery.amqp.queues.items():
            queue.bind(conn.default_channel).declare()  # exchange, queue and binding, as a worker declares them
            counts[name] = conn.default_channel.queue_declare(queue=name).message_count
        return counts


def test_every_task_goes_to_its_queue(app):
    import workers.tasks  # noqa: F401 - registers every task

    names = {n for n in app.extensions["celery"].tasks if n.startswith("workers.")}
    assert set(MAIL_TASKS) <= names  # no misspelt route
    assert {n for n in names if _route(app, n) == "mail"} == set(MAIL_TASKS)
    assert _route(app, "workers.alerts.crosscheck_recall") == "celery"


def test_a_message_lands_in_one_queue_only(app):
    from workers.mail import send_email
    from workers.maintenance import purge_expired_auth_rows

    celery = app.extensions["celery"]
    celery.control.purge()
    purge_expired_auth_rows.delay()
    assert _waiting(app) == {"celery": 1, "mail": 0}
    send_email.delay("To: a@example.com\r\nSubject: x\r\n\r\nx\r\n")
    assert _waiting(app) == {"celery": 1, "mail": 1}
    celery.control.purge()
    assert _waiting(app) == {"celery": 0, "mail": 0}


@pytest.mark.integration
def test_split_deployment_alerts_in_app_first_and_emails_once_from_the_mail_worker(app, db, make_user, smtp_sink):
    env = {**test_settings(), "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_sink.port)}
    owner = make_user("a3102@example.com", days=30)
    service.save(owner, A3102)
    db.session.commit()
    with celery_worker(app, env, queues="celery") as checker:
        result = app.test_cli_runner().invoke(args=["recalls", "import", str(RECORD_25056)])
        assert result.exit_code == 0 and "imported=1" in result.output, result.output
        assert wait_for(lambda: db.session.scalar(select(Notification.status)) == "pending"
                        and db.session.scalar(select(Alert.recall_id)) is not None, checker)
        time.sleep(2)  # a send served by this worker would arrive now
        assert smtp_sink.messages == [] and db.session.scalar(select(Notification.status)) == "pending"
    with celery_worker(app, env, queues="mail", purge=False) as sender:
        assert wait_for(lambda: db.session.scalar(select(Notification.status)) == "sent", sender)
        time.sleep(1)
    assert [m["To"] for m in smtp_sink.messages] == ["a3102@example.com"]
