"""The member's side of alerts: list, read, act on them, notification preferences, unsubscribe. Adds and
flushes; callers commit."""
from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.alerts import channels
from tracker.alerts.channels import preference
from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.alerts import EMAIL_MODES, REMEDIES, STATUSES, Alert, NotificationPreference
from tracker.models.base import utcnow

logger = logging.getLogger(__name__)
ACTIONS = {  # status -> what the member's button says
    "not_mine": "Not my product", "not_affected": "Checked: not affected",
    "contacted": "Contacted the manufacturer", "remedy_received": "Remedy received", "disposed": "Disposed of it",
    "open": "Reopen",
}
LIST_LIMIT = 500


class InvalidAction(ValueError):
    """A status or remedy the member can't set."""


def alerts_for(user: User, status: str | None = None) -> list[Alert]:
    """The member's alerts, newest first (open ones only when status='open')."""
    q = (select(Alert).where(Alert.user_id == user.id).options(selectinload(Alert.recall),
                                                              selectinload(Alert.saved_product))
         .order_by(Alert.created_at.desc(), Alert.id.desc()).limit(LIST_LIMIT))
    if status:
        q = q.where(Alert.status == status)
    return list(db.session.scalars(q))


def unread_count(user: User) -> int:
    """Open alerts the member hasn't opened yet (the number next to "Alerts"); 0 if they turned the count off."""
    pref = db.session.scalar(select(NotificationPreference).where(NotificationPreference.user_id == user.id))
    if pref is not None and not pref.in_app:
        return 0
    return db.session.scalar(select(func.count()).select_from(Alert).where(
        Alert.user_id == user.id, Alert.status == "open", Alert.read_at.is_(None))) or 0


def get_owned(user: User, alert_id: int) -> Alert | None:
    """The alert if it is this member's; None for anyone else's (callers answer 404)."""
    return db.session.scalar(select(Alert).where(Alert.id == alert_id, Alert.user_id == user.id))


def mark_read(alert: Alert) -> None:
    """Opened by its member."""
    if alert.read_at is None:
        alert.read_at = utcnow()
        db.session.flush()


def set_status(alert: Alert, status: str, remedy: str | None = None) -> Alert:
    """A member action: not mine, not affected, contacted, remedy received (with its kind), disposed, reopen."""
    if status not in ACTIONS or status not in STATUSES:
        raise InvalidAction("Choose one of the actions shown.")
    if status == "remedy_received" and remedy not in REMEDIES:
        raise InvalidAction("Say whether it was replaced, refunded or repaired.")
    alert.status, alert.remedy = status, remedy if status == "remedy_received" else None
    alert.status_changed_at = alert.updated_at = utcnow()
    alert.read_at = alert.read_at or utcnow()
    db.session.flush()
    logger.info("alert %s: member set %s", alert.id, status)
    return alert


def set_email_mode(user: User, mode: str) -> NotificationPreference:
    """Email immediately, as a daily digest, or not at all."""
    if mode not in EMAIL_MODES:
        raise InvalidAction("Choose immediately, daily digest or off.")
    pref = preference(user.id)
    pref.email_mode = mode
    db.session.flush()
    return pref


def set_in_app(user: User, on: bool) -> NotificationPreference:
    """Show (or hide) the unread count of new alerts in the navigation; the alert center lists them either way."""
    pref = preference(user.id)
    pref.in_app = on
    db.session.flush()
    return pref


def by_token(token: str) -> NotificationPreference | None:
    """The preferences behind an unsubscribe link: a signed member id (channels.unsubscribe_token; the row is
    created with defaults if the member never had one), or the stored token of an older email."""
    if not token or len(token) > 120:
        return None
    user_id = channels.token_user(token)
    if user_id is not None:
        return preference(user_id) if db.session.get(User, user_id) is not None else None
    return db.session.scalar(select(NotificationPreference).where(NotificationPreference.unsubscribe_token == token))


def unsubscribe(pref: NotificationPreference) -> None:
    """One-click unsubscribe: no more recall emails (alerts stay in the alert center)."""
    pref.email_mode = "off"
    db.session.flush()
    logger.info("member %s unsubscribed from recall emails", pref.user_id)


def to_dict(alert: Alert) -> dict:
    """The API's Alert shape (CONTRACT.md)."""
    return {"id": alert.id, "saved_product_id": alert.saved_product_id,
            "recall_number": alert.recall.display_number, "level": alert.level, "reason": alert.reason,
            "status": alert.status, "remedy": alert.remedy, "created_at": alert.created_at.isoformat(),
            "read": alert.read_at is not None,
            "notified_at": alert.notified_at.isoformat() if alert.notified_at else None}
