"""Browser E2E: the alert center (unread count, alert page), a member action, and the email's unsubscribe link."""
import pytest

from tests.alerts.conftest import A3102, record_25056
from tests.e2e.steps import log_in
from tests.recalls.conftest import enqueued, ingest  # noqa: F401  (fixtures)

pytestmark = pytest.mark.e2e


def test_alert_center_action_and_unsubscribe(page, live_server, db, make_user, ingest, mailbox):  # noqa: F811
    from tracker.alerts.outbox import email_mode
    from tracker.products import service
    from tracker.recalls import service as recalls
    from workers.alerts import crosscheck_recall, send_notification

    user = make_user("e2e-alerts@example.com", "Correct-Horse-Battery-9", days=30)
    service.save(user, {**A3102, "nickname": "Kitchen speaker"})
    db.session.commit()
    ingest([record_25056()])
    crosscheck_recall(recalls.find("25056").id)
    from tests.alerts.conftest import notifications
    assert send_notification(notifications(db)[0].id) == "sent"  # development mail: a file in the mailbox

    log_in(page, "e2e-alerts@example.com")
    assert page.inner_text("nav >> a:has-text('Alerts') .count") == "1"
    page.click("nav >> text=Alerts")
    page.click("text=Kitchen speaker")
    assert "A3102" in page.inner_text("#your-product") and "25-056" in page.inner_text("#your-product")
    assert "We notified you" in page.inner_text("#timeline")
    page.click("button:has-text('Contacted the manufacturer')")
    assert "Saved: Contacted the manufacturer" in page.inner_text(".flash")
    assert "Contacted the manufacturer" in page.inner_text("#actions .status")
    assert page.locator("nav >> a:has-text('Alerts') .count").count() == 0

    (msg,) = mailbox.messages()
    link = next(u for u in mailbox.links(msg) if "/alerts/unsubscribe/" in u)
    assert link.startswith(live_server)
    page.goto(link)
    page.click("button:has-text('Unsubscribe')")
    assert "You're unsubscribed" in page.inner_text("h1")
    assert email_mode(user.id) == "off"
