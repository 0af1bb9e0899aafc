"""Saved products through the member pages: CRUD with CSRF, errors next to fields, move, search, catalog pick,
isolation between members, the membership gate."""
import re

from sqlalchemy import select

from tests.helpers import Browser
from tests.products.helpers import add_product
from tracker.accounts.service import find_user
from tracker.models.products import SavedProduct

FORM = {"kind": "own", "brand": "Anker", "model_number": "A3102", "name": "Soundcore speaker",
        "serial_number": "AK31021234567890", "purchase_date": "2023-05-02", "retailer": "Amazon", "upc": "",
        "nickname": "", "notes": ""}


def _member(auth, email="ada@example.com"):
    auth.login(email, days=30)
    return find_user(email)


def test_add_edit_delete_through_the_pages(client, auth, db):
    user = _member(auth)
    r = client.submit("/products/new", FORM)
    assert r.status_code == 302
    item = db.session.scalar(select(SavedProduct).where(SavedProduct.user_id == user.id))
    page = client.text("/products/")
    assert "Soundcore speaker" in page and "A3102" in page and "AK31021234567890" in page
    r = client.submit(f"/products/{item.id}/edit", {**FORM, "nickname": "Kitchen speaker", "model_number": "a-3102"})
    assert r.status_code == 302
    db.session.refresh(item)
    assert (item.nickname, item.model_number, item.model_key) == ("Kitchen speaker", "a-3102", "A3102")
    assert 'value="a-3102"' in client.text(f"/products/{item.id}/edit")
    r = client.submit(f"/products/{item.id}/delete", {})
    assert r.status_code == 302
    assert db.session.scalar(select(SavedProduct)) is None


def test_errors_are_shown_next_to_the_fields(client, auth, db):
    _member(auth)
    r = client.submit("/products/new", {**FORM, "brand": "", "purchase_date": "2999-01-01", "upc": "036000291453"})
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    for field, message in [("brand", "This field is required."),
                           ("purchase_date", "can&#39;t be in the future"),
                           ("upc", "last digit doesn&#39;t match")]:
        block = re.search(rf'<div class="field has-error">\s*<label for="{field}".*?</div>', html, re.S)
        assert block and message in block.group(0), field
    assert 'value="AK31021234567890"' in html  # what was typed is kept
    assert db.session.scalar(select(SavedProduct)) is None


def test_post_without_csrf_token_is_refused(client, auth, db):
    _member(auth)
    r = client.post("/products/new", data={**FORM, "csrf_token": "forged"})
    assert r.status_code == 400
    assert db.session.scalar(select(SavedProduct)) is None


def test_move_between_lists_and_filter_by_list(client, auth, db):
    user = _member(auth)
    item = add_product(user)
    r = client.submit("/products/", {"kind": "love"}, action=f"/products/{item.id}/move")
    assert r.status_code == 302
    db.session.refresh(item)
    assert item.kind == "love"
    assert "Soundcore speaker" in client.text("/products/?kind=love")
    assert "Soundcore speaker" not in client.text("/products/?kind=own")


def test_search_and_sort_on_the_list_page(client, auth):
    user = _member(auth)
    add_product(user, brand="Zebra", model_number="Z-100", name="Zebra lamp")
    add_product(user, brand="Acme", model_number="A-1", name="Acme kettle")
    page = client.text("/products/?q=z100")
    assert "Zebra lamp" in page and "Acme kettle" not in page
    page = client.text("/products/?sort=brand")
    assert page.index("Acme kettle") < page.index("Zebra lamp")
    page = client.text("/products/?sort=oldest")
    assert page.index("Zebra lamp") < page.index("Acme kettle")
    assert "No products match" in client.text("/products/?q=nothing-like-this")


def test_pick_from_the_catalog(client, auth, db):
    from tracker.products import catalog

    user = _member(auth)
    catalog.load_seed()
    db.session.commit()
    page = client.text("/products/new?catalog_q=a-3102")
    picked = re.search(r'href="/products/new\?catalog=(\d+)[^"]*"', page)
    assert picked and "A3102" in page
    page = client.text(f"/products/new?catalog={picked.group(1)}")
    assert 'value="A3102"' in page and 'value="Anker"' in page
    hidden = re.search(r'name="catalog_product_id" type="hidden" value="(\d+)"', page)
    r = client.submit(f"/products/new?catalog={picked.group(1)}",
                      {**FORM, "name": "Soundcore Bluetooth Speaker", "catalog_product_id": hidden.group(1)})
    assert r.status_code == 302
    item = db.session.scalar(select(SavedProduct).where(SavedProduct.user_id == user.id))
    assert item.catalog_product_id == int(picked.group(1))
    assert "Nothing in the catalog matches" in client.text("/products/new?catalog_q=zzzz-none")


def test_a_member_never_sees_or_changes_another_members_product(app, client, auth, make_user, db):
    owner = make_user("owner@example.com", days=30)
    item = add_product(owner)
    _member(auth, "intruder@example.com")
    assert "Soundcore speaker" not in client.text("/products/")
    assert client.get(f"/products/{item.id}/edit").status_code == 404
    assert client.get(f"/products/{item.id}/delete").status_code == 404
    for path, data in [(f"/products/{item.id}/edit", {**FORM, "name": "mine"}),
                       (f"/products/{item.id}/delete", {}), (f"/products/{item.id}/move", {"kind": "love"})]:
        assert client.submit("/products/", data, action=path).status_code == 404
    assert "AK31021234567890" not in client.text("/products/export.csv")
    db.session.refresh(item)
    assert (item.name, item.kind) == ("Soundcore speaker", "own")


def test_inactive_member_is_sent_to_membership_and_keeps_their_data(client, auth, make_user, db):
    auth.login("lapsed@example.com")  # no membership
    user = find_user("lapsed@example.com")
    add_product(user)
    r = client.get("/products/")
    assert r.status_code == 302 and r.headers["Location"].endswith("/membership")
    r = client.submit("/account", FORM, action="/products/new")  # a valid CSRF token from a page they can open
    assert r.status_code == 302 and r.headers["Location"].endswith("/membership")
    assert db.session.scalar(select(SavedProduct).where(SavedProduct.user_id == user.id)) is not None


def test_anonymous_visitors_are_sent_to_log_in(app):
    r = Browser(app.test_client()).get("/products/")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_navigation_and_help_page(client, auth):
    _member(auth)
    assert 'href="/products/">My products</a>' in client.text("/")
    page = client.text("/products/help")
    assert "battery compartment" in page and "app's settings" in page
    assert "/products/help" in client.text("/products/new")
