"""The access rule: membership facts in, whether the member has access (and why) out. Pure: no Flask, no DB."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

ACTIVE_STATUSES = ("active", "trialing")
EXPIRED_STATUSES = ("unpaid", "canceled", "incomplete_expired", "paused")


@dataclass(frozen=True)
class Access:
    """What a member may do now, and the words to say about it."""

    active: bool
    status: str  # active | trialing | past_due | incomplete | complimentary | expired | none
    reason: str | None  # for inactive members: payment_failed | canceled | none; for active: None
    ends_at: datetime | None = None
    banner: str | None = None  # e.g. "update your card" during the grace window


def membership_access(*, status: str | None, comp_until: datetime | None, current_period_end: datetime | None,
                      cancel_at_period_end: bool, past_due_since: datetime | None, grace: timedelta,
                      now: datetime | None = None) -> Access:
    """Decide access from the mirrored Stripe state and any complimentary grant."""
    now = now or datetime.now(timezone.utc)
    sub = _subscription_access(status, current_period_end, cancel_at_period_end, past_due_since, grace, now)
    if sub.active or comp_until is None or comp_until <= now:
        return sub
    return Access(True, "complimentary", None, comp_until)


def _subscription_access(status, period_end, cancel_at_period_end, past_due_since, grace, now) -> Access:
    if status is None:
        return Access(False, "none", "none")
    if status in ACTIVE_STATUSES:
        if cancel_at_period_end and period_end is not None and period_end <= now:
            return Access(False, "expired", "canceled", period_end)
        return Access(True, status, None, period_end if cancel_at_period_end else None)
    if status == "past_due":
        since = past_due_since or now
        if now < since + grace:
            return Access(True, "past_due", None, since + grace,
                          banner="The payment for your account couldn't be processed: update your card.")
        return Access(False, "expired", "payment_failed", since + grace)
    if status == "incomplete":
        return Access(False, "incomplete", "payment_failed", banner="Finish your payment to start your membership.")
    if status in ("unpaid",):
        return Access(False, "expired", "payment_failed")
    if status in EXPIRED_STATUSES:
        return Access(False, "expired", "canceled", period_end)
    return Access(False, "none", "none")


def access_for(user) -> Access:
    """Access for a loaded User (reads its Membership row; no queries beyond that relationship)."""
    m = getattr(user, "membership", None)
    if m is None:
        return Access(False, "none", "none")
    return membership_access(status=m.status, comp_until=m.comp_until, current_period_end=m.current_period_end,
                             cancel_at_period_end=m.cancel_at_period_end,
                             past_due_since=getattr(m, "past_due_since", None), grace=timedelta(days=7))
