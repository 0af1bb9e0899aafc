"""The daily pass: every Stripe subscription from one paged listing (100 a page), mirrored with the webhook code."""
import logging

from sqlalchemy import func, select

from tests.billing.conftest import PRICE_MONTHLY

from tracker.billing import reconcile
from tracker.extensions import db as _db
from tracker.models.base import utcnow
from tracker.models.accounts import User
from tracker.models.billing import BillingNotice, Membership
from workers.billing import reconcile_subscriptions


def members(fake, statuses: list[str], local: str = "active") -> list[tuple[User, dict]]:
    """Members whose local copy says `local`, each with a Stripe subscription in the given status (no argon2,
    no Checkout: rows and fake objects made directly, so hundreds stay fast)."""
    made = []
    for i, status in enumerate(statuses):
        cus = fake.emu.create_customer({"email": f"m{i}@example.com"})
        sub = fake.emu._subscription(cus["id"], PRICE_MONTHLY, status, None)
        user = User(email=f"m{i}@example.com", password_hash="-")
        _db.session.add(user)
        _db.session.flush()
        _db.session.add(Membership(user_id=user.id, stripe_customer_id=cus["id"], stripe_subscription_id=sub["id"],
                                   status=local))
        made.append((user, sub))
    _db.session.commit()
    return made


def statuses(db) -> dict[str, str]:
    db.session.expire_all()
    return dict(db.session.execute(select(Membership.stripe_subscription_id, Membership.status)).all())


def notices(db) -> int:
    return db.session.scalar(select(func.count()).select_from(BillingNotice))


def test_drift_of_250_members_healed_with_3_list_calls_and_idempotent(stripe_on, tasks, db):
    wanted = ["canceled" if i % 5 == 0 else "past_due" if i % 7 == 0 else "active" for i in range(250)]
    made = members(stripe_on, wanted)
    stripe_on.requests.clear()
    result = reconcile_subscriptions()
    calls = stripe_on.requests
    assert [(r["method"], r["path"]) for r in calls] == [("GET", "/v1/subscriptions")] * 3
    assert [r["params"].get("starting_after") for r in calls] == [None, made[150][1]["id"], made[50][1]["id"]]
    assert calls[0]["params"] == {"status": "all", "limit": "100", "expand": ["data.latest_invoice"]}
    assert statuses(db) == {sub["id"]: status for (_, sub), status in zip(made, wanted)}
    assert result == {"synced": 250, "not_in_stripe": 0}
    ended = notices(db)
    assert ended == wanted.count("canceled")  # "membership ended", once each

    stripe_on.requests.clear()
    assert reconcile_subscriptions() == {"synced": 250, "not_in_stripe": 0}  # twice: same state, no new email
    assert len(stripe_on.requests) == 3 and notices(db) == ended
    assert statuses(db) == {sub["id"]: status for (_, sub), status in zip(made, wanted)}


def test_one_broken_subscription_does_not_stop_the_rest(stripe_on, tasks, db, caplog):
    made = members(stripe_on, ["canceled"] * 5)
    broken = stripe_on.get(made[2][1]["id"])
    broken["items"]["data"][0]["current_period_end"] = "soon"  # not a timestamp
    stripe_on.store.put(broken)
    result = reconcile_subscriptions()
    assert result == {"synced": 4, "failed": 1, "not_in_stripe": 0}
    assert statuses(db) == {sub["id"]: "active" if sub["id"] == broken["id"] else "canceled" for _, sub in made}
    assert f"subscription {broken['id']}" in caplog.text


def test_unknown_or_missing_subscriptions_are_logged_not_downgraded(stripe_on, tasks, db, caplog):
    (user, sub), = members(stripe_on, ["active"], local="past_due")
    stranger = stripe_on.emu.create_customer({})
    stripe_on.emu._subscription(stranger["id"], PRICE_MONTHLY, "active", None)  # not one of our members
    gone = User(email="gone@example.com", password_hash="-")
    db.session.add(gone)
    db.session.flush()
    db.session.add(Membership(user_id=gone.id, stripe_customer_id="cus_gone", stripe_subscription_id="sub_gone",
                              status="active"))
    db.session.commit()
    with caplog.at_level(logging.WARNING):
        result = reconcile_subscriptions()
    assert result == {"unknown_customer": 1, "synced": 1, "not_in_stripe": 1}
    assert statuses(db) == {sub["id"]: "active", "sub_gone": "active"}
    assert "subscription sub_gone is not in Stripe; left unchanged" in caplog.text


def test_a_newer_subscription_listed_first_wins_without_a_false_ended_email(stripe_on, tasks, db):
    (user, old), = members(stripe_on, ["canceled"])
    new = stripe_on.emu._subscription(old["customer"], PRICE_MONTHLY, "active", None)  # listed before the old one
    assert reconcile_subscriptions() == {"waiting": 1, "synced": 1, "not_in_stripe": 0}
    assert statuses(db) == {new["id"]: "active"}
    assert notices(db) == 0
    assert reconcile_subscriptions() == {"synced": 1, "skipped": 1, "not_in_stripe": 0}  # the old one now loses
    assert statuses(db) == {new["id"]: "active"} and notices(db) == 0


def test_a_member_synced_by_a_webhook_after_the_page_was_read_is_not_set_back(stripe_on, tasks, db):
    (user, sub), = members(stripe_on, ["canceled"])
    run = reconcile.SubscriptionPass()
    (listed,) = run.subscriptions()
    m = db.session.get(Membership, user.membership.id)
    m.synced_at = utcnow()  # a webhook mirrored the member meanwhile (here: still active)
    db.session.commit()
    assert run.mirror(listed) == "skipped"
    db.session.commit()
    assert statuses(db) == {sub["id"]: "active"}
