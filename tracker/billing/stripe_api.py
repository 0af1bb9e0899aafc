"""The one way this app talks to Stripe: the official `stripe` library. With STRIPE_SECRET_KEY it reaches
Stripe (or STRIPE_API_BASE); without it, the same library talks to the in-process development stand-in."""
from __future__ import annotations

import json
import logging
import secrets
import urllib.parse

import stripe
from flask import current_app

from tracker.billing.devstripe import Emulator, decode_form

logger = logging.getLogger(__name__)

DEV_WEBHOOK_SECRET = "whsec_development_only_not_a_stripe_secret"
DEV_PRICES = {"monthly": "price_dev_monthly", "yearly": "price_dev_yearly"}
TRANSIENT = (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError)


def development() -> bool:
    """True when no Stripe key is configured: development billing."""
    return not current_app.config.get("STRIPE_SECRET_KEY")


def webhook_secret() -> str:
    """The secret webhooks are signed with (the development one in development billing)."""
    return current_app.config.get("STRIPE_WEBHOOK_SECRET") or (DEV_WEBHOOK_SECRET if development() else "")


def prices() -> dict[str, str]:
    """Plan name -> Stripe Price id."""
    cfg = current_app.config
    if development():
        return {"monthly": cfg.get("STRIPE_PRICE_MONTHLY") or DEV_PRICES["monthly"],
                "yearly": cfg.get("STRIPE_PRICE_YEARLY") or DEV_PRICES["yearly"]}
    return {k: v for k, v in (("monthly", cfg.get("STRIPE_PRICE_MONTHLY")),
                              ("yearly", cfg.get("STRIPE_PRICE_YEARLY"))) if v}


def client() -> stripe.StripeClient:
    """A StripeClient for the current configuration."""
    cfg = current_app.config
    if development():
        return stripe.StripeClient("sk_development", http_client=EmulatorHTTPClient(dev_emulator()),
                                   max_network_retries=0)
    base = {"api": cfg["STRIPE_API_BASE"].rstrip("/")} if cfg.get("STRIPE_API_BASE") else None
    return stripe.StripeClient(cfg["STRIPE_SECRET_KEY"], base_addresses=base, max_network_retries=2)


def dev_emulator() -> Emulator:
    """The development stand-in, storing its objects in the app database."""
    from tracker.billing.devstore import DbStore

    return Emulator(DbStore(), current_app.config["PUBLIC_BASE_URL"] + "/billing/dev")


def as_dict(obj) -> dict:
    """A Stripe object as plain JSON data."""
    return obj.to_dict(for_json=True) if hasattr(obj, "to_dict") else dict(obj)


class EmulatorHTTPClient(stripe.HTTPClient):
    """Hands the stripe library's HTTP requests to the in-process Emulator instead of the network."""

    name = "development-emulator"

    def __init__(self, emulator: Emulator):
        super().__init__()
        self.emulator = emulator

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        parts = urllib.parse.urlsplit(url)
        pairs = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        if post_data:
            body = post_data.decode() if isinstance(post_data, bytes) else post_data
            pairs += urllib.parse.parse_qsl(body, keep_blank_values=True)
        key = (headers or {}).get("Idempotency-Key")
        status, body = self.emulator.handle(method.upper(), parts.path, decode_form(pairs), key)
        return json.dumps(body), status, {"Request-Id": "req_dev_" + secrets.token_hex(6)}

    def request_stream(self, method, url, headers, post_data=None, *, _usage=None):
        raise NotImplementedError("streaming is not used")

    def close(self):
        pass
