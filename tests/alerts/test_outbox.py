"""Sending from the outbox: once per row through claims and leases, retries, digests, reminders, unsubscribe."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.alerts.conftest import alerts_of, notifications
from tracker import mail
from tracker.alerts import fanout, outbox
from tracker.alerts.channels import Transient
from tracker.models.base import utcnow
from workers import alerts as tasks


@pytest.fixture()
def pending(db, own, recall):
    """One A3102 owner, cross-checked: one pending 'alert' outbox row."""
    own()
    tasks.crosscheck_recall(recall.id)
    (n,) = notifications(db)
    return n


def test_send_delivers_once_even_when_delivered_twice(db, smtp, pending):
    assert tasks.send_notification(pending.id) == "sent"
    assert tasks.send_notification(pending.id) == "sent"  # duplicate task: returns early, sends nothing
    assert len(smtp.messages) == 1
    db.session.expire_all()
    n, alert = notifications(db)[0], alerts_of(db)[0]
    assert n.status == "sent" and n.sent_at and n.attempts == 1 and alert.notified_at == n.sent_at
    msg = smtp.messages[0]
    assert msg["Message-ID"] == n.message_id and msg["To"] == "owner@example.com"
    assert "Soundcore speaker" in msg["Subject"] and "Fire Hazard" in msg["Subject"]
    assert msg["List-Unsubscribe"].startswith("<http://localhost/alerts/unsubscribe/")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = msg.get_payload()[0].get_payload(decode=True).decode()
    assert "What to do now" in body and "800-988-7973" in body and "/alerts/" in body
    assert {p.get_content_type() for p in msg.walk()} >= {"text/plain", "text/html"}


def test_two_claimers_one_send(db, pending):
    first = outbox.claim(pending.id)
    second = outbox.claim(pending.id)
    db.session.commit()
    assert first is not None and second is None


def test_a_worker_killed_mid_send_is_not_raced_and_its_lease_expires(app, db, smtp, pending):
    outbox.claim(pending.id, now=utcnow())  # a worker claimed it, then died before recording the send
    db.session.commit()
    assert tasks.send_notification(pending.id) == "busy"  # the redelivered task leaves the live claim alone
    assert outbox.stuck() == [] and smtp.messages == []
    later = utcnow() + timedelta(seconds=app.config["ALERTS_SEND_LEASE_SECONDS"] + 1)
    assert outbox.claim(pending.id, now=later) is not None  # after the lease another worker takes over
    db.session.rollback()


def test_transient_smtp_error_retries_then_sends(db, smtp, pending):
    smtp.fail_next = ["451 4.3.0 try again later"]
    with pytest.raises(Transient) as exc:  # called directly, Task.retry re-raises the error
        tasks.send_notification(pending.id)
    assert "451" in str(exc.value)
    db.session.expire_all()
    n = notifications(db)[0]
    assert (n.status, n.attempts, n.claimed_at) == ("pending", 1, None) and "451" in n.last_error
    assert tasks.send_notification(pending.id) == "sent" and len(smtp.messages) == 1


def test_permanent_smtp_error_is_recorded_and_not_retried(db, smtp, pending):
    smtp.fail_next = ["550 5.1.1 no such user"]
    assert tasks.send_notification(pending.id) == "failed"
    assert tasks.send_notification(pending.id) == "failed"
    db.session.expire_all()
    n = notifications(db)[0]
    assert n.status == "failed" and "550" in n.last_error and smtp.messages == []


def test_connection_refused_is_transient(app, db, smtp_sink, pending):
    from tests.helpers import free_port

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    try:
        with pytest.raises(Transient):
            tasks.send_notification(pending.id)
    finally:
        app.config.update(MAIL_SERVER=None, MAIL_PORT=25)
    assert notifications(db)[0].status == "pending"


def test_sweeper_requeues_lost_sends(db, pending, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.send_notification, "delay", sent.append)
    assert tasks.requeue_notifications() == 0  # fresh: its own task is still on its way
    pending.created_at = utcnow() - timedelta(minutes=10)
    db.session.commit()
    assert tasks.requeue_notifications() == 1 and sent == [pending.id]


def test_inactive_member_safety_notice_links_the_public_page(db, smtp, own, recall):
    own(days=None)
    tasks.crosscheck_recall(recall.id)
    assert tasks.send_notification(notifications(db)[0].id) == "sent"
    msg = smtp.messages[0]
    body = msg.get_payload()[0].get_payload(decode=True).decode()
    assert msg["Subject"].startswith("Safety notice") and "/recalls/25-056" in body and "/membership" in body
    assert "800-988-7973" not in body  # the short notice, not the full alert


def test_the_email_follows_the_membership_at_sending_time(db, smtp, own, recall):
    """Lapsed when the recall matched, re-activated before the send: the full alert, not the safety notice; and the
    other way round. The row records what was sent, on the one-row and the chunk path alike."""
    from tracker.billing.service import grant_complimentary

    lapsed, active = own("lapsed@example.com", days=None), own("active@example.com")
    tasks.crosscheck_recall(recall.id)
    assert {n.kind for n in notifications(db)} == {"alert"}
    grant_complimentary(lapsed.user, timedelta(days=30))  # re-activated before the send
    active.user.membership.comp_until = utcnow() - timedelta(minutes=1)  # ended before the send
    db.session.commit()
    first, second = notifications(db)
    assert tasks.send_notification(first.id) == "sent"
    assert tasks.send_notifications([second.id]) == {"sent": 1}
    subjects = {m["To"]: m["Subject"] for m in smtp.messages}
    assert subjects["lapsed@example.com"].startswith("Recall: your")
    assert subjects["active@example.com"].startswith("Safety notice")
    db.session.expire_all()
    assert {n.user.email: n.kind for n in notifications(db)} == {"lapsed@example.com": "alert",
                                                                 "active@example.com": "safety_notice"}


def test_a_member_who_turned_email_off_is_skipped(db, smtp, pending):
    from tracker.alerts import center

    center.set_email_mode(pending.user, "off")
    db.session.commit()
    assert tasks.send_notification(pending.id) == "skipped" and smtp.messages == []


def test_digest_once_per_day_with_every_new_alert(db, smtp, own, recall):
    from tracker.alerts import center

    item = own()
    own(model_number="A3302", serial_number=None, name="PowerConf")
    center.set_email_mode(item.user, "digest")
    db.session.commit()
    tasks.crosscheck_recall(recall.id)
    assert [tasks.send_notification(n.id) for n in notifications(db)] == ["skipped", "skipped"]  # no immediate email
    assert smtp.messages == []
    enq = []
    tasks.send_notification.delay = enq.append
    try:
        assert tasks.send_digests() == 1 and tasks.send_digests() == 0  # delivered twice: one digest
    finally:
        del tasks.send_notification.delay
    assert tasks.send_notification(enq[0]) == "sent"
    assert len(smtp.messages) == 1 and "digest" in smtp.messages[0]["Subject"]
    db.session.expire_all()
    assert all(a.notified_at for a in alerts_of(db))
    assert tasks.send_digests() == 0


def test_an_alert_a_digest_carried_is_not_emailed_again(db, smtp, own, recall, monkeypatch):
    """Digest mode when the digest went out, immediately by the time the alert's own row is sent: one email."""
    from tracker.alerts import center

    item = own()
    center.set_email_mode(item.user, "digest")
    db.session.commit()
    tasks.crosscheck_recall(recall.id)
    (row,) = notifications(db)
    monkeypatch.setattr(tasks.send_notification, "delay", lambda nid: None)
    assert tasks.send_digests() == 1
    digest = notifications(db)[-1]
    center.set_email_mode(item.user, "immediately")
    db.session.commit()
    assert tasks.send_notification(digest.id) == "sent"
    assert tasks.send_notifications([row.id]) == {"skipped": 1} and len(smtp.messages) == 1


