"""Browser: join through development checkout, meet the gate after cancel, re-activate; saved data intact."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in, save_product

pytestmark = pytest.mark.e2e
PW = "Correct-Horse-Battery-9"


def member_data(db, user_id: int) -> dict:
    """What a member keeps while expired: account, Stripe Customer, API tokens and saved products."""
    from sqlalchemy import func, select

    from tracker.models.accounts import ApiToken, User
    from tracker.models.products import SavedProduct

    db.session.expire_all()
    user = db.session.get(User, user_id)
    return {"email": user.email, "stripe_customer": user.membership.stripe_customer_id,
            "api_tokens": db.session.scalar(select(func.count()).select_from(ApiToken)
                                            .where(ApiToken.user_id == user_id)),
            "saved": sorted((p.brand, p.model_number, p.serial_number) for p in db.session.scalars(
                select(SavedProduct).where(SavedProduct.user_id == user_id)))}


def test_join_cancel_gate_reactivate(billing_page, make_user, db):
    from tracker.accounts import service

    page = billing_page
    user = make_user("e2e-member@example.com", PW)
    service.create_api_token(user, "phone")
    db.session.commit()
    log_in(page, "e2e-member@example.com", PW)

    page.goto("/membership")
    expect(page.get_by_role("heading", name="Become a member")).to_be_visible()
    page.get_by_label("Monthly").check()
    page.get_by_role("button", name="Join: continue to checkout").click()
    expect(page.get_by_text("DEVELOPMENT BILLING")).to_be_visible()
    page.get_by_role("button", name="Pay and subscribe").click()
    expect(page.get_by_role("heading", name="Welcome, member!")).to_be_visible()
    save_product(page, "Anker", "A3102", "AK31021234567890")
    expect(page.locator("table.products tbody tr")).to_have_count(1)
    kept = member_data(db, user.id)
    assert kept["stripe_customer"] and kept["saved"] == [("Anker", "A3102", "AK31021234567890")]

    page.goto("/membership")
    page.get_by_role("button", name="Manage membership").click()
    expect(page.get_by_text("Development customer portal")).to_be_visible()
    page.get_by_role("button", name="Cancel now").click()
    page.get_by_role("link", name="Return to Recall Tracker").click()
    expect(page.get_by_role("heading", name="Your membership has expired")).to_be_visible()
    expect(page.get_by_text("You've canceled your membership")).to_be_visible()
    expect(page.get_by_text("Save products you love, products you own and much more!").first).to_be_visible()
    expect(page.get_by_role("link", name="Membership expired")).to_be_visible()
    assert member_data(db, user.id) == kept
    page.goto("/products/")
    expect(page.get_by_role("heading", name="Your membership has expired")).to_be_visible()
    page.goto("/membership")

    page.get_by_role("button", name="Re-activate").click()
    expect(page).to_have_url(re.compile(r"/billing/dev/checkout/cs_test_"))
    page.get_by_role("button", name="Pay and subscribe").click()
    expect(page.get_by_role("heading", name="Welcome, member!")).to_be_visible()
    page.goto("/membership")
    expect(page.get_by_role("button", name="Manage membership")).to_be_visible()
    expect(page.get_by_role("link", name="Member", exact=True)).to_be_visible()
    assert member_data(db, user.id) == kept
    page.goto("/products/")
    expect(page.locator("table.products tbody tr")).to_contain_text("AK31021234567890")
