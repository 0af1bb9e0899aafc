"""A person in Chromium: a member saves a product, finds its recall and reads the recall page."""
import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in, save_product

pytestmark = pytest.mark.e2e
DATA = Path(__file__).resolve().parents[1] / "data" / "recalls" / "cpsc"


def test_member_saves_a_product_finds_the_recall_and_reads_it(page, make_user, db):
    from tracker.recalls import runner

    records = json.loads((DATA / "cpsc_api_recalls_2023-12_to_2026-03.json").read_text())[:40]
    records += json.loads((DATA / "cpsc_api_recall_25056_anker_soundcore_A3102_A3302.json").read_text())
    runner.import_records(records, "e2e", enqueue=lambda ids: None)  # the cross-check has its own tests
    make_user("owner@example.com", "Correct-Horse-Battery-9", days=30)

    log_in(page, "owner@example.com")
    save_product(page, "Soundcore", "A3102", "AK31021234567890")
    expect(page.locator("table.products tbody tr")).to_contain_text("A3102")

    page.get_by_role("navigation").get_by_role("link", name="Recalls").click()
    page.get_by_label("Search").fill("Soundcore")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Anker Soundcore Lithium-Ion Battery Powered Bluetooth Speakers").first.click()
    expect(page.get_by_role("heading", name="What to do now")).to_be_visible()
    expect(page.get_by_role("heading", name="The problem")).to_be_visible()
    expect(page.get_by_role("heading", name="The fix")).to_be_visible()
    expect(page.get_by_role("heading", name="How to contact the manufacturer")).to_be_visible()
    assert "800-988-7973" in page.content()
    assert page.locator("a[href*='anker.com/product-recalls']").count() >= 1
    assert "25-056" in page.content()
