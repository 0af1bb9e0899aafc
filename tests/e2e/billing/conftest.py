"""Browser fixture for the membership journey: development billing on the shared live server, with enqueued
billing tasks run at once in the process, as the worker would run them."""
from __future__ import annotations

import pytest


@pytest.fixture()
def billing_page(app, page, live_server, monkeypatch):
    """The shared `page` on a site with development billing (no Stripe keys)."""
    from tracker.billing import queue
    from workers import billing

    tasks = {queue.PROCESS_EVENT: billing.process_stripe_event, queue.SEND_NOTICE: billing.send_billing_notice}
    monkeypatch.setattr(queue, "enqueue", lambda name, *args: tasks[name](*args) or True)
    for key in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE"):
        monkeypatch.setitem(app.config, key, None)
    return page
