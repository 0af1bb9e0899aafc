"""Matcher mechanisms found by held-out set #3 (now used for tuning): pure rules first, then each on the real record
that showed it."""
from __future__ import annotations

from datetime import date

from tests.recalls.conftest import verdict
from tracker.recalls import names, scope_rules
from tracker.recalls.matching import CONFIRMED, POSSIBLE
from tracker.recalls.scope import extract_scope
from tracker.recalls.text import sentences


def test_serial_character_rules():
    sc = extract_scope(["The recalled sights contain either the letter K or M as the last digit of the serial number."])
    assert sc["serial_chars"] == [{"pos": -1, "chars": ["K", "M"]}] and sc["limited"]
    sc = extract_scope(['The sixth digit of the serial numbers of affected units, located on the sticker, is "A".'])
    assert sc["serial_chars"] == [{"pos": 6, "chars": ["A"]}]
    sc = extract_scope(["The 2022 model year recalled motorcycles have the letter N in the 10th position of the VIN."])
    assert sc["serial_chars"] == []  # how to read a model year, not a limit
    assert scope_rules.chars_outside("R5A123456J", [{"pos": -1, "chars": ["K", "M"]}])
    assert not scope_rules.chars_outside("R5A123456K", [{"pos": -1, "chars": ["K", "M"]}])


def test_serial_character_rules_on_real_records():
    assert verdict("25087", "SIG SAUER", "SOR52001").level == POSSIBLE
    assert not verdict("25087", "SIG SAUER", "SOR52001", serial="R5A123456J")
    assert verdict("25087", "SIG SAUER", "SOR52001", serial="R5A123456K").level == CONFIRMED
    assert verdict("24264", "Bambu Lab", "A1", words="3D printer").level == POSSIBLE
    assert verdict("24264", "Bambu Lab", "A1", serial="01P00A371600123").level == CONFIRMED


def test_retail_windows_shipping_and_wrapped_lines():
    assert extract_scope([], ["Online at Amazon.com in July 2025 for about $140."])["windows"] == [
        {"what": "sold", "start": "2025-07", "end": "2025-07"}]
    assert extract_scope([], ["Amazon, beginning in September 2019, for $6."])["windows"][0]["end"] is None
    assert extract_scope([], ["StopBox and dealers nationwide June 2025 through July 2025 for $150."])["windows"] == [
        {"what": "sold", "start": "2025-06", "end": "2025-07"}]
    assert extract_scope(["Certain locks shipped between June 2 and July 15, 2025."])["limited"]
    assert len(sentences("stores nationwide sold\nthe shades from January 1992 through April\n1998 for $38.")) == 1
    assert not verdict("26247", "Furnulem", "HK-DS-017-CL-5D-1-W", bought=date(2025, 5, 1))
    assert not verdict("25458", "StopBox", "Chamber Lock Pro AR-15", bought=date(2025, 3, 1))
    assert not verdict("98162", "MacKenzie-Childs", "Paper Candle Shade", bought=date(1991, 6, 1))


def test_manufacture_date_saved_as_month_day_year():
    assert scope_rules.month_of("12/10/2025") == "2025-12"
    assert not verdict("26306", "Andersen", "100 Series Casement", serial="12/10/2025")


def test_models_cued_short_joined_and_listed_numbers():
    assert verdict("25391", "VIVI", "H6", words="26 inch electric bike").level == CONFIRMED
    assert verdict("26148", "FRP", "shr40redm", words="Sahara 40cc kids ATV").level == CONFIRMED
    assert not verdict("04149", "Smart Fit", "31058", words="children's athletic shoe")
    assert verdict("04149", "Smart Fit", "31056").level == CONFIRMED
    assert verdict("24111", "DISSIM", "Slim Jet", words="disposable lighter").level == CONFIRMED


def test_a_name_where_the_recall_lists_model_numbers_is_possible():
    assert verdict("24168", "Crown", "Aruba IV", words="gas hot water boiler").level == POSSIBLE
    assert verdict("04149", "Payless ShoeSource", "Smart Fit").level == POSSIBLE
    assert verdict("24190", "Yoto", "Yoto Mini").level == CONFIRMED  # one code, the name's own SKU


def test_qualifier_clashes_material_kid_sizes_and_listed_amounts():
    assert "metal" in names.qualifier_clash("wooden bunk bed", ["Big Lots Metal Futon Bunk Beds"], "")
    assert names.qualifier_clash("pajama set size 2Y", ["Pajamas"], "sold in sizes 3Y, 4Y, 5Y and 8Y")
    assert not names.qualifier_clash("pajama set size 5Y", ["Pajamas"], "sold in sizes 3Y, 4Y, 5Y and 8Y")
    assert not names.qualifier_clash("pajamas size 2Y", ["Pajamas"], "sold in sizes from 1Y to 8Y")
    assert not names.qualifier_clash("bean bag 32 inch", ["Bean bags"], "sold in three sizes, 30, 32 and 40 inches")
    assert not names.qualifier_clash("10.5 inch lighter", ["Lighters"], "Each lighter measures 10½-inches long.")
    assert not verdict("11250", "Big Lots", "Wood Bunk Bed", words="twin over twin wooden bunk bed")
    assert not verdict("24135", "Oso & Me", "Animal Party", words="pajama set size 2Y")
    assert verdict("16060", "Ace Bayou", "Bean Bag Chair", words="round vinyl bean bag chair 32 inch").level == CONFIRMED
    assert verdict("09021", "YMCA Trading", "Gas Match", words="10.5 inch multi-purpose lighter").level == CONFIRMED


def test_other_styles_not_included_and_sibling_series():
    sc = extract_scope(["Styles: Birds, Nature. Other styles of sketchbooks with metal spirals are not included in this recall."])
    assert sc["exclusions"][0]["others"] and not sc["limited"]
    assert verdict("08184", "eeBoo", "Drawing Birds", words="sketchbook").level == CONFIRMED
    assert not verdict("08184", "eeBoo", "Dinosaurs Sketchbook", words="spiral sketchbook")
    assert names.sibling("400 Series Casement", ["installed on 100 Series casement windows"])
    assert not names.sibling("100 Series Casement", ["installed on 100 Series casement windows"])
    assert not verdict("26306", "Andersen", "400 Series Casement", words="casement window with opening control device")
