"""Parser mechanisms found by held-out set #1, each on the real record that showed it."""
from __future__ import annotations

from tests.recalls.conftest import real
from tracker.normalize import brand_key, model_key
from tracker.recalls.parsing import parse_record


def keys(p) -> set[str]:
    return {m.key for m in p.models if not m.excluded}


def test_cued_codes_with_plus_options_or_no_digits():
    p = parse_record(real("25324"))  # "Model numbers CAS5SS4P+BFL, ..., MPISU, MPISU+1 ..."
    assert {model_key(m) for m in ("MPISU", "MPISU+BFL", "MPISU+1", "MPISUS+AHD", "CAS5SS4P+BFL")} <= keys(p)
    assert {model_key(m) for m in ("OM-KSKB",)} <= keys(parse_record(real("26122")))  # "Helmet model OM-KSKB"


def test_heat_codes_are_lot_codes_not_models():
    p = parse_record(real("25324"))  # "Heat codes requiring replacement include: E22WM483, C23WM320, ..."
    assert "C23WM320" in p.scope["lot_codes"] and "C23WM320" not in keys(p)


def test_fcc_id_gives_the_product_code():
    assert {"AF28", model_key("2BHG8-AF28")} <= keys(parse_record(real("25428")))  # "FCC ID 2BHG8-AF28"


def test_sku_table_digit_codes():
    p = parse_record(real("24118"))  # "SKU Product Name Model Name Country Sold 7094740 Youth Soquel ..."
    assert {"7094740", "7094741", "7097934"} <= keys(p)


def test_marked_brand_and_model_years_not_models():
    p = parse_record(real("24735"))  # "Can-Am® Commander series", captions "... Series MY2022"
    assert brand_key("Can-Am") in p.brand_keys
    assert not {"MY2022", "MY2023"} & keys(p)


def test_serial_range_table_and_its_end_points_are_not_models():
    p = parse_record(real("25157"))  # "... Serial Number Range Start Serial Number Range End ... PA110 ... PA044936 PA147874"
    assert {"start": "PA044936", "end": "PA147874", "model": "PA110", "brand": "Prestige"} in p.scope["serial_ranges"]
    assert ("AE1100", "AE1236", "PT399ES") in {(r["start"], r["end"], r.get("model")) for r in p.scope["serial_ranges"]}
    assert not {"PA044936", "PA147874", "PT0053776"} & keys(p)


def test_serial_prefix_after_a_long_clause():
    p = parse_record(real("25061"))  # "The serial number ..., will be a total of 14 digits, and start with the numbers
    assert p.scope["serial_prefixes"] == ["57V"]  # and letter "57V"."


def test_unit_limiting_statements_mark_the_scope_limited():
    assert parse_record(real("25212")).scope["limited"]  # "in boxes dated April 2024 through December 2024"
    assert parse_record(real("24118")).scope["limited"]  # "made prior to September 2021", "("8/21") or earlier"
    assert not parse_record(real("25428")).scope["limited"]


def test_size_ranges_are_not_models():
    assert not keys(parse_record(real("24233")))  # "Sizes sold include 4-5T, 6-7 Years"
