"""The access rule, each status x access, and the 402 answer of member-only API calls."""
from datetime import datetime, timedelta, timezone

import pytest
from flask import jsonify

from tracker.billing.access import membership_access

NOW = datetime(2026, 6, 1, 12, tzinfo=timezone.utc)
LATER = NOW + timedelta(days=10)
EARLIER = NOW - timedelta(days=10)


def rule(status, *, comp=None, end=LATER, cancel=False, since=None, grace=timedelta(days=7)):
    return membership_access(status=status, comp_until=comp, current_period_end=end, cancel_at_period_end=cancel,
                             past_due_since=since, grace=grace, now=NOW)


@pytest.mark.parametrize("status,active,shown,reason", [
    ("active", True, "active", None),
    ("trialing", True, "trialing", None),
    ("past_due", True, "past_due", None),
    ("incomplete", False, "incomplete", "payment_failed"),
    ("unpaid", False, "expired", "payment_failed"),
    ("canceled", False, "expired", "canceled"),
    ("incomplete_expired", False, "expired", "payment_failed"),
    ("paused", False, "expired", "payment_failed"),
    (None, False, "none", "none"),
    ("some_future_status", False, "none", "none"),
])
def test_each_status(status, active, shown, reason):
    a = rule(status, since=NOW - timedelta(days=1))
    assert (a.active, a.status, a.reason) == (active, shown, reason)


def test_past_due_grace_window_is_configurable_and_ends():
    assert rule("past_due", since=NOW - timedelta(days=6)).active
    late = rule("past_due", since=NOW - timedelta(days=8))
    assert (late.active, late.reason) == (False, "payment_failed")
    assert not rule("past_due", since=NOW - timedelta(days=1), grace=timedelta(0)).active
    assert rule("past_due", since=NOW - timedelta(days=20), grace=timedelta(days=30)).active
    assert "update your card" in rule("past_due", since=NOW).banner


def test_cancel_at_period_end_keeps_access_until_the_end():
    a = rule("active", cancel=True, end=LATER)
    assert a.active and a.ends_at == LATER
    b = rule("active", cancel=True, end=EARLIER)
    assert (b.active, b.reason) == (False, "canceled")


def test_incomplete_says_finish_your_payment():
    assert "Finish your payment" in rule("incomplete").banner


def test_complimentary_counts_and_expires():
    assert rule(None, comp=LATER).status == "complimentary"
    assert rule("canceled", comp=LATER).active
    assert not rule(None, comp=EARLIER).active
    assert rule("active", comp=LATER).status == "active"  # the paid state wins when both apply


def test_grace_comes_from_config(app, make_user, monkeypatch):
    from tracker.billing.access import access_for
    from tracker.billing.service import membership_row
    from tracker.extensions import db

    user = make_user()
    m = membership_row(user)
    m.status, m.past_due_since = "past_due", datetime.now(timezone.utc) - timedelta(days=2)
    db.session.commit()
    assert access_for(user).active
    monkeypatch.setitem(app.config, "BILLING_GRACE_DAYS", 1)
    assert not access_for(user).active


@pytest.mark.parametrize("status,reason", [(None, "none"), ("unpaid", "payment_failed"), ("canceled", "canceled")])
def test_member_only_api_answers_402_for_inactive_members(app, make_user, db, status, reason):
    from tracker.accounts import service
    from tracker.accounts.auth import member_required_api
    from tracker.billing.service import membership_row

    user = make_user()
    if status:
        membership_row(user).status = status
    token = service.create_api_token(user, "t")
    db.session.commit()
    view = member_required_api(lambda: jsonify(ok=True))
    with app.test_request_context(headers={"Authorization": f"Bearer {token}"}):
        body, code = view()
    assert code == 402
    assert body.get_json() == {"error": "membership_inactive", "message": body.get_json()["message"],
                               "reason": reason, "reactivate_url": "http://localhost/membership"}


def test_me_reports_membership(client, make_user, db):
    from tracker.accounts import service
    from tracker.billing.service import membership_row

    user = make_user()
    membership_row(user).status = "unpaid"
    token = service.create_api_token(user, "t")
    db.session.commit()
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert me["membership"] == {"status": "expired", "active": False, "reason": "payment_failed", "ends_at": None}
