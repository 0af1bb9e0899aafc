"""Browser fixtures for the saved-products E2E tests: a live server on the test database (werkzeug in a thread),
Chromium through Playwright, a screenshot in E2E_ARTIFACTS when a test fails."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's outcome on the test item, so fixtures can tell a failed test."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"products_rep_{report.when}", report)


@pytest.fixture(scope="session")
def products_live_server(app):
    """The test app served over HTTP on a free loopback port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-products-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


@pytest.fixture(scope="session")
def products_browser(browser):
    """The shared session browser (tests/e2e/conftest.py): a second sync Playwright in one process fails with
    "using Playwright Sync API inside the asyncio loop"."""
    return browser


@pytest.fixture()
def products_page(request, products_browser, products_live_server):
    """A fresh browser context per test; on failure its screenshot goes to E2E_ARTIFACTS (default test-artifacts/)."""
    context = products_browser.new_context(base_url=products_live_server)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    rep = getattr(request.node, "products_rep_call", None)
    if rep is not None and rep.failed:
        folder = Path(os.environ.get("E2E_ARTIFACTS", "test-artifacts"))
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{request.node.name}.png"), full_page=True)
    context.close()
