"""Browser fixtures for the membership journey: the session app on a live port (development billing, tasks run
inline as the worker would), Chromium through Playwright, a screenshot of each failing test in E2E_ARTIFACTS."""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", Path(__file__).resolve().parents[3] / "test-artifacts"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium") or ""):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def billing_server(app):
    """The session app on a free loopback port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture()
def billing_site(app, billing_server, monkeypatch):
    """Development billing on the live server; enqueued tasks run at once, in the process, like a worker."""
    from tracker.billing import queue
    from workers import billing

    tasks = {queue.PROCESS_EVENT: billing.process_stripe_event, queue.SEND_NOTICE: billing.send_billing_notice}
    monkeypatch.setattr(queue, "enqueue", lambda name, *args: tasks[name](*args) or True)
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", billing_server)
    for key in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE"):
        monkeypatch.setitem(app.config, key, None)
    return billing_server


@pytest.fixture(scope="session")
def billing_browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def billing_page(request, billing_browser, billing_site):
    """A fresh browser profile per test; on failure its screenshot is saved."""
    context = billing_browser.new_context(base_url=billing_site)
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"{request.node.name}.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot of the failure: {shot}")
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)
