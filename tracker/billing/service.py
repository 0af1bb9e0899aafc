"""Membership state changes and the Stripe calls behind Join, Manage and Re-activate.
Services add and flush; the caller commits (and then enqueues)."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from tracker.billing import sync
from tracker.billing.stripe_api import as_dict, client, prices
from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.base import utcnow
from tracker.models.billing import CheckoutAttempt, Membership

logger = logging.getLogger(__name__)
REUSE_CHECKOUT = timedelta(minutes=10)  # a second click within this reuses the same Checkout Session
INVOICE_PATH = ("past_due", "unpaid", "incomplete")  # Re-activate = pay the open invoice


class BillingError(Exception):
    """A membership action that can't be done now (the message is for the member)."""


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


def _url(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"] + path


def ensure_customer(user: User) -> str:
    """The member's one Stripe Customer, created once (the idempotency key makes a retry return the same one)."""
    m = membership_row(user)
    if not m.stripe_customer_id:
        # Our ids only: the member, and the last sync (moves on when Stripe deletes the Customer, so a later
        # Join may make a new one instead of replaying the deleted one).
        generation = int(m.synced_at.timestamp()) if m.synced_at else 0
        cus = client().v1.customers.create(
            params={"email": user.email, "metadata": {"user_id": str(user.id)}},
            options={"idempotency_key": f"recall-tracker-customer-user-{user.id}-{generation}"})
        m.stripe_customer_id = cus.id
        db.session.flush()
    return m.stripe_customer_id


def start_checkout(user: User, plan: str) -> str:
    """A subscription Checkout Session for the member's Customer; returns its URL."""
    price = prices().get(plan)
    if not price:
        raise BillingError("That plan isn't available.")
    customer = ensure_customer(user)
    attempt = _recent_attempt(user, price) or CheckoutAttempt(user_id=user.id, price_id=price)
    db.session.add(attempt)
    db.session.flush()
    ref = {"user_id": str(user.id)}
    cs = client().v1.checkout.sessions.create(params={
        "mode": "subscription", "customer": customer, "client_reference_id": str(user.id),
        "line_items": [{"price": price, "quantity": 1}], "metadata": ref, "subscription_data": {"metadata": ref},
        "success_url": _url("/membership/welcome?session_id={CHECKOUT_SESSION_ID}"),
        "cancel_url": _url("/membership")}, options={"idempotency_key": f"recall-tracker-checkout-{attempt.id}"})
    attempt.stripe_session_id, attempt.url = cs.id, cs.url
    return cs.url


def _recent_attempt(user: User, price: str) -> CheckoutAttempt | None:
    return db.session.scalar(select(CheckoutAttempt).where(
        CheckoutAttempt.user_id == user.id, CheckoutAttempt.price_id == price,
        CheckoutAttempt.completed_at.is_(None), CheckoutAttempt.created_at > utcnow() - REUSE_CHECKOUT)
        .order_by(CheckoutAttempt.id.desc()).limit(1))


def portal_url(user: User) -> str:
    """A Customer Portal session (card, invoices, cancel) for the member's Customer."""
    m = user.membership
    if m is None or not m.stripe_customer_id:
        raise BillingError("You don't have a paid membership to manage yet.")
    ps = client().v1.billing_portal.sessions.create(params={"customer": m.stripe_customer_id,
                                                            "return_url": _url("/membership")})
    return ps.url


def reactivate(user: User, plan: str) -> str:
    """Where Re-activate goes: the open invoice after a failed payment, else a new Checkout (same Customer)."""
    m = user.membership
    if m is not None and m.status in INVOICE_PATH and m.stripe_subscription_id:
        invoice = sync.fetch_subscription(m.stripe_subscription_id).get("latest_invoice")
        if isinstance(invoice, dict) and invoice.get("status") == "open" and invoice.get("hosted_invoice_url"):
            return invoice["hosted_invoice_url"]
        return portal_url(user)
    if m is not None and m.status == "paused":
        return portal_url(user)
    return start_checkout(user, plan)


def confirm_return(user: User, session_id: str | None) -> bool:
    """Back from Checkout: ask Stripe about our own session (never the query string) and mirror the result."""
    attempt = db.session.scalar(select(CheckoutAttempt).where(CheckoutAttempt.stripe_session_id == session_id,
                                                              CheckoutAttempt.user_id == user.id)) if session_id else None
    if attempt is None:
        return False
    cs = as_dict(client().v1.checkout.sessions.retrieve(attempt.stripe_session_id))
    m = user.membership
    if cs.get("status") != "complete" or not cs.get("subscription") or cs.get("customer") != m.stripe_customer_id:
        return False
    attempt.completed_at = attempt.completed_at or utcnow()
    sync.sync_subscription(m, cs["subscription"])
    return True
