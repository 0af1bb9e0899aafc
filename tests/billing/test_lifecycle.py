"""Whole membership journeys through webhooks: payment failed -> grace -> expired -> Re-activate by paying the
invoice; cancel at period end -> expired -> Re-activate by a new Checkout; customer deleted."""
import time
from datetime import timedelta

from tests.billing.helpers import fresh, send, subscribe

from tracker.billing.access import access_for
from tracker.models.base import utcnow


def subjects(mailbox):
    return [m["Subject"] for m in mailbox.messages()]


def test_payment_failed_grace_expired_then_reactivate_by_paying_invoice(client, member, stripe_on, deliver, tasks,
                                                                       db, mailbox):
    sub = subscribe(client, stripe_on, deliver, tasks)
    send(stripe_on, deliver, tasks, stripe_on.emu.renew_failed(sub["id"]))
    m = fresh(db, member)
    assert m.status == "past_due" and m.past_due_since is not None
    access = access_for(member)
    assert access.active and "update your card" in access.banner
    assert "update your card" in client.text("/")
    failed = [x for x in mailbox.messages() if "didn't go through" in x["Subject"]]
    assert len(failed) == 1 and "http://localhost/membership" in mailbox.links(failed[0])

    assert not access_for(member, grace=timedelta(0)).active  # after the grace window
    send(stripe_on, deliver, tasks, stripe_on.emu.set_subscription(sub["id"], status="unpaid"))
    access = access_for(member)
    assert (access.active, access.reason) == (False, "payment_failed")
    page = client.text("/membership")
    assert "Your membership has expired" in page and "couldn't be processed" in page and "Re-activate" in page
    assert "Save products you love, products you own and much more!" in page
    assert "Your Recall Tracker membership has ended" in subjects(mailbox)

    r = client.submit("/membership", {}, action="/membership/reactivate")
    invoice = stripe_on.get(stripe_on.get(sub["id"])["latest_invoice"])
    assert r.status_code == 303 and r.location == invoice["hosted_invoice_url"]
    # no new Checkout for a failed payment:
    assert len(stripe_on.all("checkout.session")) == 1
    send(stripe_on, deliver, tasks, stripe_on.emu.pay_invoice(invoice["id"]))
    assert access_for(member).active and fresh(db, member).past_due_since is None
    assert "Your Recall Tracker membership is active again" in subjects(mailbox)


def test_cancel_at_period_end_then_expired_then_new_checkout_same_customer(client, member, stripe_on, deliver, tasks,
                                                                          db, mailbox):
    sub = subscribe(client, stripe_on, deliver, tasks)
    customer = fresh(db, member).stripe_customer_id
    send(stripe_on, deliver, tasks, stripe_on.emu.set_subscription(sub["id"], cancel_at_period_end=True))
    access = access_for(member)
    assert access.active and access.ends_at is not None  # keeps access until the period end
    assert "won't renew" in client.text("/membership")
    # The period ends: Stripe cancels the subscription.
    stripe_on.emu.set_subscription(sub["id"], current_period_end=int(time.time()) - 5)
    send(stripe_on, deliver, tasks, stripe_on.emu.cancel_now(sub["id"]))
    access = access_for(member)
    assert (access.active, access.reason) == (False, "canceled")
    page = client.text("/membership")
    assert "Your membership has expired" in page and "You've canceled your membership" in page
    assert "Your Recall Tracker membership has ended" in subjects(mailbox)

    r = client.submit("/membership", {"plan": "monthly"}, action="/membership/reactivate")
    sessions = stripe_on.all("checkout.session")
    new = [s for s in sessions if s["status"] == "open"]
    assert r.status_code == 303 and len(new) == 1 and r.location == new[0]["url"]
    assert new[0]["customer"] == customer and len(stripe_on.all("customer")) == 1
    send(stripe_on, deliver, tasks, stripe_on.emu.complete_checkout(new[0]["id"]))
    m = fresh(db, member)
    assert access_for(member).active and m.stripe_subscription_id != sub["id"] and m.stripe_customer_id == customer
    assert subjects(mailbox).count("Welcome to your Recall Tracker membership") == 1


def test_late_events_of_the_old_subscription_do_not_override_the_new_one(client, member, stripe_on, deliver, tasks, db):
    old = subscribe(client, stripe_on, deliver, tasks)
    ended = stripe_on.emu.cancel_now(old["id"])
    send(stripe_on, deliver, tasks, ended)
    subscribe(client, stripe_on, deliver, tasks)
    send(stripe_on, deliver, tasks, [stripe_on.emu.event("customer.subscription.updated", stripe_on.get(old["id"]))])
    assert access_for(member).active and fresh(db, member).stripe_subscription_id != old["id"]


def test_incomplete_checkout_asks_to_finish_payment(client, member, stripe_on, deliver, tasks):
    sub = subscribe(client, stripe_on, deliver, tasks, status="incomplete")
    access = access_for(member)
    assert (access.active, access.status) == (False, "incomplete")
    page = client.text("/membership")
    assert "Finish your payment" in page and "expired" not in page.lower()
    r = client.submit("/membership", {}, action="/membership/reactivate")
    assert r.location == stripe_on.get(stripe_on.get(sub["id"])["latest_invoice"])["hosted_invoice_url"]


def test_customer_deleted_forgets_the_customer(client, member, stripe_on, deliver, tasks, db):
    subscribe(client, stripe_on, deliver, tasks)
    cus = stripe_on.get(fresh(db, member).stripe_customer_id)
    send(stripe_on, deliver, tasks, [stripe_on.emu.event("customer.deleted", {**cus, "deleted": True})])
    m = fresh(db, member)
    assert m.stripe_customer_id is None and m.status == "canceled" and not access_for(member).active
    client.submit("/membership", {"plan": "monthly"}, action="/membership/reactivate")
    assert len(stripe_on.all("customer")) == 2  # a new Customer, not a replay of the deleted one


def test_complimentary_member_has_access_without_stripe(client, auth, db):
    auth.login("comp@example.com", days=30)
    from tracker.accounts import service

    user = service.find_user("comp@example.com")
    access = access_for(user)
    assert access.active and access.status == "complimentary" and access.ends_at > utcnow()
    assert "complimentary membership is active" in client.text("/membership")
