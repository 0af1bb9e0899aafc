"""The database's own rules for alerts and the outbox (migrations 0007, 0010): an alert belongs to its product's
owner and its emails to the alert's owner, each fact happens once by a UNIQUE key, and deleting a member or a product
takes their alerts and emails with it (digests, which have no alert, through the ORM: User.digests)."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tests.alerts.conftest import alerts_of, notifications
from tracker.models.base import utcnow
from workers.alerts import crosscheck_recall


def _alert_row(item, recall, **over):
    now = utcnow()
    return dict(user_id=item.user_id, saved_product_id=item.id, recall_id=recall.id, level="possible", reason="r",
                rule="model", recall_version=1, status="open", created_at=now, updated_at=now) | over


def test_an_alert_must_belong_to_its_products_owner(db, own, recall, make_user):
    from tracker.models.alerts import Alert

    item, stranger = own(), make_user("stranger@example.com")
    with pytest.raises(IntegrityError, match="fk_alerts_saved_product_owner|FOREIGN KEY"):
        db.session.execute(Alert.__table__.insert(), [_alert_row(item, recall, user_id=stranger.id)])
    db.session.rollback()


def test_one_alert_per_product_and_recall(db, own, recall):
    from tracker.models.alerts import Alert

    item = own()
    db.session.execute(Alert.__table__.insert(), [_alert_row(item, recall)])
    with pytest.raises(IntegrityError, match="uq_alerts_recall_id_saved_product_id|UNIQUE"):
        db.session.execute(Alert.__table__.insert(), [_alert_row(item, recall, level="confirmed")])
    db.session.rollback()


def test_an_alert_email_happens_once_whatever_its_dedupe_key(db, own, recall):
    from tracker.models.alerts import Notification

    own()
    crosscheck_recall(recall.id)
    first = notifications(db)[0]
    db.session.add(Notification(user_id=first.user_id, alert_id=first.alert_id, channel="email", kind=first.kind,
                                dedupe_key="another-key"))
    with pytest.raises(IntegrityError, match="uq_notifications_alert_id_channel_kind|UNIQUE"):
        db.session.flush()
    db.session.rollback()


def test_an_alert_email_must_go_to_the_alerts_owner(db, own, recall, make_user):
    from tracker.models.alerts import Notification

    own()
    stranger = make_user("stranger@example.com")
    crosscheck_recall(recall.id)
    first = notifications(db)[0]
    db.session.add(Notification(user_id=stranger.id, alert_id=first.alert_id, channel="email", kind="reminder",
                                dedupe_key="stranger"))
    with pytest.raises(IntegrityError, match="fk_notifications_alert_owner|FOREIGN KEY"):
        db.session.flush()
    db.session.rollback()


def test_a_digest_happens_once_per_dedupe_key(db, own):
    from tracker.models.alerts import Notification

    user_id = own().user_id
    db.session.add(Notification(user_id=user_id, kind="digest", dedupe_key=f"digest:{user_id}:2026-11-26"))
    db.session.flush()
    db.session.add(Notification(user_id=user_id, kind="digest", dedupe_key=f"digest:{user_id}:2026-11-26"))
    with pytest.raises(IntegrityError, match="uq_notifications_dedupe_key|UNIQUE"):
        db.session.flush()
    db.session.rollback()


def test_deleting_a_member_takes_their_alerts_and_emails(db, own, recall):
    from tracker.models.accounts import User
    from tracker.models.alerts import Notification

    item = own()
    other = own("other@example.com")
    crosscheck_recall(recall.id)
    db.session.add(Notification(user_id=item.user_id, kind="digest", dedupe_key="digest:x"))
    db.session.commit()
    assert len(alerts_of(db)) == 2 and len(notifications(db)) == 3
    db.session.delete(db.session.get(User, item.user_id))
    db.session.commit()
    assert [a.user_id for a in alerts_of(db)] == [other.user_id]
    assert {n.user_id for n in notifications(db)} == {other.user_id}


def test_deleting_a_product_takes_its_alert_and_email(db, own, recall):
    from tracker.models.alerts import Alert
    from tracker.models.products import SavedProduct

    item = own()
    crosscheck_recall(recall.id)
    db.session.delete(db.session.get(SavedProduct, item.id))
    db.session.commit()
    assert db.session.scalar(select(Alert.id)) is None and notifications(db) == []
