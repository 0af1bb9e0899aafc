"""The pure matching rules on hand-made values (real records are in test_matching_labeled.py)."""
from datetime import date

import pytest

from tracker.normalize import brand_key, model_key
from tracker.recalls.matching import (CONFIRMED, POSSIBLE, ItemFacts, RecallFacts, RecallModel, brand_agrees,
                                      family_match, match)


def recall(models=("A3102",), brands=("Anker",), scope=None, upcs=(), excluded=()):
    ms = [RecallModel(model_key(m), m) for m in models] + [RecallModel(model_key(m), m, True) for m in excluded]
    return RecallFacts("25-056", {brand_key(b) for b in brands}, ms, set(upcs), scope or {}, maker="Anker")


def item(model="A3102", brand="Soundcore", **kw):
    return ItemFacts(brand_key(brand), model_key(model), model, **kw)


@pytest.mark.parametrize("member,recalled,ok", [
    ("A3102", "A3102", True), ("a-3102", "A3102", True), ("A3102", "A3102016", True), ("A3102016", "A3102", True),
    ("ART", "SMART", False), ("A31", "A3102", False), ("A3102", "A31029999X", False), ("3102", "A3102", False),
    ("ABCD", "ABCDE", False),
])
def test_family_match_on_whole_tokens(member, recalled, ok):
    assert family_match(model_key(member), model_key(recalled)) is ok


def test_brand_aliases_and_clashes():
    assert brand_agrees(brand_key("Soundcore"), {brand_key("Anker Innovations Limited")})
    assert brand_agrees(brand_key("AnkerWork"), {brand_key("Anker")})
    assert not brand_agrees(brand_key("Sony"), {brand_key("Anker")})
    assert not brand_agrees("", {brand_key("Anker")})


def test_no_scope_is_confirmed_with_reason():
    v = match(recall(), item())
    assert v.level == CONFIRMED and "Model A3102 is named in recall 25-056" in v.reason


def test_other_model_or_brand_gets_nothing():
    assert match(recall(), item("A3117")).level is None
    v = match(recall(), item(brand="Sony"))
    assert v.level is None and v.rule == "brand-clash"


def test_upc_match_needs_no_model():
    v = match(recall(upcs={"012345678905"}), item("X", upc_key="012345678905"))
    assert v.level == CONFIRMED and v.rule == "upc"


def test_excluded_model_token():
    v = match(recall(models=("A3102",), excluded=("A3117",)), item("A3117"))
    assert v.level is None and v.rule == "excluded-model"


def test_serial_range_in_out_and_unknown():
    sc = {"serial_ranges": [{"start": "2201000", "end": "2212999"}]}
    assert match(recall(scope=sc), item(serial="2205123")).level == CONFIRMED
    out = match(recall(scope=sc), item(serial="2301000"))
    assert out.level is None and out.rule == "serial-outside"
    unknown = match(recall(scope=sc), item())
    assert unknown.level == POSSIBLE and "2201000 to 2212999" in unknown.reason


def test_serial_prefix_and_length():
    sc = {"serial_prefixes": ["AK31"], "serial_length": 16}
    assert match(recall(scope=sc), item(serial="AK31021234567890")).level == CONFIRMED
    assert match(recall(scope=sc), item(serial="BK31021234567890")).level is None
    only_len = {"serial_length": 16}
    assert match(recall(scope=only_len), item(serial="1234")).rule == "serial-length"


def test_excluded_color_the_member_mentioned():
    sc = {"exclusions": [{"text": "Black units are not included.", "colors": ["black"], "codes": []}]}
    assert match(recall(scope=sc), item(words="my black speaker")).level is None
    assert match(recall(scope=sc), item(words="blue one")).level == CONFIRMED


def test_bought_before_the_sale_window():
    sc = {"windows": [{"what": "sold", "start": "2023-03", "end": "2023-10"}]}
    assert match(recall(scope=sc), item(purchase_date=date(2022, 12, 1))).rule == "bought-before-window"
    assert match(recall(scope=sc), item(purchase_date=date(2023, 5, 2))).level == CONFIRMED


def test_manufacturer_check_is_possible_and_says_where():
    sc = {"limited": True, "manufacturer_check": True, "lookup_urls": ["https://www.anker.com/product-recalls"],
          "where_to_look": ["The SN Code is visible on the underside of the speaker."]}
    v = match(recall(scope=sc), item(serial="AK31021234567890"))
    assert v.level == POSSIBLE
    assert "Model A3102 is named in recall 25-056" in v.reason and "underside" in v.reason
    assert "https://www.anker.com/product-recalls" in v.reason