def test_reminder_once_for_alerts_still_open(app, db, smtp, pending, monkeypatch):
    monkeypatch.setattr(tasks.send_notification, "delay", lambda nid: None)
    tasks.send_notification(pending.id)
    alert = alerts_of(db)[0]
    assert tasks.send_reminders() == 0  # too early
    alert.notified_at = utcnow() - timedelta(days=app.config["ALERTS_REMINDER_DAYS"] + 1)
    db.session.commit()
    assert tasks.send_reminders() == 1 and tasks.send_reminders() == 0
    reminder = notifications(db)[-1]
    assert tasks.send_notification(reminder.id) == "sent"
    assert smtp.messages[-1]["Subject"].startswith("Reminder")


def test_reminders_skip_alerts_the_member_acted_on(app, db, pending):
    from tracker.alerts import center

    alert = alerts_of(db)[0]
    alert.notified_at = utcnow() - timedelta(days=60)
    center.set_status(alert, "disposed")
    db.session.commit()
    assert tasks.send_reminders() == 0


def test_one_click_unsubscribe(db, client, smtp, pending):
    tasks.send_notification(pending.id)
    link = smtp.messages[0]["List-Unsubscribe"].strip("<>").replace("http://localhost", "")
    page = client.get(link)
    assert page.status_code == 200 and "Unsubscribe" in page.get_data(as_text=True)
    assert client.post(link, data={"List-Unsubscribe": "One-Click"}).status_code == 200  # no CSRF token: RFC 8058
    from tracker.alerts.outbox import email_mode
    assert email_mode(pending.user_id) == "off"
    assert client.post("/alerts/unsubscribe/not-a-token").status_code == 404


