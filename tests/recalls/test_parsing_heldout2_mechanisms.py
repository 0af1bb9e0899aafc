"""Parser mechanisms found by held-out set #2 (now used for tuning), each on real records that show the wording."""
from __future__ import annotations

from tests.recalls.conftest import real
from tracker.normalize import model_key
from tracker.recalls.parsing import parse_record
from tracker.recalls.scope import extract_scope


def keys(p) -> set[str]:
    return {m.key for m in p.models if not m.excluded}


def windows(text: str, retail: str = "") -> list[dict]:
    return extract_scope([text], [retail] if retail else [])["windows"]


def test_a_state_and_zip_code_after_a_city_is_no_model():
    assert not parse_record(real("09071")).models  # "Washington, DC 20207" in every older press release
    assert "TX75233" not in keys(parse_record(real("24064")))
    assert model_key("BB-106-2") in keys(parse_record(real("94024")))


def test_lookup_cues_are_whole_words():
    # "performing arts centers" is no "enter (your serial)", "deltaenterprise.com" neither
    assert not parse_record(real("12239")).scope["manufacturer_check"]
    assert parse_record(real("25056")).scope["manufacturer_check"]


def test_sale_windows_in_press_release_and_description_wording():
    assert windows("Sold at: Small retail stores in Honolulu, Hawaii from April 2008 through November 2008 for "
                   "between $2 and $5.") == [{"what": "sold", "start": "2008-04", "end": "2008-11"}]
    assert windows("Sold exclusively at: The online store from March 23, 2010 through April 8, 2010.")[0]["start"] \
        == "2010-03"
    assert windows("Southern Enterprises #BB-104-2 (red) sold from January 1990 to present.") == [
        {"what": "sold", "start": "1990-01", "end": None}]
    assert windows("", "The play kitchens were sold online at KidKraft.com from 2018 through July 2025.") == [
        {"what": "sold", "start": "2018-01", "end": "2025-07"}]
    assert windows("The recalled caddies were sold by dealers to churches, schools and performing arts centers "
                   "nationwide from January 1989 through March 2012 for about $1,200.")[0]["start"] == "1989-01"
    assert windows("Bikes for children between 10 and 14 years old.") == []  # no dates, no verb: no window
    assert windows("The heaters measure from 2 to 5 inches.") == []


def test_a_sale_window_written_for_some_models_carries_them():
    sc = parse_record(real("26002")).scope["windows"]
    assert {"what": "sold", "start": "2024-06", "end": "2025-01", "models": ["BP125", "BatPak2F"]} in sc
    assert {"what": "sold", "start": "2024-08", "end": "2025-01", "models": ["BatPak3F"]} in sc


def test_open_ended_manufacture_windows_and_their_exclusions():
    assert {"what": "manufactured", "start": "2022-08", "start_day": 15} in parse_record(real("24729")).scope[
        "windows"]
    # "Mowers manufactured after March 2024 (2024 14-58) are not affected": the recalled ones end there
    assert {"what": "manufactured", "end": "2024-03"} in parse_record(real("24345")).scope["windows"]
    # "Sling carriers manufactured after January 30, 2018 are subject to the mandatory federal safety standard"
    assert all(w["what"] == "sold" for w in parse_record(real("24258")).scope["windows"])


def test_batch_numbers_are_lot_codes_not_models():
    p = parse_record(real("25113"))  # "Impacted units have the batch number 20240415TTL, 20240501TTL or ..."
    assert p.scope["lot_codes"] == ["20240415TTL", "20240501TTL", "20240509TTL"] and not p.models
    assert parse_record(real("24738")).scope["lot_codes"] == ["221002US"]


def test_date_code_lists_closed_open_and_examples():
    assert parse_record(real("24158")).scope.get("date_codes_closed")  # "Date codes 3034 and 3035 ... are included"
    assert parse_record(real("07230")).scope.get("date_codes_closed")  # "only includes ... the following date codes"
    assert not parse_record(real("26250")).scope.get("date_codes_closed")  # "purchased after December 2020 or ..."
    assert not parse_record(real("25052")).scope.get("date_codes_closed")  # "2308 or greater (e.g., ...)"
    # "This recall involves certain ... with date code 1945": the sentence that defines the recall lists its codes
    # (round 5, set #4: a member's other date code is outside; this line asserted the opposite before)
    assert parse_record(real("24042")).scope.get("date_codes_closed")
    assert "4521" not in parse_record(real("24076")).scope["date_codes"]  # "example date code of 4521"


def test_an_only_clause_that_names_just_the_product_limits_nothing():
    for number in ("24287", "24074", "26324", "25335"):  # "Only power banks with model numbers PPCXM06 and ..."
        assert not parse_record(real(number)).scope["limited"], number
    for number in ("26036", "26202", "24363"):  # "Only blankets with a control pad that has a gray face"
        assert parse_record(real(number)).scope["limited"], number
    # "Only SL versions in the Como family of bicycles are part of this recall": since round 7 a rule of its own
    # (only_versions), which the saved model decides, instead of a limit no saved data could
    assert parse_record(real("26330")).scope["only_versions"] == ["SL"]
    assert parse_record(real("25444")).scope["limited"]  # "have the following batch numbers 10 23, 12 23, ..."


def test_a_comma_between_the_cue_and_its_codes():
    assert model_key("991139699") in keys(parse_record(real("26139")))  # "The product code, 991139699, is printed"
    assert parse_record(real("24224")).scope["lot_codes"] == ["A09050", "A10055"]  # "lot numbers, A09050 and A10055"


def test_brands_from_the_description_lead_quoted_print_and_two_word_marks():
    assert "HolaBelle" in parse_record(real("24104")).brands  # "This recall involves HolaBelle NextGen 10-inch ..."
    assert "KRISS VECTOR" in parse_record(real("24318")).brands  # '"KRISS VECTOR" and ".45 ACP" printed on the sides'
    assert "Leisure Ways" in parse_record(real("16188")).brands  # "Leisure Ways® pink butterfly themed ..."
    from tracker.recalls.extract import brands
    assert "Black" not in brands("Acme Recalls Dressers", [], ["This recall involves Black dressers."])  # plain word
