"""Steps shared by the billing tests."""
from __future__ import annotations


def join(client, plan: str = "monthly"):
    """Press Join on the membership page."""
    return client.submit("/membership", {"plan": plan}, action="/membership/join")


def subscribe(client, fake, deliver, tasks, status: str = "active") -> dict:
    """Join, pay on the (fake) Checkout page, deliver Stripe's events, process them; returns the subscription."""
    join(client)
    cs = [s for s in fake.all("checkout.session") if s["status"] == "open"][-1]
    for ev in fake.emu.complete_checkout(cs["id"], status):
        assert deliver(ev).status_code == 200
    tasks.run()
    return fake.get(fake.get(cs["id"])["subscription"])


def send(fake, deliver, tasks, events: list[dict]) -> None:
    """Deliver events and process them."""
    for ev in events:
        assert deliver(ev).status_code == 200
    tasks.run()


def fresh(db, user):
    """The member's membership row as committed."""
    db.session.expire_all()
    return user.membership
