"""Matcher mechanisms found by set #4 (used for tuning from round 5): pure rules first, then each on the real record
that showed it."""
from __future__ import annotations

from datetime import date

from tests.recalls.conftest import real, verdict
from tracker.recalls import names, scope_rules
from tracker.recalls.extract import brands, model_tokens, upcs
from tracker.recalls.matching import CONFIRMED, POSSIBLE, ItemFacts
from tracker.recalls.parsing import parse_record
from tracker.recalls.scope import extract_scope, model_years
from tracker.recalls.text import sentences


def test_sale_windows_of_days_and_soft_wrapped_lines():
    assert extract_scope([], ["Online at example.com from November 14 through November 15, 2024 for $385."])[
        "windows"] == [{"what": "sold", "start": "2024-11", "end": "2024-11"}]
    assert extract_scope(["The lamps were sold between May 3 and June 30, 2023 for $20."])["windows"] == [
        {"what": "sold", "start": "2023-05", "end": "2023-06"}]
    assert len(sentences("stores nationwide from June 1995\r\nthrough December 1996 for $11.")) == 1
    assert len(sentences("The bracelets sold at Hills, Cole\r\nGift Centers and Meijer stores.")) == 1
    assert len(sentences("Recall of a heart-shaped cut out on the plate.\nThe bracelets sold at stores.")) == 2
    assert not verdict("25104", "GiantMouse", "GM12", bought=date(2024, 5, 1))
    assert not verdict("97048", "Speidel", "2589", bought=date(1994, 12, 1))
    assert verdict("97048", "Speidel", "2589", bought=date(1995, 8, 1))


def test_one_manufacture_month_or_day_limits_the_units():
    sc = extract_scope(['"ML837-15" and the manufacture date of August 2025 are molded on the underside.'])
    assert sc["windows"] == [{"what": "manufactured", "start": "2025-08", "end": "2025-08"}] and sc["limited"]
    sc = extract_scope(["This recall involves F7 Pro electric bikes with batteries manufactured on April 21, 2024."])
    assert sc["windows"] == [{"what": "manufactured", "start": "2024-04", "end": "2024-04", "start_day": 21,
                              "end_day": 21}] and sc["limited"]
    assert not extract_scope(["Chairs manufactured in May 2024 are not included."])["windows"]
    assert scope_rules.month_of("2024/6/15") == "2024-06"
    day = {"what": "manufactured", "start": "2024-04", "end": "2024-04", "start_day": 21, "end_day": 21}
    assert [scope_rules._inside("2024-04", day, d) for d in (21, 20, None)] == [True, False, None]
    assert verdict("26192", "StyleWell", "ml83715", words="resin Adirondack chair").level == POSSIBLE
    assert not verdict("26192", "Adams", "ML837-15", serial="Jun 2025")
    assert verdict("26192", "Adams", "ML837-15", serial="Aug 2025").level == CONFIRMED
    assert verdict("25403", "FENGQS", "F7 Pro", words="electric bike").level == POSSIBLE
    assert not verdict("25403", "Fengqs", "f7pro", serial="2024/6/15")
    assert verdict("25403", "FENGQS", "F7 Pro", serial="2024/4/21").level == CONFIRMED


def test_serial_prefix_beside_a_date_code_and_a_recall_defined_by_its_date_codes():
    sc = extract_scope(['Cylinders with model number M0859, a serial number beginning with a "W," and a date code of '
                        'either "06-23" or "07-23."'])
    assert sc["serial_prefixes"] == ["W"] and sc["date_codes"] == ["06-23", "07-23"]
    sc = extract_scope(["This recall involves certain Bubba Bull (Style 45541) Plush Toys with date code 1945."])
    assert sc["date_codes"] == ["1945"] and sc["date_codes_closed"]
    assert not extract_scope(["Date code 1945 is printed on a white tag."]).get("date_codes_closed")
    assert not verdict("24124", "EVAS", "M0859", serial="K2307041 07-23")
    assert verdict("24124", "EVAS", "M0859", words="20 lb propane exchange tank").level == POSSIBLE
    assert not verdict("24042", "Mary Meyer", "45541", serial="2011")
    assert verdict("24042", "Mary Meyer", "45541", serial="1945").level == CONFIRMED


def test_expiration_date_ranges_against_a_saved_date():
    sc = extract_scope(["The recalled bottles have expiration dates between 01/2026 and 10/2026, which are printed on "
                        "the side of the bottle."])
    assert sc["date_code_ranges"] == [{"start": "01/2026", "end": "10/2026", "format": "MM/YYYY"}]
    assert scope_rules.month_of("EXP 05/2026") == "2026-05" and scope_rules.month_of("Best by: 2026/5") == "2026-05"
    assert verdict("25435", "Drinkmate", "1L Carbonation Bottle", serial="EXP 05/2026").level == CONFIRMED
    assert not verdict("25435", "Drinkmate", "1 liter carbonation bottle", serial="11/2026")
    assert verdict("25435", "Drinkmate", "1L Carbonation Bottle").level == POSSIBLE


def test_a_model_number_with_an_underscore_is_one_code():
    assert [m.text for m in parse_record(real("25192")).models] == ["HI1318_13"]
    assert verdict("25192", "GIKPAL", "HI1318_13").level == CONFIRMED
    assert not verdict("25192", "GIKPAL", "HI1318_12", words="fabric dresser")


