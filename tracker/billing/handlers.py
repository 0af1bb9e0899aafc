"""One handler per Stripe event type. Each finds the member, re-fetches from Stripe and sets state."""
from __future__ import annotations

import json
import logging

from sqlalchemy import select

from tracker.billing import notices, sync
from tracker.billing.stripe_api import as_dict, client
from tracker.extensions import db
from tracker.models.base import utcnow
from tracker.models.billing import CheckoutAttempt, StripeEvent

logger = logging.getLogger(__name__)


def checkout_completed(obj: dict) -> str:
    """Checkout finished: remember the attempt as done and mirror its subscription."""
    m = sync.by_customer(obj.get("customer"))
    if m is None:
        return "unknown_customer"
    attempt = db.session.scalar(select(CheckoutAttempt).where(CheckoutAttempt.stripe_session_id == obj["id"]))
    if attempt is not None and attempt.completed_at is None:
        attempt.completed_at = utcnow()
    if obj.get("mode") == "subscription" and obj.get("subscription"):
        sync.sync_subscription(m, _id(obj["subscription"]))
    return "processed"


def subscription_changed(obj: dict) -> str:
    """created / updated / deleted / paused / resumed: the event's snapshot may be stale, so re-fetch."""
    m = sync.by_customer(obj.get("customer"))
    if m is None:
        return "unknown_customer"
    sync.sync_subscription(m, obj["id"])
    return "processed"


def invoice_changed(obj: dict) -> str:
    """invoice.paid: mirror the subscription it pays for."""
    m = sync.by_customer(obj.get("customer"))
    if m is None:
        return "unknown_customer"
    sub_id = invoice_subscription(obj)
    if sub_id:
        sync.sync_subscription(m, sub_id)
    return "processed"


def invoice_failed(obj: dict) -> str:
    """invoice.payment_failed / payment_action_required: mirror, and email the member a link to fix it."""
    outcome = invoice_changed(obj)
    m = sync.by_customer(obj.get("customer"))
    if outcome == "processed" and invoice_subscription(obj):
        invoice = as_dict(client().v1.invoices.retrieve(obj["id"]))
        if invoice.get("status") == "open":
            notices.queue(m.user_id, "payment_failed", f"payment_failed:{obj['id']}")
    return outcome


def customer_deleted(obj: dict) -> str:
    """The Customer is gone: forget it (a later Join makes a new one); its subscriptions end with it."""
    m = sync.by_customer(obj.get("id"))
    if m is None:
        return "unknown_customer"
    sync.lock(m)
    m.stripe_customer_id, m.synced_at = None, utcnow()
    if m.status not in (None, "canceled", "incomplete_expired"):
        m.status, m.cancel_at_period_end, m.past_due_since = "canceled", False, None
    return "processed"


def invoice_subscription(obj: dict) -> str | None:
    """The subscription an invoice belongs to (current shape: parent.subscription_details; older: subscription)."""
    details = ((obj.get("parent") or {}).get("subscription_details") or {})
    return _id(details.get("subscription") or obj.get("subscription"))


def _id(value) -> str | None:
    return value.get("id") if isinstance(value, dict) else value


HANDLERS = {
    "checkout.session.completed": checkout_completed,
    **{f"customer.subscription.{k}": subscription_changed
       for k in ("created", "updated", "deleted", "paused", "resumed")},
    "invoice.paid": invoice_changed,
    "invoice.payment_failed": invoice_failed,
    "invoice.payment_action_required": invoice_failed,
    "customer.deleted": customer_deleted,
}


def process(event_id: int) -> str | None:
    """Process one stored event once (the caller commits); returns the outcome, None if already done."""
    ev = db.session.get(StripeEvent, event_id)
    if ev is None or ev.processed_at is not None:
        return None
    handler = HANDLERS.get(ev.type)
    ev.attempts += 1
    # Handlers are safe to run twice (they set state; emails are keyed), so a second delivery of the same
    # task (reconciliation re-enqueues stuck events) does no harm.
    outcome = handler(json.loads(ev.payload)["data"]["object"]) if handler else "ignored"
    ev.processed_at, ev.outcome, ev.last_error = utcnow(), outcome, None
    logger.info("stripe event %s %s: %s", ev.stripe_id, ev.type, outcome)
    return outcome

