"""Alerts: one per (saved product, recall), the notification outbox, and each member's notification preferences."""
from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, ForeignKeyConstraint, Index, String, Text, UniqueConstraint, and_, text
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.base import UTCDateTime, utcnow
from tracker.models.products import SavedProduct
from tracker.models.recalls import Recall

NO_ALERT = text("alert_id IS NULL")
LEVELS = ("confirmed", "possible")
# Member actions set these; "cleared" is set when an amended recall (or an edited product) no longer matches.
STATUSES = ("open", "not_mine", "not_affected", "contacted", "remedy_received", "disposed", "cleared")
REMEDIES = ("replaced", "refunded", "repaired")
KINDS = ("alert", "safety_notice", "upgrade", "reminder", "digest")
EMAIL_MODES = ("immediately", "digest", "off")


class Alert(db.Model):
    """A saved product matched a recall: the verdict, its reason in plain words, and what the member did about it."""

    __tablename__ = "alerts"
    # The product's owner is the alert's owner: one composite key (one locked row per insert, not two); UNIQUE
    # (recall, product) is both the "one alert" fact and the index of a recall's alerts (migration 0007).
    __table_args__ = (UniqueConstraint("recall_id", "saved_product_id"),
                      ForeignKeyConstraint(["saved_product_id", "user_id"], ["saved_products.id", "saved_products.user_id"],
                                           name="fk_alerts_saved_product_owner", ondelete="CASCADE"),
                      UniqueConstraint("id", "user_id"),  # the parent key of its emails (fk_notifications_alert_owner)
                      Index("ix_alerts_user_id_status", "user_id", "status"),
                      Index("ix_alerts_status_created_at", "status", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column()
    saved_product_id: Mapped[int] = mapped_column()
    recall_id: Mapped[int] = mapped_column(ForeignKey("recalls.id", ondelete="CASCADE"))
    level: Mapped[str] = mapped_column(String(16))  # confirmed | possible
    reason: Mapped[str] = mapped_column(Text)
    rule: Mapped[str] = mapped_column(String(32))
    recall_version: Mapped[int] = mapped_column()  # the recall version the verdict was made on
    status: Mapped[str] = mapped_column(String(20), default="open")
    remedy: Mapped[str | None] = mapped_column(String(16))  # replaced | refunded | repaired
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # first email (alert, notice or digest) sent
    digest_id: Mapped[int | None] = mapped_column()  # the digest notification that carried it (no FK: a cycle)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(primaryjoin="Alert.user_id == User.id", foreign_keys=[user_id], viewonly=True)
    saved_product: Mapped[SavedProduct] = relationship()
    recall: Mapped[Recall] = relationship()

    @property
    def unread(self) -> bool:
        return self.read_at is None and self.status == "open"


class Notification(db.Model):
    """The outbox: one message to send. Written with its alert; a task claims it (lease) and sends it once."""

    __tablename__ = "notifications"
    # An alert's emails happen once by (alert, channel, kind); the dedupe key is UNIQUE for the others (digests).
    # An alert's email goes to the alert's owner: one composite key to alerts (id, user_id), no key to users, whose
    # check would lock one member row per email, tens of thousands per recall (migration 0010). Rows without an
    # alert (digests) are deleted with their member by User.digests.
    __table_args__ = (UniqueConstraint("alert_id", "channel", "kind"),
                      ForeignKeyConstraint(["alert_id", "user_id"], ["alerts.id", "alerts.user_id"],
                                           name="fk_notifications_alert_owner", ondelete="CASCADE"),
                      Index("uq_notifications_dedupe_key", "dedupe_key", unique=True,
                            postgresql_where=NO_ALERT, sqlite_where=NO_ALERT),
                      Index("ix_notifications_user_id_no_alert", "user_id",
                            postgresql_where=NO_ALERT, sqlite_where=NO_ALERT),
                      Index("ix_notifications_status_created_at", "status", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column()
    alert_id: Mapped[int | None] = mapped_column()
    channel: Mapped[str] = mapped_column(String(16), default="email")
    kind: Mapped[str] = mapped_column(String(16))  # alert | safety_notice | upgrade | reminder | digest
    # Every "happens once" fact as one string: "alert:12:email:alert", "digest:7:2026-01-31"...
    dedupe_key: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|sending|sent|failed|skipped
    message_id: Mapped[str] = mapped_column(String(200),  # a random UUID: unique by construction, not a fact
                                            default=lambda: f"<{uuid.uuid4().hex}@recalltracker.local>")
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(primaryjoin="Notification.user_id == User.id", foreign_keys=[user_id],
                                      viewonly=True)
    alert: Mapped[Alert | None] = relationship(primaryjoin="Notification.alert_id == Alert.id",
                                               foreign_keys=[alert_id], viewonly=True)


# A member's emails without an alert (digests) have no key to users (see Notification): the ORM deletes them with
# the member; every other email goes with its alert (users -> saved_products -> alerts -> notifications).
User.digests = relationship(Notification, primaryjoin=lambda: and_(User.id == foreign(Notification.user_id),
                                                                   Notification.alert_id.is_(None)),
                            cascade="all, delete-orphan")


class NotificationPreference(db.Model):
    """How a member wants to hear about alerts, and the token of their one-click unsubscribe link."""

    __tablename__ = "notification_preferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    email_mode: Mapped[str] = mapped_column(String(16), default="immediately")  # immediately | digest | off
    in_app: Mapped[bool] = mapped_column(default=True)  # unread count in the navigation
    unsubscribe_token: Mapped[str] = mapped_column(String(64), unique=True,
                                                   default=lambda: secrets.token_urlsafe(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
