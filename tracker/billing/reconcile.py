"""Heal drift: take in Stripe events we never received, re-enqueue stuck ones, and re-sync live memberships."""
from __future__ import annotations

import json
import logging
import time
from datetime import timedelta

from sqlalchemy import or_, select

from tracker.billing import sync
from tracker.billing.handlers import HANDLERS
from tracker.billing.stripe_api import as_dict, client
from tracker.extensions import db
from tracker.models.base import utcnow
from tracker.models.billing import Membership, StripeEvent

logger = logging.getLogger(__name__)
LOOKBACK = timedelta(hours=3)  # runs every 15 minutes; a missed webhook heals on the next run
LIVE = ("active", "trialing", "past_due", "unpaid", "incomplete", "paused")


def missed_events(lookback: timedelta = LOOKBACK) -> list[int]:
    """Store the recent events of the types we handle that never reached us; returns their new row ids."""
    since = int(time.time() - lookback.total_seconds())
    page = client().v1.events.list(params={"created": {"gte": since}, "types": sorted(HANDLERS), "limit": 100})
    new = []
    for ev in page.auto_paging_iter():
        data = as_dict(ev)
        if db.session.scalar(select(StripeEvent.id).where(StripeEvent.stripe_id == data["id"])):
            continue
        row = StripeEvent(stripe_id=data["id"], type=data["type"], created=sync.ts(data["created"]),
                          livemode=bool(data.get("livemode")), payload=json.dumps(data), source="reconcile")
        db.session.add(row)
        db.session.flush()
        new.append(row.id)
    logger.info("reconcile: %d missed events", len(new))
    return new


def stuck_events(older_than: timedelta = timedelta(minutes=5)) -> list[int]:
    """Stored events not processed a while after arrival (lost task, worker crash, broker outage)."""
    return list(db.session.scalars(select(StripeEvent.id).where(
        StripeEvent.processed_at.is_(None), StripeEvent.received_at < utcnow() - older_than,
        StripeEvent.attempts < 20).order_by(StripeEvent.id)))


def live_memberships() -> list[int]:
    """Members whose local copy could drift without an event reaching us."""
    return list(db.session.scalars(select(Membership.id).where(
        Membership.stripe_subscription_id.is_not(None),
        or_(Membership.status.in_(LIVE), Membership.cancel_at_period_end.is_(True)))))


def resync(membership_id: int) -> None:
    """Re-fetch one member's subscription and mirror it (the caller commits)."""
    m = db.session.get(Membership, membership_id)
    if m is not None and m.stripe_subscription_id and m.stripe_customer_id:
        sync.sync_subscription(m, m.stripe_subscription_id)
