"""Development billing (no STRIPE_SECRET_KEY): marked stand-in pages drive membership through the webhook path."""
import html

from sqlalchemy import select

from tests.billing.helpers import fresh
from tests.helpers import csrf_token

from tracker.billing.access import access_for
from tracker.models.billing import StripeEvent


def press(client, page, data):
    return client.post(page, data={"csrf_token": csrf_token(client.text(page)), **data})


def test_development_journey_join_cancel_reactivate(client, member, tasks, db, mailbox):
    r = client.submit("/membership", {"plan": "monthly"}, action="/membership/join")
    checkout = r.location
    assert r.status_code == 303 and checkout.startswith("http://localhost/billing/dev/checkout/cs_test_")
    assert "DEVELOPMENT BILLING" in client.text(checkout)
    r = press(client, checkout, {"outcome": "pay"})
    assert r.status_code == 303 and "/membership/welcome?session_id=cs_test_" in r.location
    assert {e.source for e in db.session.scalars(select(StripeEvent))} == {"development"}
    tasks.run()
    assert "Welcome, member!" in client.text(r.location)
    assert access_for(fresh(db, member) and member).active

    portal = client.submit("/membership", {}, action="/membership/portal").location
    assert "/billing/dev/portal/bps_" in portal
    sub_id = member.membership.stripe_subscription_id
    press(client, portal, {"subscription": sub_id, "action": "cancel_now"})
    tasks.run()
    page = html.unescape(client.text("/membership"))
    assert "Your membership has expired" in page and "You've canceled your membership" in page

    r = client.submit("/membership", {"plan": "yearly"}, action="/membership/reactivate")
    assert r.location != checkout and "/billing/dev/checkout/" in r.location
    press(client, r.location, {"outcome": "pay"})
    tasks.run()
    fresh(db, member)
    assert access_for(member).active and member.membership.stripe_price_id == "price_dev_yearly"
    assert [m["Subject"] for m in mailbox.messages()] == [
        "Welcome to your Recall Tracker membership", "Your Recall Tracker membership has ended",
        "Your Recall Tracker membership is active again"]


def test_development_failed_renewal_and_paying_the_invoice(client, member, tasks, db):
    r = client.submit("/membership", {"plan": "monthly"}, action="/membership/join")
    press(client, r.location, {"outcome": "pay"})
    tasks.run()
    portal = client.submit("/membership", {}, action="/membership/portal").location
    press(client, portal, {"subscription": fresh(db, member).stripe_subscription_id, "action": "fail_renewal"})
    tasks.run()
    assert "update your card" in client.text("/membership")
    invoice = client.submit("/membership", {}, action="/membership/reactivate").location
    assert "/billing/dev/invoice/in_" in invoice
    press(client, invoice, {})
    tasks.run()
    assert fresh(db, member).status == "active"


def test_dev_pages_are_gone_when_stripe_is_configured(client, member, stripe_on):
    assert client.get("/billing/dev/checkout/cs_test_x").status_code == 404


def test_dev_pages_refuse_another_members_objects(client, member, tasks, app, auth):
    from tests.helpers import Browser

    checkout = client.submit("/membership", {"plan": "monthly"}, action="/membership/join").location
    other = Browser(app.test_client())
    other.submit("/login", {"email": "ada@example.com", "password": "nope"})  # not logged in
    assert other.get(checkout).status_code == 302