def test_millimetre_and_percent_qualifiers_clash():
    assert names.qualifier_clash("3mm 512 pieces", ["Magnetic DIY Balls Magic Cube, 5mm"], "") == (
        "the recall names 5 mm and yours is 3 mm")
    assert names.qualifier_clash("45% concentrate", ["Super Vinegar Cleaner, 30%"], "") == (
        "the recall names 30% and yours is 45%")
    assert not names.qualifier_clash("8mm set", ["Magnet Sets"], "Sold in 5, 8 and 10mm sizes.")
    assert not verdict("24097", "DailySale", "Magnetic Balls 3mm", words="3mm 512 pieces")
    assert verdict("24097", "DailySale", "Magnetic Balls 5mm", words="5mm 216 pieces").level == CONFIRMED
    assert not verdict("24247", "ADIOS!", "Super Vinegar 45%", words="45% concentrate")


def test_model_years_limit_the_models_they_are_written_for():
    assert model_years("GT Model Year 2019 through 2023 LaBomba 24\" bicycles") == [2019, 2020, 2021, 2022, 2023]
    assert model_years("This recall involves model years 2022, 2023, 2024 and 2025 Off-Road Motorcycles.") == [
        2022, 2023, 2024, 2025]
    assert model_years("The 2022 model year recalled motorcycles have the letter N") == [2022]
    assert model_years("This recall involves Model Year 2023-2024 RANGER XP Kinetic vehicles.") == [2023, 2024]
    assert model_years("Sold from 2019 through 2023.") == []
    item = lambda words="", serial="": ItemFacts("", "", words=words, serial=serial)  # noqa: E731
    assert scope_rules.item_years(item("2021 model, sea green")) == {2021}
    assert scope_rules.item_years(item(serial="3NSR3UEA1SG123456")) == {1995, 2025}  # the VIN's 10th character
    assert verdict("24148", "GT", "LaBomba", words="dirt jump bike").level == POSSIBLE
    assert verdict("24148", "GT", "LaBomba Pro", words="2021 model, sea green").level == CONFIRMED
    assert not verdict("24148", "GT", "LaBomba Pro", words="2024 model")
    assert not verdict("24055", "Polaris", "RANGER XP KINETIC", serial="3NSR3UEA1SG123456")
    # a part listed apart from the model-year vehicles ("fuel pump kits (part numbers 2208595 ...)") has no year
    assert verdict("24369", "Polaris", "2208595", words="fuel pump kit").level == CONFIRMED


def test_a_numbered_run_of_models_names_each_one():
    models = {m.text for m in model_tokens(["Models 2351 through 2354 are metal chains with a plate."], [], set())}
    assert models == {"2351", "2352", "2353", "2354"}
    assert {m.text for m in model_tokens(["Model numbers AB100 to AB102 are included."], [], set())} == {
        "AB100", "AB101", "AB102"}
    assert {m.text for m in model_tokens(["Models 1000 through 9000 were sold."], [], set())} == {"1000"}  # no run
    assert verdict("97048", "Speidel", "2352", words="child ID bracelet with bear charm").level == CONFIRMED


def test_brands_a_recall_says_the_product_was_sold_under():
    assert {"Nautica", "House & Garden"} <= set(brands("", [], ["Some of the sets were sold under Nautica or House & "
                                                                "Garden brands."]))
    assert {"Adams RealComfort", "StyleWell"} <= set(brands("", [], [
        "Chairs sold under two different brands: Adams RealComfort and StyleWell. The resin chairs ..."]))
    assert verdict("24068", "Nautica", "Wood and Rope Bistro Chair", words="folding chair, gray rope seat").level == (
        CONFIRMED)
    assert not verdict("24068", "Nautica", "Teak Bench")


def test_isbns_identify_books_like_upcs():
    assert upcs([], ["Two titles are included: Count my Kisses, 1, 2, 3, ISBN: 978-0-316-13354-8, has beads."]) == [
        "9780316133548"]
    assert verdict("13284", "Hachette", "Count My Kisses 1 2 3", words="board book").level == POSSIBLE
    assert verdict("13284", "Hachette", "9780316133531").level == CONFIRMED  # the ISBN typed as the model


def test_date_codes_listed_per_model():
    sc = extract_scope(["Model E2037 has one USB-C port and has one of the following date codes (YYWW): 2318, 2322.",
                        "Model E2038 has two USB-A ports and has one of the following date codes (YYWW): 2313, 2318."])
    assert sc["date_codes_for"] == [{"model": "E2037", "codes": ["2318", "2322"]},
                                    {"model": "E2038", "codes": ["2313", "2318"]}]
    assert not verdict("24344", "IKEA", "E2038", serial="2322", words="VARMFRONT power bank")
    assert verdict("24344", "IKEA", "E2037", serial="2322").level == CONFIRMED
    assert verdict("24344", "IKEA", "E2038", serial="2313").level == CONFIRMED


def test_print_and_pattern_qualifiers_clash():
    text = "Sleep sacks with feet, in blue with an excavator print or pink with a bunny print."
    assert names.qualifier_clash("gray star print, size S", ["Sleep Sacks with Feet"], text) == (
        "the recall names the bunny/excavator prints and yours is star")
    assert not names.qualifier_clash("blue excavator print", ["Sleep Sacks with Feet"], text)
    listed = "The recalled tumbler was sold in five patterns: Cowgirl, Daisy Checkers, Dinosaur, Sport and Bows."
    assert not names.qualifier_clash("Dinosaur pattern", ["Sport Tumbler"], listed)
    assert names.qualifier_clash("Unicorn pattern", ["Sport Tumbler"], listed)
    assert not verdict("26091", "Zigjoy", "Sleep Sack with Feet", words="gray star print, size S")
    assert verdict("26091", "Zigjoy", "Sleep Sack with Feet", words="blue excavator print, size M").level == CONFIRMED
