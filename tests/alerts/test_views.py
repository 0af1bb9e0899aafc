"""The alert center, member actions, settings, and GET /api/v1/alerts."""
from __future__ import annotations

from tests.alerts.conftest import alerts_of
from tests.products.helpers import api_token
from tracker.accounts.service import find_user
from workers.alerts import crosscheck_recall


def _alert_for_login(auth, own, recall, db):
    auth.login(days=30)
    own("member@example.com")
    crosscheck_recall(recall.id)
    return alerts_of(db)[0]


def test_alert_center_lists_counts_and_reads(db, client, auth, own, recall):
    alert = _alert_for_login(auth, own, recall, db)
    home = client.text("/")
    assert 'aria-label="1 unread"' in home
    listing = client.text("/alerts/")
    assert "Soundcore speaker" in listing and "25-056" in listing
    page = client.text(f"/alerts/{alert.id}")
    assert "A3102" in page and alert.reason.split(";")[0] in page
    assert "We received it" in page and "We notified you" in page and "How to contact the manufacturer" in page
    assert 'aria-label="1 unread"' not in client.text("/")


def test_member_actions(db, client, auth, own, recall):
    alert = _alert_for_login(auth, own, recall, db)
    resp = client.submit(f"/alerts/{alert.id}", {"status": "contacted"}, action=f"/alerts/{alert.id}/status",
                         follow=True)
    assert "Saved: Contacted the manufacturer" in resp.get_data(as_text=True)
    client.submit(f"/alerts/{alert.id}", {"status": "remedy_received"}, action=f"/alerts/{alert.id}/status")
    db.session.expire_all()
    assert alerts_of(db)[0].status == "contacted"  # a remedy needs its kind
    client.submit(f"/alerts/{alert.id}", {"status": "remedy_received", "remedy": "replaced"},
                  action=f"/alerts/{alert.id}/status")
    db.session.expire_all()
    assert (alerts_of(db)[0].status, alerts_of(db)[0].remedy) == ("remedy_received", "replaced")
    assert client.post(f"/alerts/{alert.id}/status", data={"status": "disposed"}).status_code == 400  # no CSRF
    assert "No open alerts" in client.text("/alerts/")


def test_every_action_the_issue_names_is_saved_and_shown(db, client, auth, own, recall):
    """"not my product", "checked: not affected", "contacted the manufacturer", "remedy received (replaced / refunded
    / repaired)", "disposed": each set from the alert page, stored, and named back to the member."""
    alert = _alert_for_login(auth, own, recall, db)
    steps = [({"status": "not_mine"}, "Not my product"), ({"status": "not_affected"}, "Checked: not affected"),
             ({"status": "contacted"}, "Contacted the manufacturer"),
             *[({"status": "remedy_received", "remedy": r}, "Remedy received") for r in ("replaced", "refunded",
                                                                                        "repaired")],
             ({"status": "disposed"}, "Disposed of it")]
    for form, label in steps:
        resp = client.submit(f"/alerts/{alert.id}", form, action=f"/alerts/{alert.id}/status", follow=True)
        assert f"Saved: {label}" in resp.get_data(as_text=True), form
        db.session.expire_all()
        stored = alerts_of(db)[0]
        assert (stored.status, stored.remedy if form.get("remedy") else None) == (form["status"], form.get("remedy"))


def test_another_members_alert_is_404(db, client, auth, own, recall):
    own("someone@example.com")
    crosscheck_recall(recall.id)
    theirs = alerts_of(db)[0]
    auth.login(days=30)
    assert client.get(f"/alerts/{theirs.id}").status_code == 404
    assert client.submit("/alerts/", {"status": "disposed"}, action=f"/alerts/{theirs.id}/status").status_code == 404


def test_inactive_member_is_sent_to_the_membership_page(db, client, auth):
    auth.login()
    resp = client.get("/alerts/")
    assert resp.status_code == 302 and "/membership" in resp.headers["Location"]


def test_settings_choose_digest(db, client, auth):
    from tracker.alerts.outbox import email_mode

    auth.login(days=30)
    client.submit("/alerts/settings", {"email_mode": "digest"})
    assert email_mode(find_user("member@example.com").id) == "digest"
    resp = client.submit("/alerts/settings", {"email_mode": "sometimes"}, follow=True)
    assert "Choose immediately" in resp.get_data(as_text=True)


def test_api_alerts_contract(db, client, own, recall):
    item = own("api@example.com")
    crosscheck_recall(recall.id)
    resp = client.get("/api/v1/alerts", headers=api_token(item.user))
    (a,) = resp.get_json()["items"]
    assert {"id", "saved_product_id", "recall_number", "level", "reason", "status"} <= set(a)
    assert (a["saved_product_id"], a["recall_number"], a["status"]) == (item.id, "25-056", "open")
    assert a["level"] in ("confirmed", "possible")


def test_api_alerts_is_member_only(db, client, make_user):
    user = make_user("lapsed@example.com")
    resp = client.get("/api/v1/alerts", headers=api_token(user))
    assert resp.status_code == 402 and resp.get_json()["error"] == "membership_inactive"
    assert client.get("/api/v1/alerts").status_code == 401


def test_in_app_count_can_be_turned_off_and_alerts_stay_listed(db, client, auth, own, recall):
    _alert_for_login(auth, own, recall, db)
    assert 'aria-label="1 unread"' in client.text("/")
    client.submit("/alerts/settings", {"email_mode": "immediately"})  # checkbox left unticked
    assert 'aria-label="1 unread"' not in client.text("/")
    assert "Soundcore speaker" in client.text("/alerts/")
    client.submit("/alerts/settings", {"email_mode": "immediately", "in_app": "on"})
    assert 'aria-label="1 unread"' in client.text("/")
