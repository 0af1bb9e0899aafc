"""Join through Stripe Checkout (the stripe library against the loopback fake), the return page, the Portal."""
import re

from sqlalchemy import func, select

from tests.billing.conftest import PRICE_MONTHLY
from tests.helpers import csrf_token

from tracker.billing.access import access_for
from tracker.models.billing import BillingNotice, CheckoutAttempt, StripeEvent


def join(client, plan="monthly"):
    return client.submit("/membership", {"plan": plan}, action="/membership/join")


def test_never_joined_sees_join_page_not_expired(client, member):
    page = client.text("/membership")
    assert "Become a member" in page and "expired" not in page.lower()
    assert "Exclusive Deals for Members" in page


def test_join_starts_subscription_checkout_for_one_reused_customer(client, member, stripe_on, db):
    r1 = join(client)
    assert r1.status_code == 303 and r1.location.startswith(stripe_on.url + "/hosted/checkout/cs_test_")
    r2 = join(client)
    assert r2.location == r1.location  # a second click within minutes replays the same session
    assert len(stripe_on.all("customer")) == 1
    (cs,) = stripe_on.all("checkout.session")
    assert cs["mode"] == "subscription" and cs["customer"] == member.membership.stripe_customer_id
    assert cs["client_reference_id"] == str(member.id)
    assert cs["line_items"]["data"][0]["price"]["id"] == PRICE_MONTHLY
    keys = [r["key"] for r in stripe_on.writes()]
    assert keys and all(k and k.startswith("recall-tracker-") for k in keys)


def test_join_yearly_uses_yearly_price(client, member, stripe_on):
    join(client, "yearly")
    (cs,) = stripe_on.all("checkout.session")
    assert cs["line_items"]["data"][0]["price"]["id"] == "price_test_yearly"


def test_bad_plan_shows_error_next_to_the_field(client, member, stripe_on):
    r = join(client, "weekly")
    assert r.status_code == 422
    assert re.search(r'class="error"[^>]*>Not a valid choice', r.get_data(as_text=True))
    assert stripe_on.writes() == []


def test_return_page_does_not_trust_the_query_string(client, member, stripe_on, tasks):
    join(client)
    (cs,) = stripe_on.all("checkout.session")
    for qs in (f"session_id={cs['id']}", "session_id=cs_test_forged&paid=1&status=active", ""):
        r = client.get("/membership/welcome?" + qs)
        assert r.status_code == 200
    assert not access_for(member).active


def test_return_page_confirms_a_paid_session_with_stripe(client, member, stripe_on, tasks, db, mailbox):
    join(client)
    (cs,) = stripe_on.all("checkout.session")
    stripe_on.emu.complete_checkout(cs["id"])  # paid on Stripe's page; no webhook has arrived yet
    page = client.text(f"/membership/welcome?session_id={cs['id']}")
    assert "Your membership is active" in page
    db.session.refresh(member.membership)
    assert member.membership.status == "active"
    assert db.session.scalar(select(CheckoutAttempt.completed_at)) is not None
    tasks.run()
    assert [m["Subject"] for m in mailbox.messages()] == ["Welcome to your Recall Tracker membership"]


def test_checkout_webhooks_activate_and_welcome_once(client, member, stripe_on, tasks, deliver, db, mailbox):
    join(client)
    (cs,) = stripe_on.all("checkout.session")
    events = stripe_on.emu.complete_checkout(cs["id"])
    for ev in events + events:
        assert deliver(ev).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(StripeEvent)) == 3
    tasks.run()
    db.session.refresh(member.membership)
    m = member.membership
    assert (m.status, m.stripe_price_id) == ("active", PRICE_MONTHLY) and m.current_period_end is not None
    assert access_for(member).active
    welcome = [x for x in mailbox.messages() if "Welcome" in x["Subject"]]
    assert len(welcome) == 1 and "http://localhost/membership" in mailbox.text_of(welcome[0])
    assert db.session.scalar(select(func.count()).select_from(BillingNotice)) == 1
    assert "Manage membership" in client.text("/membership")


def test_manage_membership_opens_the_customer_portal(client, member, stripe_on, tasks, deliver):
    join(client)
    (cs,) = stripe_on.all("checkout.session")
    for ev in stripe_on.emu.complete_checkout(cs["id"]):
        deliver(ev)
    tasks.run()
    r = client.submit("/membership", {}, action="/membership/portal")
    assert r.status_code == 303 and r.location.startswith(stripe_on.url + "/hosted/portal/bps_")
    (call,) = stripe_on.calls("POST", "/v1/billing_portal/sessions")
    assert call["params"]["customer"] == member.membership.stripe_customer_id
    assert call["params"]["return_url"] == "http://localhost/membership"


def test_stripe_outage_on_join_shows_a_message_not_an_error(client, member, stripe_on):
    stripe_on.down = True
    r = join(client)
    assert r.status_code == 302
    assert "couldn&#39;t reach our payment provider" in client.text("/membership")


def test_join_needs_csrf_token(client, member, stripe_on):
    r = client.post("/membership/join", data={"plan": "monthly"})
    assert r.status_code == 400 and stripe_on.writes() == []
    assert csrf_token(client.text("/membership"))
