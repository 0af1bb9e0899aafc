"""Billing fixtures: the loopback fake Stripe, the app switched to it, a recorder for enqueued tasks, webhooks."""
from __future__ import annotations

import pytest

from tests.billing.fake_stripe import FakeStripe, payload_and_header

WHSEC = "whsec_test_" + "b" * 32
PRICE_MONTHLY, PRICE_YEARLY = "price_test_monthly", "price_test_yearly"


@pytest.fixture()
def fake():
    f = FakeStripe()
    yield f
    f.close()


@pytest.fixture()
def stripe_on(app, fake, monkeypatch):
    """The app talks to the fake Stripe through the stripe library (STRIPE_API_BASE), like in production."""
    for key, value in {"STRIPE_SECRET_KEY": "sk_test_fake", "STRIPE_WEBHOOK_SECRET": WHSEC,
                       "STRIPE_API_BASE": fake.url, "STRIPE_PRICE_MONTHLY": PRICE_MONTHLY,
                       "STRIPE_PRICE_YEARLY": PRICE_YEARLY}.items():
        monkeypatch.setitem(app.config, key, value)
    return fake


class Tasks:
    """Records what views and tasks enqueue; run() calls the task functions directly, as a worker would."""

    def __init__(self):
        self.queued: list[tuple[str, tuple]] = []

    def enqueue(self, task: str, *args) -> bool:
        self.queued.append((task, args))
        return True

    def run(self) -> int:
        """Run queued tasks (and what they enqueue) until none are left; returns how many ran."""
        from workers import billing

        fns = {"workers.billing.process_stripe_event": billing.process_stripe_event,
               "workers.billing.send_billing_notice": billing.send_billing_notice}
        n = 0
        while self.queued:
            task, args = self.queued.pop(0)
            fns[task](*args)
            n += 1
        from tracker.extensions import db

        db.session.expire_all()  # tasks run in their own app context (and session): see what they committed
        return n

    def names(self) -> list[str]:
        return [t for t, _ in self.queued]


@pytest.fixture()
def tasks(monkeypatch):
    from tracker.billing import queue

    t = Tasks()
    monkeypatch.setattr(queue, "enqueue", t.enqueue)
    return t


@pytest.fixture()
def deliver(client):
    """POST an event to /stripe/webhook signed with Stripe's scheme (or as told)."""

    def send(event: dict, secret: str = WHSEC, t: int | None = None, header: str | None = "sign",
             body: bytes | None = None):
        payload, sig = payload_and_header(event, secret, t)
        headers = {"Content-Type": "application/json"}
        if header == "sign":
            headers["Stripe-Signature"] = sig
        elif header is not None:
            headers["Stripe-Signature"] = header
        return client.post("/stripe/webhook", data=body if body is not None else payload, headers=headers)

    return send


@pytest.fixture()
def member(auth, db):
    """A logged-in member who has never joined."""
    from tracker.accounts import service

    auth.login("ada@example.com")
    return service.find_user("ada@example.com")
