"""Billing tasks: process a stored Stripe event, send a membership email, reconcile with Stripe."""
from __future__ import annotations

import logging

from celery import shared_task

from tracker.billing import handlers, notices, queue, reconcile
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
    """Beat job: take in missed events, retry stuck ones, and re-sync live memberships with Stripe."""
    new = reconcile.missed_events()
    db.session.commit()
    for event_id in new + reconcile.stuck_events():
        queue.enqueue(queue.PROCESS_EVENT, event_id)
    synced = 0
    for membership_id in reconcile.live_memberships():
        try:
            reconcile.resync(membership_id)
            db.session.commit()
            synced += 1
        except Exception:  # noqa: BLE001 - one member's trouble must not stop the rest
            db.session.rollback()
            logger.exception("reconcile: membership %s", membership_id)
    queue.enqueue_notices(notices.take_pending())
    logger.info("reconcile: %d new events, %d memberships synced", len(new), synced)
    return {"new_events": len(new), "synced": synced}
