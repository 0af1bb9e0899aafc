"""Saved-product input rules (pure): required fields, kinds, lengths, dates, UPC check digits."""
from datetime import date

import pytest

from tracker.products import rules

TODAY = date(2026, 3, 1)
GOOD = {"kind": "own", "brand": "Anker", "model_number": "A3102"}


def errors_for(**fields) -> dict:
    return rules.clean({**GOOD, **fields}, TODAY)[1]


def test_minimal_product_is_valid_and_trimmed():
    values, errors = rules.clean({**GOOD, "brand": "  Anker ", "name": "   "}, TODAY)
    assert errors == {}
    assert values["brand"] == "Anker" and values["name"] is None


def test_required_fields_and_kind():
    _, errors = rules.clean({"kind": "steal"}, TODAY)
    assert set(errors) == {"kind", "brand", "model_number"}
    assert "own" in errors["kind"][0]


def test_partial_checks_only_given_fields():
    assert rules.clean({"name": "New name"}, TODAY, partial=True)[1] == {}
    assert "brand" in rules.clean({"brand": ""}, TODAY, partial=True)[1]


@pytest.mark.parametrize("value,ok", [("2023-05-02", True), ("2026-03-01", True), ("2026-03-02", False),
                                      ("yesterday", False), ("05/02/2023", False), ("1899-12-31", False),
                                      ("", True)])
def test_purchase_date(value, ok):
    assert ("purchase_date" not in errors_for(purchase_date=value)) is ok


@pytest.mark.parametrize("value,ok", [("036000291452", True), ("036000291453", False), ("0036000291452", True),
                                      ("4006381333931", True), ("036-000-291452", True), ("12345678", True),
                                      ("1234", False), ("03600029145X", False)])
def test_upc_digits_and_check_digit(value, ok):
    assert ("upc" not in errors_for(upc=value)) is ok


def test_lengths_are_bounded():
    errors = errors_for(brand="x" * 101, notes="y" * 2001, serial_number="z" * 100)
    assert set(errors) == {"brand", "notes"}


def test_model_number_needs_letters_or_digits_and_types_are_checked():
    assert "model_number" in errors_for(model_number="--- ")
    assert errors_for(name=42)["name"] == ["Must be text."]
    assert "purchase_date" in errors_for(purchase_date=20230502)
    assert "catalog_product_id" in errors_for(catalog_product_id=True)


def test_unknown_fields_are_named_but_read_only_ones_ignored():
    assert rules.unknown_fields({"id": 1, "created_at": "x", "colour": "red"}) == {"colour": ["Unknown field."]}
