"""The "membership ended" email when a past-due member's grace window runs out: no webhook marks that moment
(Stripe may still be retrying the card), so an hourly job finds these members."""
from __future__ import annotations

import logging

from sqlalchemy import exists, select

from tracker.billing import notices, sync
from tracker.billing.access import access_for, configured_grace
from tracker.extensions import db
from tracker.models.base import utcnow
from tracker.models.billing import BillingNotice, Membership

logger = logging.getLogger(__name__)


def grace_ended() -> list[int]:
    """Past-due memberships whose grace window is over and who got no "ended" email since it began (an earlier
    episode's email predates this one's failed invoice). Indexed: a range on memberships.past_due_since, which is
    set only while a member is past_due. The notice key is what makes it once; this only keeps the list short."""
    told = exists().where(BillingNotice.user_id == Membership.user_id, BillingNotice.kind == "ended",
                          BillingNotice.created_at >= Membership.past_due_since)
    return list(db.session.scalars(select(Membership.id).where(
        Membership.past_due_since <= utcnow() - configured_grace(), Membership.status == "past_due", ~told)
        .order_by(Membership.id)))


def notify_grace_ended(membership_id: int) -> bool:
    """Queue the "ended" email for one member, re-checked under the member's lock; the caller commits."""
    m = db.session.get(Membership, membership_id)
    if m is None:
        return False
    sync.lock(m)
    if m.status != "past_due" or m.past_due_since is None or access_for(m.user).active:
        return False  # paid, ended by Stripe (that email has the same key) or complimentary meanwhile
    return notices.queue(m.user_id, "ended", notices.grace_ended_key(m.past_due_since)) is not None
