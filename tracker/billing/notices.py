"""Membership emails through an outbox: a row per (member, key) written with the state change, sent after commit."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from tracker import mail
from tracker.extensions import db
from tracker.models.base import utcnow
from tracker.models.billing import BillingNotice

logger = logging.getLogger(__name__)

SUBJECTS = {
    "welcome": ("Welcome to your Recall Tracker membership", "membership_welcome"),
    "payment_failed": ("Your Recall Tracker payment didn't go through", "membership_payment_failed"),
    "ended": ("Your Recall Tracker membership has ended", "membership_ended"),
    "reactivated": ("Your Recall Tracker membership is active again", "membership_reactivated"),
}
PENDING = "billing_notices"  # db.session.info key: notice ids to enqueue after the commit


def queue(user_id: int, kind: str, key: str, link: str | None = None) -> BillingNotice | None:
    """Record an email to send once; None if this (member, key) was already recorded."""
    if db.session.scalar(select(BillingNotice.id).where(BillingNotice.user_id == user_id, BillingNotice.key == key)):
        return None
    notice = BillingNotice(user_id=user_id, kind=kind, key=key,
                           link=link or current_app.config["PUBLIC_BASE_URL"] + "/membership")
    try:
        with db.session.begin_nested():
            db.session.add(notice)
    except IntegrityError:
        return None
    db.session.info.setdefault(PENDING, []).append(notice.id)
    return notice


def grace_ended_key(past_due_since: datetime) -> str:
    """The key of the one "ended" email of a past-due episode (its grace window ran out, or Stripe ended it)."""
    return "grace-ended:" + past_due_since.astimezone(timezone.utc).isoformat(timespec="seconds")


def has_welcomed(user_id: int) -> bool:
    """Whether this member was ever sent (or queued) the welcome email."""
    return db.session.scalar(select(BillingNotice.id).where(BillingNotice.user_id == user_id,
                                                            BillingNotice.kind == "welcome")) is not None


def take_pending() -> list[int]:
    """Notice ids recorded in this session since the last call (call after commit, then enqueue them)."""
    return db.session.info.pop(PENDING, [])


def send(notice_id: int) -> bool:
    """Send one notice unless already sent; the claim is an UPDATE so two workers can't both send it."""
    claimed = db.session.execute(update(BillingNotice).where(BillingNotice.id == notice_id,
                                                             BillingNotice.sent_at.is_(None))
                                 .values(sent_at=utcnow())).rowcount
    db.session.commit()
    if not claimed:
        return False
    notice = db.session.get(BillingNotice, notice_id)
    subject, template = SUBJECTS[notice.kind]
    try:
        mail.send_template(notice.user.email, subject, template, notice=notice, user=notice.user)
    except Exception:
        db.session.execute(update(BillingNotice).where(BillingNotice.id == notice_id).values(sent_at=None))
        db.session.commit()
        raise
    logger.info("billing notice %s (%s) sent to user %s", notice.id, notice.kind, notice.user_id)
    return True