def test_unsubscribe_links_are_signed_and_sending_stores_nothing(db, client, smtp, pending):
    """The link carries the member's id signed with the app's secret: sending writes no preferences row; a forged or
    altered token is refused; the stored token of an older email still works."""
    from sqlalchemy import func, select

    from tracker.alerts import center, channels
    from tracker.models.alerts import NotificationPreference

    assert tasks.send_notifications([pending.id]) == {"sent": 1}
    assert db.session.scalar(select(func.count()).select_from(NotificationPreference)) == 0
    token = smtp.messages[0]["List-Unsubscribe"].strip("<>").rsplit("/", 1)[1]
    assert channels.token_user(token) == pending.user_id
    forged = f"{pending.user_id}.{channels._mac('not-the-secret', pending.user_id)}"
    other = f"{pending.user_id + 1}.{token.split('.')[1]}"  # another member's id under this member's signature
    assert channels.token_user(forged) is None and channels.token_user(other) is None
    for bad in (forged, other, token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "123.not-signed", "x.y"):
        assert client.post(f"/alerts/unsubscribe/{bad}").status_code == 404
    stored = center.preference(pending.user_id).unsubscribe_token  # what emails carried before signed links
    db.session.commit()
    assert client.post(f"/alerts/unsubscribe/{stored}").status_code == 200
    from tracker.alerts.outbox import email_mode
    assert email_mode(pending.user_id) == "off"


def test_preference_row_created_once_when_two_sends_race(db, make_user, monkeypatch):
    """Two sends for one member may both find no preferences row; the UNIQUE user_id decides, neither fails."""
    from sqlalchemy import func, select

    from tracker.alerts import channels
    from tracker.models.alerts import NotificationPreference

    user = make_user("race@example.com")
    db.session.add(NotificationPreference(user_id=user.id))  # the other worker's row, committed first
    db.session.commit()
    real = db.session.scalar
    calls = []

    def first_lookup_misses(stmt, *a, **k):
        calls.append(1)
        return None if len(calls) == 1 else real(stmt, *a, **k)

    monkeypatch.setattr(db.session, "scalar", first_lookup_misses)
    pref = channels.preference(user.id)
    monkeypatch.undo()
    assert pref is not None and pref.user_id == user.id
    assert db.session.scalar(select(func.count()).select_from(NotificationPreference)) == 1


def test_chunked_send_delivered_twice_sends_each_row_once(db, smtp, own, recall):
    """workers.alerts.send_notifications (one SMTP connection per chunk): a duplicate chunk task, or a chunk that
    overlaps a single-row task, sends nothing twice."""
    own()
    own("second@example.com")
    own("third@example.com")
    tasks.crosscheck_recall(recall.id)
    ids = [n.id for n in notifications(db)]
    assert len(ids) == 3
    assert tasks.send_notification(ids[0]) == "sent"
    first = tasks.send_notifications(ids)
    again = tasks.send_notifications(ids)
    assert first == {"sent": 3} and again == {"sent": 3}  # rows already sent are reported, not resent
    assert len(smtp.messages) == 3
    assert len({m["Message-ID"] for m in smtp.messages}) == 3


def test_overlapping_chunk_claims_send_each_row_once(db, smtp, own, recall):
    """Two chunk tasks over the same rows: the second sends only what nobody holds; each row goes out once."""
    for email in ("owner@example.com", "second@example.com", "third@example.com"):
        own(email)
    tasks.crosscheck_recall(recall.id)
    ids = [n.id for n in notifications(db)]
    held = fanout.claim_chunk(ids[:2])  # another worker claimed the first two and is about to send them
    db.session.commit()
    assert held.ids == ids[:2]
    assert tasks.send_notifications(ids) == {"busy": 2, "sent": 1}
    assert len(smtp.messages) == 1
    with mail.connection():
        fanout.send_batch(held)
    assert fanout.finish_batch(held) == {"sent": 2}
    db.session.commit()
    assert tasks.send_notifications(ids) == {"sent": 3}  # delivered again: nothing resent
    assert len(smtp.messages) == 3 and len({m["Message-ID"] for m in smtp.messages}) == 3
    db.session.expire_all()
    assert all(n.status == "sent" and n.attempts == 1 for n in notifications(db))
    assert all(a.notified_at is not None for a in alerts_of(db))


def test_a_chunk_claim_whose_lease_ran_out_is_taken_over(app, db, smtp, own, recall):
    """A worker killed mid-chunk: its rows wait for the lease, then the next chunk task sends them."""
    own()
    tasks.crosscheck_recall(recall.id)
    ids = [n.id for n in notifications(db)]
    fanout.claim_chunk(ids, now=utcnow() - timedelta(seconds=app.config.get("ALERTS_SEND_LEASE_SECONDS", 300) + 1))
    db.session.commit()
    assert tasks.send_notifications(ids) == {"sent": 1}
    assert len(smtp.messages) == 1
