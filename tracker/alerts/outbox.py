"""The notification outbox: claim a row atomically (conditional UPDATE with a lease), finish or fail it, find
rows whose task was lost, and write digest and reminder rows. Services flush; callers commit."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.models.alerts import Alert, Notification, NotificationPreference
from tracker.models.base import utcnow
from tracker.models.products import SavedProduct

logger = logging.getLogger(__name__)
DONE = ("sent", "failed", "skipped")


def lease() -> timedelta:
    """How long a claim holds before another worker may take the row over (a worker killed mid-send)."""
    return timedelta(seconds=current_app.config.get("ALERTS_SEND_LEASE_SECONDS", 300))


def claim(notification_id: int, now: datetime | None = None) -> datetime | None:
    """Take the row for sending; returns the claim stamp, or None if it is done or another worker holds it."""
    now = now or utcnow()
    stmt = (update(Notification)
            .where(Notification.id == notification_id,
                   or_(Notification.status == "pending",
                       and_(Notification.status == "sending", Notification.claimed_at < now - lease())))
            .values(status="sending", claimed_at=now, attempts=Notification.attempts + 1)
            .execution_options(synchronize_session=False))
    return now if db.session.execute(stmt).rowcount == 1 else None


def finish(n: Notification, stamp: datetime, status: str = "sent", error: str | None = None,
           kind: str | None = None) -> bool:
    """Close our claim: sent (alert marked notified), skipped or failed; False if the claim was lost. `kind`: the
    email actually sent when it differs from the row's (a safety notice for an alert row), recorded on the row."""
    now = utcnow()
    stmt = (update(Notification).where(Notification.id == n.id, Notification.status == "sending",
                                       Notification.claimed_at == stamp)
            .values(status=status, sent_at=now if status == "sent" else None, last_error=error, kind=kind or n.kind)
            .execution_options(synchronize_session=False))
    if db.session.execute(stmt).rowcount != 1:
        logger.warning("notification %s: claim lost before finishing (%s)", n.id, status)
        return False
    if status == "sent":
        ids = [n.alert_id] if n.alert_id else list((n.payload or {}).get("alert_ids", []))
        db.session.execute(update(Alert).where(Alert.id.in_(ids), Alert.notified_at.is_(None))
                           .values(notified_at=now).execution_options(synchronize_session=False))
    _expire(n)
    return True


def release(n: Notification, stamp: datetime, error: str) -> None:
    """Give the claim back after a transient failure, so a retry (or the sweeper) can take it."""
    db.session.execute(update(Notification).where(Notification.id == n.id, Notification.claimed_at == stamp,
                                                  Notification.status == "sending")
                       .values(status="pending", claimed_at=None, last_error=error[:2000])
                       .execution_options(synchronize_session=False))
    _expire(n)


def _expire(n) -> None:
    if isinstance(n, Notification):  # bulk sends pass plain views of the row (alerts.fanout), nothing to refresh
        db.session.expire(n)


def stuck(older_than: timedelta | None = None, limit: int = 5000) -> list[int]:
    """Rows whose task was lost: pending for a while, or claimed by a worker whose lease ran out."""
    now = utcnow()
    q = select(Notification.id).where(or_(
        and_(Notification.status == "pending", Notification.created_at < now - (older_than or timedelta(minutes=5))),
        and_(Notification.status == "sending", Notification.claimed_at < now - lease())))
    return list(db.session.scalars(q.order_by(Notification.id).limit(limit)))


def email_mode(user_id: int) -> str:
    """The member's email preference (immediately when never set)."""
    q = select(NotificationPreference.email_mode).where(NotificationPreference.user_id == user_id)
    return db.session.scalar(q) or "immediately"


def add_digests(day: str) -> list[int]:
    """One digest row per digest-mode member with alerts not yet emailed; alerts are tied to it. Idempotent."""
    users = select(NotificationPreference.user_id).where(NotificationPreference.email_mode == "digest")
    q = (select(Alert).join(SavedProduct, SavedProduct.id == Alert.saved_product_id)
         .where(Alert.user_id.in_(users), Alert.notified_at.is_(None), Alert.digest_id.is_(None),
                Alert.status == "open", SavedProduct.kind == "own").order_by(Alert.user_id, Alert.id))
    by_user: dict[int, list[Alert]] = {}
    for a in db.session.scalars(q):
        by_user.setdefault(a.user_id, []).append(a)
    made = []
    for user_id, alerts in by_user.items():
        n = _add_once(user_id, None, "digest", f"digest:{user_id}:{day}", {"alert_ids": [a.id for a in alerts]})
        if n is not None:
            for a in alerts:
                a.digest_id = n.id
            made.append(n.id)
    return made


def add_reminders(after: timedelta, limit: int = 5000) -> list[int]:
    """A reminder for each open alert emailed more than `after` ago and not reminded yet. Idempotent."""
    reminded = select(Notification.alert_id).where(Notification.kind == "reminder", Notification.alert_id.is_not(None))
    q = (select(Alert).join(SavedProduct, SavedProduct.id == Alert.saved_product_id)
         .where(Alert.status == "open", Alert.notified_at < utcnow() - after, SavedProduct.kind == "own",
                Alert.id.not_in(reminded)).order_by(Alert.id).limit(limit))
    made = []
    for a in db.session.scalars(q):
        if email_mode(a.user_id) != "off":
            n = _add_once(a.user_id, a.id, "reminder", f"alert:{a.id}:email:reminder", {})
            made += [n.id] if n is not None else []
    return made


def _add_once(user_id: int, alert_id: int | None, kind: str, key: str, payload: dict) -> Notification | None:
    """Insert an outbox row unless it exists: an alert's by (alert, channel, kind), others by dedupe key (both UNIQUE;
    savepoint: a concurrent insert loses quietly)."""
    same = (Notification.alert_id == alert_id, Notification.channel == "email", Notification.kind == kind) \
        if alert_id is not None else (Notification.alert_id.is_(None), Notification.dedupe_key == key)
    if db.session.scalar(select(Notification.id).where(*same)) is not None:
        return None
    n = Notification(user_id=user_id, alert_id=alert_id, channel="email", kind=kind, dedupe_key=key, payload=payload)
    try:
        with db.session.begin_nested():
            db.session.add(n)
    except IntegrityError as exc:  # a racing writer inserted the same key: that one wins
        logger.info("outbox row %s already written: %s", key, type(exc).__name__)
        return None
    return n
