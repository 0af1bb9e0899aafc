"""Mirror a Stripe subscription onto the member's Membership row: locked, re-fetched, set (never incremented)."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from sqlalchemy import select, text

from tracker.billing import notices
from tracker.billing.access import EXPIRED_STATUSES, access_for
from tracker.billing.stripe_api import as_dict, client
from tracker.extensions import db
from tracker.models.base import utcnow
from tracker.models.billing import Membership

logger = logging.getLogger(__name__)

# Which of two subscriptions of one member counts: the higher rank, then the newer.
RANK = {"active": 4, "trialing": 4, "past_due": 3, "unpaid": 2, "paused": 2, "incomplete": 1}


def ts(value) -> datetime | None:
    """A Stripe timestamp as an aware datetime."""
    return datetime.fromtimestamp(int(value), timezone.utc) if value else None


def lock(m: Membership) -> Membership:
    """Serialize work on one member until the commit (row lock on PostgreSQL, write lock on SQLite), then
    reload the row so decisions use what the previous holder committed."""
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("UPDATE memberships SET id = id WHERE id = :id"), {"id": m.id})
    else:
        db.session.execute(select(Membership.id).where(Membership.id == m.id).with_for_update())
    db.session.refresh(m)
    return m


def by_customer(customer_id: str | None) -> Membership | None:
    """The member owning a Stripe Customer."""
    if not customer_id:
        return None
    return db.session.scalar(select(Membership).where(Membership.stripe_customer_id == customer_id))


def fetch_subscription(sub_id: str) -> dict:
    """The subscription as Stripe has it now, with its latest invoice."""
    return as_dict(client().v1.subscriptions.retrieve(sub_id, params={"expand": ["latest_invoice"]}))


def sync_subscription(m: Membership, sub_id: str) -> None:
    """Lock the member, re-fetch the subscription from Stripe and mirror it (if it is the one that counts)."""
    lock(m)
    sub = fetch_subscription(sub_id)
    other = None
    if sub.get("customer") == m.stripe_customer_id and m.stripe_subscription_id not in (None, sub["id"]):
        other = fetch_subscription(m.stripe_subscription_id)
    mirror(m, sub, other)


def mirror(m: Membership, sub: dict, other: dict | None = None) -> bool:
    """Mirror a fresh subscription onto the locked member, or `other` (another subscription of theirs) if that
    one counts more. Shared by the webhook handlers and the reconcile pass; False if `sub` isn't theirs."""
    if sub.get("customer") != m.stripe_customer_id:
        logger.warning("subscription %s belongs to %s, not member %s", sub["id"], sub.get("customer"), m.user_id)
        return False
    apply(m, preferred(other, sub) if other is not None else sub)
    return True


def preferred(a: dict, b: dict) -> dict:
    """Of two subscriptions of one member, the one that counts: the higher rank, then the newer (b on a tie)."""
    if _rank(a) != _rank(b):
        return a if _rank(a) > _rank(b) else b
    return a if a.get("created", 0) > b.get("created", 0) else b


def _rank(sub: dict) -> int:
    return RANK.get(sub.get("status"), 0)


def apply(m: Membership, sub: dict) -> None:
    """Set the membership from a fresh subscription object and queue the emails its change calls for."""
    before, old_status, old_since = access_for(m.user), m.status, m.past_due_since
    item = ((sub.get("items") or {}).get("data") or [{}])[0]
    period_end = ts(item.get("current_period_end") or sub.get("current_period_end"))
    m.stripe_subscription_id = sub["id"]
    m.status = sub["status"]
    m.cancel_at_period_end = bool(sub.get("cancel_at_period_end") or sub.get("cancel_at"))
    m.current_period_end = ts(sub["cancel_at"]) if sub.get("cancel_at") else period_end
    m.stripe_price_id = (item.get("price") or {}).get("id")
    m.past_due_since = _past_due_since(m, sub) if sub["status"] == "past_due" else None
    m.synced_at = utcnow()
    db.session.flush()
    _notify(m, sub, before, old_status, old_since)


def _past_due_since(m: Membership, sub: dict) -> datetime:
    """The grace window starts when the unpaid invoice was finalized (stable however often we sync)."""
    inv = sub.get("latest_invoice")
    if isinstance(inv, dict) and inv.get("status") == "open":
        started = (inv.get("status_transitions") or {}).get("finalized_at") or inv.get("created")
        if started:
            return ts(started)
    return m.past_due_since or utcnow()


def _notify(m: Membership, sub: dict, before, old_status: str | None, old_since: datetime | None) -> None:
    after = access_for(m.user)
    period = int(m.current_period_end.timestamp()) if m.current_period_end else 0
    if after.active and not before.active:
        if notices.has_welcomed(m.user_id):
            notices.queue(m.user_id, "reactivated", f"reactivated:{sub['id']}:{period}")
        else:
            notices.queue(m.user_id, "welcome", "welcome")
    elif m.status in EXPIRED_STATUSES and old_status not in EXPIRED_STATUSES and before.status != "none" \
            and old_status not in ("incomplete", None):
        # The end of a past-due episode has one key, whoever sees it first: this event or the grace-ended job.
        key = notices.grace_ended_key(old_since) if old_status == "past_due" and old_since else \
            f"ended:{sub['id']}:{m.status}"
        notices.queue(m.user_id, "ended", key)
