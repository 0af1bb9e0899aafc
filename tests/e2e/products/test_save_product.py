"""Browser E2E: a member logs in, picks a product from the catalog, adds serial and date, and sees it saved."""
import pytest
from sqlalchemy import select

from tests.e2e.steps import log_in
from tracker.models.products import SavedProduct
from tracker.products import catalog

pytestmark = pytest.mark.e2e


def test_member_logs_in_and_saves_a_product(page, make_user, db):
    user = make_user("e2e@example.com", "Correct-Horse-Battery-9", days=30)
    catalog.load_seed()
    db.session.commit()

    log_in(page, "e2e@example.com")
    page.click("nav >> text=My products")
    page.click("text=Add your first product")
    page.fill("#catalog_q", "A3102")
    page.click("button:has-text('Search')")
    page.click("li:has-text('A3102') >> text=Use this")
    assert page.input_value("#model_number") == "A3102" and page.input_value("#brand") == "Anker"
    page.fill("#serial_number", "AK31021234567890")
    page.fill("#purchase_date", "2023-05-02")
    page.fill("#nickname", "Kitchen speaker")
    page.click("button:has-text('Save product')")
    page.wait_for_url("**/products/?kind=own")
    row = page.locator("table.products tbody tr")
    assert row.count() == 1
    assert "Kitchen speaker" in row.inner_text() and "AK31021234567890" in row.inner_text()
    assert "Saved Kitchen speaker." in page.inner_text(".flash")
    db.session.expire_all()
    item = db.session.scalar(select(SavedProduct).where(SavedProduct.user_id == user.id))
    assert (item.model_key, item.brand_key, item.purchase_date.isoformat()) == ("A3102", "anker", "2023-05-02")
    assert item.catalog_product_id is not None
