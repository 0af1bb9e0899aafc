"""Billing tasks: process a stored Stripe event, send a membership email, reconcile with Stripe, tell members
whose grace window ran out."""
from __future__ import annotations

import logging
from collections import Counter

from celery import shared_task

from tracker.billing import grace, handlers, notices, queue, reconcile
from tracker.billing.stripe_api import TRANSIENT
from tracker.extensions import db
from tracker.models.billing import StripeEvent

logger = logging.getLogger(__name__)


@shared_task(name=queue.PROCESS_EVENT, autoretry_for=TRANSIENT, retry_backoff=2, retry_backoff_max=300,
             max_retries=8)
def process_stripe_event(event_id: int) -> str | None:
    """Process one stored event (a no-op if already processed), commit, then send the emails it queued."""
    try:
        outcome = handlers.process(event_id)
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        _record_error(event_id, exc)
        raise
    queue.enqueue_notices(notices.take_pending())
    return outcome


def _record_error(event_id: int, exc: Exception) -> None:
    ev = db.session.get(StripeEvent, event_id)
    if ev is not None:
        ev.attempts += 1
        ev.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        db.session.commit()


@shared_task(name=queue.SEND_NOTICE, autoretry_for=(OSError,), retry_backoff=5, max_retries=6)
def send_billing_notice(notice_id: int) -> bool:
    """Send one membership email unless it was already sent."""
    return notices.send(notice_id)


@shared_task(name="workers.billing.reconcile_stripe")
def reconcile_stripe() -> dict:
    """Beat job (every 15 minutes): take in missed events and retry stuck ones; a few requests, whatever the
    number of members. The full subscription pass is reconcile_subscriptions (daily)."""
    new = reconcile.missed_events()
    db.session.commit()
    stuck = reconcile.stuck_events()
    for event_id in new + stuck:
        queue.enqueue(queue.PROCESS_EVENT, event_id)
    logger.info("reconcile: %d new events, %d stuck", len(new), len(stuck))
    return {"new_events": len(new), "stuck_events": len(stuck)}


@shared_task(name="workers.billing.reconcile_subscriptions", autoretry_for=TRANSIENT, retry_backoff=60,
             max_retries=3)
def reconcile_subscriptions() -> dict:
    """Beat job (daily): list every Stripe subscription, 100 a page, and mirror each onto its member."""
    run = reconcile.SubscriptionPass()
    counts = Counter()
    for sub in run.subscriptions():
        counts[_each(f"subscription {sub.get('id')}", run.mirror, sub) or "failed"] += 1
    counts["not_in_stripe"] = len(run.leftovers())
    logger.info("reconcile subscriptions: %s", dict(counts))
    return dict(counts)


@shared_task(name="workers.billing.notify_grace_ended")
def notify_grace_ended() -> int:
    """Beat job (hourly): the "membership ended" email for past-due members whose grace window ran out."""
    sent = sum(bool(_each(f"membership {mid}", grace.notify_grace_ended, mid)) for mid in grace.grace_ended())
    logger.info("grace ended: %d emails queued", sent)
    return sent


def _each(what: str, fn, *args):
    """Run one member's step in its own transaction, then send its emails; one member's trouble (logged, rolled
    back) must not stop the rest."""
    try:
        result = fn(*args)
        db.session.commit()
    except Exception:  # noqa: BLE001
        db.session.rollback()
        notices.take_pending()  # those rows were rolled back
        logger.exception("billing job: %s", what)
        return None
    queue.enqueue_notices(notices.take_pending())
    return result
