"""`POST /stripe/webhook`: verify the raw body, store the event once, commit, enqueue, answer 2xx fast."""
from __future__ import annotations

import json
import logging
import time

import stripe
from flask import Blueprint, jsonify, request
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from tracker.billing import queue, sync
from tracker.billing.stripe_api import webhook_secret
from tracker.extensions import db
from tracker.models.billing import StripeEvent

logger = logging.getLogger(__name__)
bp = Blueprint("stripe_webhooks", __name__)
TOLERANCE = 300  # seconds, both ways


class BadEvent(ValueError):
    """A delivery that is not a genuine, fresh, well-formed Stripe event."""


@bp.post("/stripe/webhook")
def webhook():
    status, body = receive(request.get_data(cache=False), request.headers.get("Stripe-Signature"))
    return jsonify(body), status


def receive(payload: bytes, signature: str | None, source: str = "webhook") -> tuple[int, dict]:
    """Intake shared by the webhook route and development billing: (HTTP status, body)."""
    try:
        event = verify(payload, signature, webhook_secret())
    except BadEvent as exc:
        logger.info("stripe webhook refused: %s", exc)
        return 400, {"error": "bad_request", "message": str(exc)}
    try:
        row, new = store(event, payload, source)
    except SQLAlchemyError as exc:
        db.session.rollback()
        logger.error("stripe webhook: database unavailable: %s", exc)
        return 503, {"error": "unavailable", "message": "Try again later."}
    if new:
        queue.enqueue(queue.PROCESS_EVENT, row)
    return 200, {"received": True, "duplicate": not new}


def verify(payload: bytes, signature: str | None, secret: str) -> dict:
    """Check Stripe's signature (t=..,v1=..) within the tolerance, both ways; return the parsed event."""
    if not secret:
        raise BadEvent("no webhook secret configured")
    if not signature:
        raise BadEvent("no Stripe-Signature header")
    try:
        stripe.WebhookSignature.verify_header(payload, signature, secret, tolerance=TOLERANCE)
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError, TypeError) as exc:
        raise BadEvent(f"signature: {exc}") from None
    stamp = dict(p.split("=", 1) for p in signature.split(",") if "=" in p).get("t", "0")
    if int(stamp) > time.time() + TOLERANCE:
        raise BadEvent("signature timestamp is in the future")
    try:
        event = json.loads(payload)
    except ValueError:
        raise BadEvent("body is not JSON") from None
    if not (isinstance(event, dict) and event.get("object") == "event" and isinstance(event.get("id"), str)
            and isinstance(event.get("type"), str) and isinstance((event.get("data") or {}).get("object"), dict)):
        raise BadEvent("body is not a Stripe event")
    return event


def store(event: dict, payload: bytes, source: str) -> tuple[int, bool]:
    """Insert the event keyed by its Stripe id and commit: (row id, whether it is new)."""
    row = StripeEvent(stripe_id=event["id"], type=event["type"], created=sync.ts(event.get("created") or time.time()),
                      livemode=bool(event.get("livemode")), payload=payload.decode("utf-8"), source=source)
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return 0, False
    return row.id, True
