"""Heal drift: take in Stripe events we never received, re-enqueue stuck ones, and (less often) mirror every
subscription from one paged listing."""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
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


class SubscriptionPass:
    """One paged pass over every Stripe subscription (status "all", 100 a page), each mirrored onto its member
    with the webhook handlers' code and no per-member request. Call mirror() per listed subscription and commit
    after each; then leftovers() for the members whose present subscription never came up."""

    def __init__(self) -> None:
        self.started = self.asked_at = utcnow()
        self.seen: dict[str, dict] = {}  # sub id -> {id, status, created}: enough to rank it later in the pass
        self.waiting: dict[str, dict] = {}  # customer -> a subscription listed before the member's present one

    def subscriptions(self) -> Iterator[dict]:
        """Every subscription in Stripe (canceled ones too), newest first, with its latest invoice."""
        params = {"status": "all", "limit": 100, "expand": ["data.latest_invoice"]}
        while True:
            self.asked_at = utcnow()
            page = client().v1.subscriptions.list(params=params)
            yield from (as_dict(sub) for sub in page.data)
            if not page.has_more or not page.data:
                return
            params = {**params, "starting_after": page.data[-1].id}

    def mirror(self, sub: dict) -> str:
        """Mirror one listed subscription if it is the member's (or counts more than theirs); the caller commits."""
        self.seen[sub["id"]] = {k: sub.get(k) for k in ("id", "status", "created")}
        m = sync.by_customer(sub.get("customer"))
        if m is None:
            return "unknown_customer"
        present = sync.lock(m).stripe_subscription_id
        if m.synced_at and m.synced_at >= self.asked_at:
            return "skipped"  # a webhook mirrored it after this page was asked for: don't put older data back
        if present in (None, sub["id"]):
            sync.mirror(m, sub, self.waiting.pop(m.stripe_customer_id, None))
            return "synced"
        if present in self.seen:  # mirrored earlier in this pass: switch only if this one counts more
            if sync.preferred(self.seen[present], sub) is sub:
                sync.mirror(m, sub)
                return "synced"
            return "skipped"
        held = self.waiting.get(m.stripe_customer_id)
        self.waiting[m.stripe_customer_id] = sync.preferred(held, sub) if held else sub
        return "waiting"

    def leftovers(self) -> list[tuple[int, str]]:
        """Live members whose subscription was not listed (gone from Stripe, other account): logged, left as is."""
        rows = db.session.execute(select(Membership.user_id, Membership.stripe_subscription_id).where(
            Membership.stripe_subscription_id.is_not(None), Membership.status.in_(LIVE),
            or_(Membership.synced_at.is_(None), Membership.synced_at < self.started))).all()
        missing = [(user_id, sub_id) for user_id, sub_id in rows if sub_id not in self.seen]
        for user_id, sub_id in missing:
            logger.warning("reconcile: member %s's subscription %s is not in Stripe; left unchanged", user_id, sub_id)
        return missing
