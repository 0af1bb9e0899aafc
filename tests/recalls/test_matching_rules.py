"""The pure matching rules on hand-made values (real records are in test_matching_labeled.py)."""
from datetime import date

import pytest

from tracker.normalize import brand_key, model_key
from tracker.recalls.matching import (CONFIRMED, POSSIBLE, ItemFacts, RecallFacts, RecallModel, brand_agrees,
                                      family_match, match)


def recall(models=("A3102",), brands=("Anker",), scope=None, upcs=(), excluded=(), names=(), text=""):
    ms = [RecallModel(model_key(m), m) for m in models] + [RecallModel(model_key(m), m, True) for m in excluded]
    return RecallFacts("25-056", {brand_key(b) for b in brands}, ms, set(upcs), scope or {}, maker="Anker",
                       names=list(names), text=text)


def item(model="A3102", brand="Soundcore", **kw):
    return ItemFacts(brand_key(brand), model_key(model), model, brand_name=brand, **kw)


@pytest.mark.parametrize("member,recalled,ok", [
    ("A3102", "A3102", True), ("a-3102", "A3102", True), ("A3102", "A3102016", True), ("A3102016", "A3102", True),
    ("ART", "SMART", False), ("A31", "A3102", False), ("A310", "A3102", False), ("A3102", "A31029999X", False), ("3102", "A3102", False),
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


def test_manufacturer_check_names_the_sn_code():
    sc = {"limited": True, "manufacturer_check": True, "lookup_urls": ["https://www.anker.com/product-recalls"],
          "statements": ['Consumers can type in the "SN Code" on the website.']}
    v = match(recall(scope=sc), item())
    assert v.reason.startswith("Model A3102 is named in recall 25-056; the recall covers only units with a "
                               "qualifying SN code: Check the SN code on Anker's site")


def test_excluded_exact_model_beats_its_family():
    r = recall(models=("EFMIS129",), excluded=("EFMIS129-B",), brands=("Frigidaire",))
    assert match(r, item("EFMIS129-B", "Frigidaire")).rule == "excluded-model"
    assert match(r, item("EFMIS129", "Frigidaire")).level == CONFIRMED


def test_exclusion_sentence_codes_that_are_recalled_models_do_not_exclude():
    sc = {"exclusions": [{"text": "EFMIS129 ... except EFMIS129-B", "colors": [], "codes": ["EFMIS129", "EFMIS129-B"]}]}
    r = recall(models=("EFMIS129",), brands=("Frigidaire",), scope=sc)
    assert match(r, item("EFMIS129", "Frigidaire")).level == CONFIRMED


def test_member_shorter_model_is_possible_longer_is_a_version():
    r = recall(models=("FCRG3051BS", "FCRG3051BW"), brands=("Frigidaire",))
    short = match(r, item("FCRG3051", "Frigidaire"))
    assert short.level == POSSIBLE and short.rule == "model-family" and "full model number" in short.reason
    assert match(r, item("FCRG3051BS-1", "Frigidaire")).level == CONFIRMED


def test_family_with_serial_in_range_is_confirmed():
    sc = {"serial_ranges": [{"start": "VF52200000", "end": "VF54399999"}]}
    r = recall(models=("FCRG3051BS",), brands=("Frigidaire",), scope=sc)
    assert match(r, item("FCRG3051", "Frigidaire", serial="VF53012345")).level == CONFIRMED


def test_bought_before_window_wins_over_unknown_serial():
    sc = {"serial_ranges": [{"start": "546515117", "end": "547916107"}],
          "windows": [{"what": "sold", "start": "2025-05", "end": "2025-09"}]}
    assert match(recall(scope=sc), item(purchase_date=date(2024, 1, 15))).rule == "bought-before-window"


@pytest.mark.parametrize("serial,level", [("VF12250123", CONFIRMED), ("VF12299999", CONFIRMED), ("VF40012345", None)])
def test_wildcard_serial_range(serial, level):
    sc = {"serial_ranges": [{"start": "VF122xxxxx", "end": "VF334xxxxx"}]}
    assert match(recall(scope=sc), item(serial=serial)).level == level


def test_range_of_first_digits():
    sc = {"serial_ranges": [{"start": "2326", "end": "2445"}]}
    assert match(recall(scope=sc), item(serial="2401012345")).level == CONFIRMED
    assert match(recall(scope=sc), item(serial="2210012345")).level is None
    with_tool = {**sc, "manufacturer_check": True, "lookup_urls": ["www.blendjet.com/safetyandrecall"]}
    v = match(recall(scope=with_tool), item(serial="2401012345"))
    assert v.level == POSSIBLE and v.rule == "serial-start-check"


def test_serial_in_another_form_is_unclear_not_outside():
    sc = {"serial_ranges": [{"start": "SVA2001200005001", "end": "SVA2001200007000"}]}
    assert match(recall(scope=sc), item(serial="SW19")).rule == "serial-unclear"
    both = {"serial_ranges": sc["serial_ranges"] + [{"start": "SW190035551", "end": "SW190038050"}]}
    assert match(recall(scope=both), item(serial="SW190040000")).rule == "serial-outside"


def test_brand_printed_in_recall_text_agrees():
    r = recall(models=("TL909-50",), brands=("3M",), names=["Scotch™ brand TL909-50 thermal laminator"])
    assert match(r, item("TL909-50", "Scotch")).level == CONFIRMED
    assert match(r, item("TL909-50", "Fellowes")).rule == "brand-clash"


def test_name_only_recall_needs_brand_and_product_words():
    r = recall(models=(), brands=("Scripto",), names=["Calico Brands Recalls Scripto Premium Torches",
                                                      "Scripto® Premium Torch"], upcs=("070257522266",))
    v = match(r, item("", "Scripto", words="Scripto premium torch"))
    assert v.level == POSSIBLE and v.rule == "product-name" and "Your Scripto premium torch matches" in v.reason
    assert match(r, item("", "Scripto", words="utility lighter")).level is None
    assert match(r, item("", "Bic", words="premium torch")).level is None


def test_name_rule_when_the_member_saved_no_model():
    r = recall(models=("62338-72724",), brands=("Woolite",), names=["Woolite Delicates detergent in bottles"])
    assert match(r, item("", "Woolite", words="Woolite Delicates 50 oz")).level == POSSIBLE
    assert match(r, item("", "Woolite", words="Woolite Darks detergent")).level is None
    assert match(r, item("12345", "Woolite", words="Woolite Delicates")).level is None


def test_model_printed_in_the_product_name_counts_as_a_word():
    r = recall(models=(), brands=("Vaast",), names=["Vaast A/1 bicycles and frames"], upcs=("012345678905",))
    assert match(r, item("A/1", "Vaast", words="gravel bike")).level == POSSIBLE


def test_named_product_is_confirmed_when_the_recall_names_no_identifier_and_no_limit():
    names = ["Legend Brands Recalls Bliss Hair Dryers", "Bliss Hair Dryers"]
    v = match(recall(models=(), brands=("Bliss",), names=names), item("Travel Hair Dryer", "Bliss", words="teal"))
    assert v.level == CONFIRMED and v.rule == "product-name" and "names no model number or UPC" in v.reason
    with_upc = recall(models=(), brands=("Bliss",), names=names, upcs=("012345678905",))
    assert match(with_upc, item("Travel Hair Dryer", "Bliss")).level == POSSIBLE  # the UPC would tell
    limited = recall(models=(), brands=("Bliss",), names=names, scope={"lot_codes": ["082025"], "limited": True})
    assert match(limited, item("Travel Hair Dryer", "Bliss")).level == POSSIBLE  # the lot code would tell


def test_a_range_applies_only_to_its_own_model():
    sc = {"serial_ranges": [{"start": "17L0000000000", "end": "20F9999999999", "model": "U021AA00"},
                            {"start": "18F0000000000", "end": "21L9999999999", "model": "U022AA00"}]}
    r = recall(models=("U021AA00", "U022AA00"), brands=("Petzl",), scope=sc)
    assert match(r, item("U021AA00", "Petzl", serial="21A0000000001")).rule == "serial-outside"
    assert match(r, item("U022AA00", "Petzl", serial="21A0000000001")).level == CONFIRMED
    v = match(r, item("U021AA00", "Petzl"))
    assert "17L0000000000 to 20F9999999999" in v.reason and "21L" not in v.reason


def test_a_range_applies_only_to_its_own_brand_and_untied_ranges_to_all():
    sc = {"serial_ranges": [{"start": "000000", "end": "014034", "brand": "Intimidator"},
                            {"start": "000000", "end": "010545", "brand": "Mahindra"}]}
    r = recall(models=("750",), brands=("Intimidator", "Mahindra"), scope=sc)
    assert match(r, item("750", "Mahindra", serial="012000")).rule == "serial-outside"
    assert match(r, item("750", "Intimidator", serial="012000")).level == CONFIRMED
    assert match(r, item("750", "Mahindra", serial="009000")).level == CONFIRMED
    untied = {"serial_ranges": [{"start": "000000", "end": "010545", "model": "X900"},
                                {"start": "020000", "end": "030000"}]}
    r = recall(models=("750", "X900"), brands=("Mahindra",), scope=untied)
    assert match(r, item("750", "Mahindra", serial="009000")).level == CONFIRMED  # tied to no range: all apply


def test_recall_page_check_names_the_model_a_range_is_for():
    from tracker.recalls.checks import check_serial
    v = check_serial({"serial_ranges": [{"start": "A2001", "end": "A2308", "model": "EFMIS129"}]}, "A2100")
    assert v.verdict == "affected" and v.reason.endswith("A2001 to A2308 (for EFMIS129).")


def test_lot_code_saved_in_the_serial_field():
    r = recall(scope={"lot_codes": ["E22WM483", "C23WM320"], "limited": True})
    assert match(r, item(serial="c23wm320")).level == CONFIRMED
    assert match(r, item(serial="A21WM100")).rule == "lot-outside" and not match(r, item(serial="A21WM100"))
    assert match(r, item(serial="SN12345")).level == POSSIBLE  # not shaped like the lot codes: still open
    assert match(r, item()).level == POSSIBLE


def test_the_earliest_sale_window_that_applies_to_the_model_counts():
    sc = {"windows": [{"what": "sold", "start": "2024-06", "end": "2025-01", "models": ["BP125", "BatPak2F"]},
                      {"what": "sold", "start": "2024-08", "end": "2025-01", "models": ["BatPak3F"]}]}
    r = recall(models=("BP125",), brands=("Kogalla",), scope=sc)
    assert match(r, item("BP125", "Kogalla", purchase_date=date(2024, 7, 1))).level == CONFIRMED
    assert match(r, item("BP125", "Kogalla", purchase_date=date(2024, 5, 1))).rule == "bought-before-window"
    r = recall(models=("BatPak3F",), brands=("Kogalla",), scope=sc)
    assert match(r, item("BatPak3F", "Kogalla", purchase_date=date(2024, 7, 1))).rule == "bought-before-window"
    two_shops = {"windows": [{"what": "sold", "start": "2014-10", "end": "2016-01"},
                             {"what": "sold", "start": "2014-06", "end": "2015-07"}]}
    assert match(recall(scope=two_shops), item(purchase_date=date(2014, 8, 1))).level == CONFIRMED  # 2nd shop


def test_date_code_saved_in_the_serial_field():
    closed = recall(scope={"date_codes": ["3034", "3035"], "date_codes_closed": True, "limited": True})
    assert match(closed, item(serial="3035")).rule == "date-listed"
    assert match(closed, item(serial="3035")).level == CONFIRMED
    assert match(closed, item(serial="3101")).rule == "date-outside" and not match(closed, item(serial="3101"))
    assert match(closed, item()).level == POSSIBLE
    listed = recall(scope={"date_codes": ["1945"], "limited": True})  # "with date code 1945": maybe not every code
    assert match(listed, item(serial="1945")).level == CONFIRMED
    assert match(listed, item(serial="2001")).level == POSSIBLE


def test_manufacture_date_saved_in_the_serial_field():
    from tracker.recalls.scope_rules import month_of
    assert [month_of(s) for s in ("08/2025", "2022.11", "November/2015", "3035", "13/2020")] == [
        "2025-08", "2022-11", "2015-11", None, None]
    r = recall(scope={"windows": [{"what": "manufactured", "start": "2022-08", "start_day": 15}], "limited": True})
    assert match(r, item(serial="2022.11")).rule == "made-in-window"
    assert match(r, item(serial="2022.06")).rule == "made-outside-window"
    assert match(r, item(serial="2022.08")).level == POSSIBLE  # August 2022: before or after the 15th?
    assert match(r, item(serial="AB123")).level == POSSIBLE
    sold_only = recall(scope={"windows": [{"what": "sold", "start": "2022-08", "end": "2023-01"}]})
    assert match(sold_only, item(serial="2021.01")).level == CONFIRMED  # a sale window says nothing of the label
