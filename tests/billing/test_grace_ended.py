"""The hourly job emails "membership ended" once a past-due member's grace window runs out (no webhook says so):
once per past-due episode, never before, never for members who paid or who canceled (they got the usual email)."""
from datetime import timedelta

from sqlalchemy import select

from tests.billing.helpers import fresh, send, subscribe

from tracker.billing import grace
from tracker.models.billing import BillingNotice
from workers.billing import notify_grace_ended

ENDED = "Your Recall Tracker membership has ended"


def ended(mailbox) -> list:
    return [m for m in mailbox.messages() if m["Subject"] == ENDED]


def past_due(client, member, stripe_on, deliver, tasks, db, sub=None) -> dict:
    """A member whose renewal failed (past_due since the open invoice was finalized); returns the subscription."""
    sub = sub or subscribe(client, stripe_on, deliver, tasks)
    send(stripe_on, deliver, tasks, stripe_on.emu.renew_failed(sub["id"]))
    assert fresh(db, member).status == "past_due"
    return sub


def age(stripe_on, db, member, sub: dict, days: float) -> None:
    """Move the failed invoice's finalization and the emails recorded so far `days` back, as if that time passed."""
    inv = stripe_on.get(stripe_on.get(sub["id"])["latest_invoice"])
    inv["status_transitions"]["finalized_at"] -= int(days * 86400)
    stripe_on.store.put(inv)
    m = fresh(db, member)
    m.past_due_since -= timedelta(days=days)
    earlier(db, days)


def earlier(db, days: float) -> None:
    """Move the emails recorded so far `days` back."""
    for notice in db.session.scalars(select(BillingNotice)):
        notice.created_at -= timedelta(days=days)
    db.session.commit()


def test_ended_email_once_after_grace_not_before_not_twice(client, member, stripe_on, deliver, tasks, db, mailbox):
    sub = past_due(client, member, stripe_on, deliver, tasks, db)
    age(stripe_on, db, member, sub, 6.9)
    assert notify_grace_ended() == 0  # still in the 7-day grace window
    age(stripe_on, db, member, sub, 0.2)
    assert notify_grace_ended() == 1
    tasks.run()
    (mail,) = ended(mailbox)
    assert "http://localhost/membership" in mailbox.links(mail) and "Re-activate" in mailbox.text_of(mail)
    assert notify_grace_ended() == 0 and grace.grace_ended() == []  # twice: nothing more, not even selected
    # Stripe gives up later (unpaid): the same ending, so no second email.
    send(stripe_on, deliver, tasks, stripe_on.emu.set_subscription(sub["id"], status="unpaid"))
    assert len(ended(mailbox)) == 1


def test_stripe_ending_it_first_then_the_job_sends_nothing_more(client, member, stripe_on, deliver, tasks, db,
                                                                mailbox):
    sub = past_due(client, member, stripe_on, deliver, tasks, db)
    age(stripe_on, db, member, sub, 8)
    send(stripe_on, deliver, tasks, stripe_on.emu.cancel_now(sub["id"]))  # retries exhausted: canceled
    assert len(ended(mailbox)) == 1
    assert notify_grace_ended() == 0 and len(ended(mailbox)) == 1


def test_no_email_for_a_member_who_paid(client, member, stripe_on, deliver, tasks, db, mailbox):
    sub = past_due(client, member, stripe_on, deliver, tasks, db)
    age(stripe_on, db, member, sub, 8)
    send(stripe_on, deliver, tasks, stripe_on.emu.pay_invoice(stripe_on.get(sub["id"])["latest_invoice"]))
    assert fresh(db, member).status == "active"
    assert notify_grace_ended() == 0 and ended(mailbox) == []


def test_no_second_email_for_a_member_who_canceled(client, member, stripe_on, deliver, tasks, db, mailbox):
    sub = subscribe(client, stripe_on, deliver, tasks)
    send(stripe_on, deliver, tasks, stripe_on.emu.cancel_now(sub["id"]))
    assert len(ended(mailbox)) == 1  # the existing canceled -> ended email
    assert notify_grace_ended() == 0 and len(ended(mailbox)) == 1


def test_each_past_due_episode_gets_its_own_email(client, member, stripe_on, deliver, tasks, db, mailbox):
    sub = past_due(client, member, stripe_on, deliver, tasks, db)
    age(stripe_on, db, member, sub, 40)
    assert notify_grace_ended() == 1
    send(stripe_on, deliver, tasks, stripe_on.emu.pay_invoice(stripe_on.get(sub["id"])["latest_invoice"]))
    earlier(db, 30)
    past_due(client, member, stripe_on, deliver, tasks, db, sub)  # a month later the renewal fails again
    assert notify_grace_ended() == 0
    age(stripe_on, db, member, sub, 8)
    assert notify_grace_ended() == 1
    tasks.run()
    assert len(ended(mailbox)) == 2
