"""Membership state changes. Services add and flush; the caller commits."""
from __future__ import annotations

from datetime import datetime, timedelta

from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.base import utcnow
from tracker.models.billing import Membership


def membership_row(user: User) -> Membership:
    """The member's Membership row, created on first use."""
    if user.membership is None:
        user.membership = Membership(user_id=user.id)
        db.session.add(user.membership)
        db.session.flush()
    return user.membership


def grant_complimentary(user: User, length: timedelta) -> datetime:
    """Extend (never shorten) a complimentary membership; returns the new end."""
    m = membership_row(user)
    start = max(utcnow(), m.comp_until) if m.comp_until else utcnow()
    m.comp_until = start + length
    return m.comp_until
