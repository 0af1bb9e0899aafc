"""Billing: the member's local copy of membership state (Stripe is the source of truth), the Stripe event log,
Checkout attempts, the billing email outbox and the development Stripe stand-in's objects."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.base import UTCDateTime, utcnow


class Membership(db.Model):
    """One row per member: complimentary grant and the mirrored Stripe subscription state."""

    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    comp_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stripe_customer_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    stripe_subscription_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    status: Mapped[str | None] = mapped_column(String(32))
    current_period_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_at_period_end: Mapped[bool] = mapped_column(default=False)
    # When the unpaid invoice behind a past_due subscription was finalized: the grace window starts there. Set only
    # while past_due; indexed for the hourly grace-ended job.
    past_due_since: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    stripe_price_id: Mapped[str | None] = mapped_column(String(255))
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(backref=db.backref("membership", uselist=False, cascade="all, delete-orphan",
                                                         passive_deletes=True))


class StripeEvent(db.Model):
    """Every Stripe event we received (webhook or reconciliation), stored once by its Stripe id."""

    __tablename__ = "stripe_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    stripe_id: Mapped[str] = mapped_column(String(255), unique=True, index=True)
    type: Mapped[str] = mapped_column(String(100))
    created: Mapped[datetime] = mapped_column(UTCDateTime)  # Stripe's creation time of the event
    livemode: Mapped[bool] = mapped_column(default=False)
    payload: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16), default="webhook")  # webhook | reconcile
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(32))  # processed | ignored | unknown_customer
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class CheckoutAttempt(db.Model):
    """One Checkout Session we asked Stripe for; its id is the idempotency key's source."""

    __tablename__ = "checkout_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    price_id: Mapped[str] = mapped_column(String(255))
    stripe_session_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class BillingNotice(db.Model):
    """Outbox of membership emails: the UNIQUE (user, key) makes each one happen once."""

    __tablename__ = "billing_notices"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # welcome | payment_failed | ended | reactivated
    key: Mapped[str] = mapped_column(String(255))
    link: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class DevStripeObject(db.Model):
    """Objects of the development Stripe stand-in (used only when STRIPE_SECRET_KEY is unset)."""

    __tablename__ = "dev_stripe_objects"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    seq: Mapped[int] = mapped_column(default=0)
    data: Mapped[str] = mapped_column(Text)
