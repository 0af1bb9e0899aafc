"""Alert tasks. `crosscheck_recall` is the hand-off point from recall ingestion (issue 4) to the cross-check
(issue 5); `send_notification` delivers one outbox row; beat runs digests, reminders and the outbox sweeper."""
from __future__ import annotations

import logging
import random
from datetime import timedelta

from celery import shared_task
from flask import current_app

from tracker import mail
from tracker.alerts import channels, fanout, outbox
from tracker.alerts import service as alerts
from tracker.extensions import db
from tracker.models.alerts import Notification
from tracker.models.base import utcnow
from tracker.models.recalls import Recall
from tracker.recalls import service

logger = logging.getLogger(__name__)
MAX_SEND_RETRIES = 8
FANOUT_CHUNK = 250  # outbox rows per send_notifications task (measured: 100 -> 250 cuts per-chunk overhead)


def enqueue_notifications(ids: list[int]) -> int:
    """Enqueue sends for outbox rows already committed; a failed enqueue is healed by `requeue_notifications`.

    A few rows get one task each; a large fan-out gets one task per FANOUT_CHUNK rows (69,000 broker round trips
    would take longer than the sending): the chunk is claimed in one UPDATE, each row sent only under that claim."""
    ids = list(dict.fromkeys(ids))
    if len(ids) <= FANOUT_CHUNK:
        return sum(_enqueue(send_notification, nid, [nid]) for nid in ids)
    chunks = [ids[i:i + FANOUT_CHUNK] for i in range(0, len(ids), FANOUT_CHUNK)]
    return sum(_enqueue(send_notifications, chunk, chunk) for chunk in chunks)


def _enqueue(task, arg, ids: list[int]) -> int:
    try:
        task.delay(arg)
        return len(ids)
    except Exception as exc:  # noqa: BLE001 - broker down: the sweeper picks the rows up later
        logger.warning("could not enqueue notifications %s..%s: %s", ids[0], ids[-1], exc)
        return 0


@shared_task(name="workers.alerts.crosscheck_recall")
def crosscheck_recall(recall_id: int) -> str:
    """Cross-check one new or changed recall against saved products; safe to run twice.

    Enqueued by ingestion after the commit that stored the recall (once per new or changed version). Alerts and
    outbox rows are written in the same transaction that records the checked version; sends are enqueued after."""
    recall = db.session.get(Recall, recall_id, with_for_update=True)  # one checker per recall at a time
    if recall is None:
        logger.info("crosscheck: recall %s no longer exists", recall_id)
        return "missing"
    if recall.crosschecked_version == recall.version:
        logger.info("crosscheck: recall %s v%s already checked", recall.recall_number, recall.version)
        return "already"
    outcome = alerts.crosscheck_recall(recall)
    service.mark_crosschecked(recall)
    db.session.commit()
    enqueue_notifications(outcome.notification_ids)
    logger.info("crosscheck: recall %s v%s checked", recall.recall_number, recall.version)
    return "checked"


def backoff(retries: int) -> int:
    """Seconds before the next try: exponential from ALERTS_RETRY_BASE_SECONDS, capped, with jitter."""
    base = current_app.config.get("ALERTS_RETRY_BASE_SECONDS", 30)
    return int(min(base * 2 ** retries, 3600) * random.uniform(0.8, 1.2))


@shared_task(name="workers.alerts.send_notification", bind=True, max_retries=MAX_SEND_RETRIES)
def send_notification(self, notification_id: int) -> str:
    """Send one outbox row once: claim it, send, record; transient errors retry with backoff."""
    n = db.session.get(Notification, notification_id)
    if n is None or n.status in outbox.DONE:
        return "missing" if n is None else n.status
    stamp = outbox.claim(notification_id)
    db.session.commit()  # the claim is visible to every other worker before we talk to SMTP
    if stamp is None:
        return "busy"
    try:
        kind = channels.send(n)
    except channels.Transient as exc:
        return _transient(self, n, stamp, exc)
    except channels.Permanent as exc:
        logger.error("notification %s failed permanently: %s", notification_id, exc)
        outbox.finish(n, stamp, "failed", str(exc)[:2000])
        db.session.commit()
        return "failed"
    result = "sent" if kind else "skipped"
    outbox.finish(n, stamp, result, kind=kind)
    db.session.commit()
    return result


@shared_task(name="workers.alerts.send_notifications")
def send_notifications(notification_ids: list[int]) -> dict[str, int]:
    """Send a chunk of outbox rows: claim the chunk in one UPDATE (commit), send over one SMTP connection, finish
    the sent rows in one UPDATE (commit); rows another worker holds or already sent are left alone, and a row that
    fails transiently goes on as its own retrying task."""
    batch = fanout.claim_chunk(notification_ids)
    db.session.commit()  # the claims are visible to every other worker before we talk to SMTP
    try:
        with mail.connection():
            fanout.send_batch(batch)
    finally:
        results = fanout.finish_batch(batch)
        db.session.commit()
    for nid in batch.retry:
        send_notification.apply_async((nid,), countdown=backoff(0))
    return results


def _transient(task, n: Notification, stamp, exc: Exception) -> str:
    if task.request.retries >= task.max_retries:
        outbox.finish(n, stamp, "failed", f"gave up after {n.attempts} attempts: {exc}"[:2000])
        db.session.commit()
        return "failed"
    outbox.release(n, stamp, str(exc))
    db.session.commit()
    logger.warning("notification %s: transient failure, retrying: %s", n.id, exc)
    raise task.retry(exc=exc, countdown=backoff(task.request.retries))


@shared_task(name="workers.alerts.requeue_notifications")
def requeue_notifications() -> int:
    """Beat: re-enqueue outbox rows whose task was lost (never enqueued, or its worker died mid-send)."""
    ids = outbox.stuck()
    db.session.rollback()
    return enqueue_notifications(ids)


@shared_task(name="workers.alerts.send_digests")
def send_digests() -> int:
    """Beat, daily: one digest per digest-mode member with new alerts; safe to run twice the same day."""
    ids = outbox.add_digests(utcnow().date().isoformat())
    db.session.commit()
    return enqueue_notifications(ids)


@shared_task(name="workers.alerts.send_reminders")
def send_reminders() -> int:
    """Beat: one reminder for alerts still open ALERTS_REMINDER_DAYS after they were emailed."""
    ids = outbox.add_reminders(timedelta(days=current_app.config.get("ALERTS_REMINDER_DAYS", 14)))
    db.session.commit()
    return enqueue_notifications(ids)
