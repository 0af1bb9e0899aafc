"""Saved-product service: keys stored next to the member's text, edits, moves, search and sort, ownership."""
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.products.helpers import add_product
from tracker.models.products import SavedProduct
from tracker.products import service
from tracker.products.service import InvalidProduct


def test_save_keeps_text_as_typed_and_stores_keys(make_user):
    user = make_user(days=30)
    item = add_product(user, brand="Soundcore", model_number="a-3102 ", upc="036000291452")
    assert item.model_number == "a-3102" and item.brand == "Soundcore"
    assert (item.model_key, item.brand_key, item.upc_key) == ("A3102", "anker", "036000291452")
    assert item.purchase_date == date(2023, 5, 2)


def test_edit_recomputes_keys_and_partial_update_keeps_other_fields(make_user, db):
    user = make_user(days=30)
    item = add_product(user)
    service.save(user, {"model_number": "A3302", "brand": "PowerConf"}, item, partial=True)
    db.session.commit()
    assert (item.model_key, item.brand_key, item.serial_number) == ("A3302", "anker", "AK31021234567890")


def test_invalid_input_raises_with_per_field_errors_and_writes_nothing(make_user, db):
    user = make_user(days=30)
    with pytest.raises(InvalidProduct) as exc:
        service.save(user, {"kind": "own", "brand": "", "model_number": "A1", "catalog_product_id": 999})
    assert set(exc.value.errors) == {"brand", "catalog_product_id"}
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(SavedProduct)) == 0


def test_move_between_lists(make_user):
    user = make_user(days=30)
    item = add_product(user)
    service.move(item, "love")
    assert item.kind == "love"
    with pytest.raises(InvalidProduct):
        service.move(item, "bin")


def test_get_owned_refuses_another_members_item(make_user):
    owner, other = make_user("a@example.com", days=30), make_user("b@example.com", days=30)
    item = add_product(owner)
    assert service.get_owned(owner, item.id) is item
    assert service.get_owned(other, item.id) is None
    with pytest.raises(PermissionError):
        service.save(other, {"name": "mine"}, item, partial=True)


def test_search_by_text_model_spelling_and_brand_alias(make_user):
    user = make_user(days=30)
    add_product(user)
    add_product(user, brand="Frigidaire", model_number="EFMIS121", name="Mini fridge", serial_number=None,
                retailer="Walmart", kind="love")
    titles = lambda **kw: [i.model_number for i in service.page(user, **kw).items]  # noqa: E731
    assert titles(q="walmart") == ["EFMIS121"]
    assert titles(q="a 3102") == ["A3102"]
    assert titles(q="efm1s-121") == ["EFMIS121"]  # look-alike I/1, hyphen
    assert titles(q="Soundcore") == ["A3102"]  # alias of Anker
    assert titles(q="100%_") == []
    assert titles(kind="love") == ["EFMIS121"]


def test_sort_orders(make_user):
    user = make_user(days=30)
    add_product(user, brand="Zebra", model_number="Z1", name="Alpha", purchase_date="2020-01-01")
    add_product(user, brand="Acme", model_number="A1", name="beta", purchase_date="2024-01-01")
    add_product(user, brand="Mid", model_number="M1", name=None, purchase_date=None)
    order = lambda s: [i.brand for i in service.page(user, sort=s).items]  # noqa: E731
    assert order("newest") == ["Mid", "Acme", "Zebra"] and order("oldest") == ["Zebra", "Acme", "Mid"]
    assert order("brand") == ["Acme", "Mid", "Zebra"]
    assert order("name") == ["Zebra", "Acme", "Mid"]  # Alpha, beta, then no name
    assert order("purchased") == ["Acme", "Zebra", "Mid"] and order("bogus") == order("newest")


def test_deleting_the_member_deletes_their_products(make_user, db):
    from tracker.accounts import service as accounts

    user = make_user(days=30)
    add_product(user)
    accounts.delete_account(user, "Correct-Horse-Battery-9")
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(SavedProduct)) == 0


def test_cross_check_indexes_exist(db):
    from sqlalchemy import inspect

    indexes = {i["name"]: i["column_names"] for i in inspect(db.engine).get_indexes("saved_products")}
    assert indexes["ix_saved_products_model_key"] == ["model_key"]
    assert indexes["ix_saved_products_brand_key_model_key"] == ["brand_key", "model_key"]
