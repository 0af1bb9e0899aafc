"""The access rule: membership facts in, whether the member has access (and why) out. Pure: no Flask, no DB."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

ACTIVE_STATUSES = ("active", "trialing")
EXPIRED_STATUSES = ("unpaid", "canceled", "incomplete_expired", "paused")
# Why an expired membership ended, in the API's words (payment_failed | canceled).
EXPIRED_REASON = {"unpaid": "payment_failed", "incomplete_expired": "payment_failed", "paused": "payment_failed",
                  "canceled": "canceled"}
DEFAULT_GRACE = timedelta(days=7)
CARD_BANNER = "The payment for your account couldn't be processed: update your card to keep your membership."
FINISH_BANNER = "Finish your payment to start your membership."


@dataclass(frozen=True)
class Access:
    """What a member may do now, and the words to say about it."""

    active: bool
    status: str  # active | trialing | past_due | incomplete | complimentary | expired | none
    reason: str | None  # for inactive members: payment_failed | canceled | none; for active: None
    ends_at: datetime | None = None
    banner: str | None = None  # e.g. "update your card" during the grace window


def membership_access(*, status: str | None, comp_until: datetime | None, current_period_end: datetime | None,
                      cancel_at_period_end: bool, past_due_since: datetime | None, grace: timedelta = DEFAULT_GRACE,
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
        return _past_due(past_due_since or now, grace, now)
    if status == "incomplete":
        return Access(False, "incomplete", "payment_failed", banner=FINISH_BANNER)
    if status in EXPIRED_STATUSES:
        return Access(False, "expired", EXPIRED_REASON[status], period_end if status == "canceled" else None)
    return Access(False, "none", "none")  # a status Stripe may add later: no access, and say nothing wrong


def _past_due(since: datetime, grace: timedelta, now: datetime) -> Access:
    if now < since + grace:
        return Access(True, "past_due", None, since + grace, banner=CARD_BANNER)
    return Access(False, "expired", "payment_failed", since + grace)


def access_for(user, grace: timedelta | None = None) -> Access:
    """Access for a loaded User (reads its Membership row; the grace window comes from BILLING_GRACE_DAYS)."""
    m = getattr(user, "membership", None)
    if m is None:
        return Access(False, "none", "none")
    return membership_access(status=m.status, comp_until=m.comp_until, current_period_end=m.current_period_end,
                             cancel_at_period_end=m.cancel_at_period_end, past_due_since=m.past_due_since,
                             grace=grace if grace is not None else configured_grace())


def configured_grace() -> timedelta:
    """BILLING_GRACE_DAYS from the app config (the default outside an app context)."""
    try:
        from flask import current_app

        return timedelta(days=float(current_app.config.get("BILLING_GRACE_DAYS", 7)))
    except RuntimeError:  # outside an app context
        return DEFAULT_GRACE
