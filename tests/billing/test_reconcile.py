"""The beat jobs heal drift: a dropped webhook, a stuck event (every 15 minutes), a subscription that changed
without an event (the daily paged pass: see test_reconcile_pass.py)."""
from datetime import timedelta

from sqlalchemy import select, update

from tests.billing.helpers import fresh, join, subscribe

from tracker.billing.access import access_for
from tracker.models.base import utcnow
from tracker.models.billing import StripeEvent
from workers.billing import reconcile_stripe, reconcile_subscriptions


def test_reconcile_heals_a_dropped_checkout_webhook(client, member, stripe_on, tasks, db, mailbox):
    join(client)
    (cs,) = stripe_on.all("checkout.session")
    stripe_on.emu.complete_checkout(cs["id"])  # Stripe sent the events; none reached us
    assert not access_for(member).active
    result = reconcile_stripe()
    assert result["new_events"] == 3
    tasks.run()
    assert access_for(fresh(db, member) and member).active
    assert {r.source for r in db.session.scalars(select(StripeEvent))} == {"reconcile"}
    assert len(mailbox.messages()) == 1
    assert reconcile_stripe()["new_events"] == 0  # nothing twice


def test_subscription_pass_heals_a_membership_that_changed_without_an_event(client, member, stripe_on, deliver,
                                                                             tasks, db):
    sub = subscribe(client, stripe_on, deliver, tasks)
    stripe_on.emu.cancel_now(sub["id"])
    stripe_on.store.objects = {k: v for k, v in stripe_on.store.objects.items() if v.get("object") != "event"}
    stripe_on.requests.clear()
    reconcile_stripe()  # the 15-minute job: events only, no request per member
    assert [r["path"] for r in stripe_on.requests] == ["/v1/events"]
    assert fresh(db, member).status == "active"
    reconcile_subscriptions()
    fresh(db, member)
    assert (access_for(member).active, member.membership.status) == (False, "canceled")


def test_reconcile_re_enqueues_stuck_events(client, member, stripe_on, deliver, tasks, db):
    join(client)
    (cs,) = stripe_on.all("checkout.session")
    for ev in stripe_on.emu.complete_checkout(cs["id"]):
        deliver(ev)
    tasks.queued.clear()  # the broker lost them
    db.session.execute(update(StripeEvent).values(received_at=utcnow() - timedelta(minutes=10)))
    db.session.commit()
    reconcile_stripe()
    assert tasks.names().count("workers.billing.process_stripe_event") == 3
    tasks.run()
    assert access_for(fresh(db, member) and member).active
