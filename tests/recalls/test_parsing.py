"""Parser tests on real CPSC records: models, brands, UPCs, scope rules, dates, malformed records."""
from __future__ import annotations

from datetime import date

import pytest

from tests.recalls.conftest import real
from tracker.normalize import brand_key, model_key
from tracker.recalls.parsing import MalformedRecord, normalize_number, parse_record


def keys(p) -> set[str]:
    return {m.key for m in p.models if not m.excluded}


def test_story_record_25056():
    p = parse_record(real("25056"))
    assert p.recall_number == "25056" and p.source_id == 10099 and p.recall_date == date(2024, 12, 5)
    assert {"A3102", "A3302", "A3102016", "A3302011", "A3302031"} <= keys(p)
    assert "A3302011R" not in keys(p)  # caption typo "A3302011r" folds into the real model
    assert {brand_key(b) for b in ("Anker", "Soundcore", "AnkerWork", "PowerConf")} <= set(p.brand_keys)
    assert "800-988-7973" in p.facts["phones"] and "support@anker.com" in p.facts["emails"]
    assert "https://www.anker.com/product-recalls" in p.scope["lookup_urls"]
    assert p.scope["manufacturer_check"] and p.scope["limited"]
    assert any("SN Code" in s and "underside" in s for s in p.scope["where_to_look"])
    assert {"what": "sold", "start": "2023-03", "end": "2023-10"} in p.scope["windows"]
    assert "black" in p.scope["colors"]
    assert p.facts["remedy_options"] == ["Replace"] and "overheat" in p.hazard


@pytest.mark.parametrize("number, models", [
    ("26347", {"U021AA00", "U022AA00"}), ("26199", {"EFMIS121"}), ("26096", {"LP01711"}), ("26072", {"BR800"}),
    ("25127", {"RY401014US", "RY401150USY"}), ("25239", {"17249", "17310"}), ("26090", {"MMA008", "BPB002"}),
    ("26244", {"MK04"}), ("25248", {"BS30KP365"}), ("26250", {"PS510"}), ("26151", {"SW80356"}),
])
def test_model_tokens_from_prose(number, models):
    assert {model_key(m) for m in models} <= keys(parse_record(real(number)))


def test_model_tokens_skip_units_and_words():
    p = parse_record(real("25248"))  # "Baseus 65W 30000mAh portable chargers"
    assert not {"65W", "30000MAH"} & keys(p)
    raw = {**real("25056"), "Description": "A SMART speaker, 12V, 24-inch, ASTM F963 toy, model ART-7."}
    assert "SMART" not in keys(parse_record(raw)) and "F963" not in keys(parse_record(raw))
    assert "ART7" in keys(parse_record(raw))


@pytest.mark.parametrize("number, start, end", [
    ("26347", "17L 0000000 000", "20F 9999999 999"), ("26199", "A2001", "A2310"), ("26072", "546515117", "547916107"),
    ("26050", "2406000001", "2501001920"), ("25127", "KC21032D010001", "KC21327N999999"),
    ("25164", "NBP00052-1027", "NBP00287-1127"),
])
def test_serial_ranges(number, start, end):
    assert (start, end) in {(r["start"], r["end"]) for r in parse_record(real(number)).scope["serial_ranges"]}


def test_serial_prefixes_lengths_and_lists():
    belkin = parse_record(real("26090")).scope
    assert belkin["serial_prefixes"] == ["57X", "35S"] and belkin["serial_length"] == 14
    assert parse_record(real("26244")).scope["serial_prefixes"] == ["BN"]
    assert parse_record(real("26135")).scope["serials"] == ["000G21", "000H21", "000I21", "000L21"]


@pytest.mark.parametrize("number, start, end, fmt", [
    ("26096", "202409", "202501", "YYYYMM"), ("26086", "030620", "110823", "MMDDYY"),
    ("25239", "16919", "11122", "DDDYY"), ("25235", "15623", "18724", "DDDYY"), ("25217", "2023-10", "2024-08", "YYYY-MM"),
])
def test_date_code_windows(number, start, end, fmt):
    assert {"start": start, "end": end, "format": fmt} in parse_record(real(number)).scope["date_code_ranges"]


def test_lot_and_date_codes_are_scope_not_models():
    woolite = parse_record(real("25189"))
    assert woolite.scope["lot_codes"] == ["S24364", "S24365", "S24366"] and "S24364" not in keys(woolite)
    assert "062338727240" in woolite.upcs
    assert parse_record(real("26151")).scope["date_codes"] == ["712A0329BE", "712A0421BE"]
    assert parse_record(real("26202")).scope["date_codes"] == ["07/2025", "08/2025"]


def test_manufactured_window_and_exclusions():
    assert {"what": "manufactured", "start": "2021-09", "end": "2024-10"} in parse_record(real("26177")).scope["windows"]
    raw = {**real("25056"), "Description": "Models XK-200 and XK-300 are recalled. Model XK-250 in red is not "
                                           "included in this recall."}
    p = parse_record(raw)
    excluded = {m.key for m in p.models if m.excluded}
    assert excluded == {"XK250"} and {"XK200", "XK300"} <= keys(p)
    assert p.scope["exclusions"][0]["colors"] == ["red"]


def test_upcs_from_product_upcs():
    rec = next(r for r in __import__("tests.recalls.conftest", fromlist=["x"]).real_records() if r.get("ProductUPCs"))
    p = parse_record(rec)
    assert {u["UPC"] for u in rec["ProductUPCs"]} <= set(p.upcs)


@pytest.mark.parametrize("number", ["17142", "18218", "26282", "25016"])
def test_older_and_reconstructed_records_parse(number):
    p = parse_record(real(number))
    assert p.recall_date.year >= 1976 and p.title


def test_dates_in_every_format():
    from tracker.recalls.text import parse_date

    for value in ("2024-12-05T00:00:00", "2024-12-05T05:00:00.000Z", "2024-12-05", "12/05/2024", "December 05, 2024"):
        assert parse_date(value) == date(2024, 12, 5), value


@pytest.mark.parametrize("raw, number, message", [
    ("just a string", None, "not an object"),
    ({"RecallID": 1, "Title": "No number"}, None, "RecallNumber"),
    ({"RecallNumber": "99011", "RecallDate": "not-a-date", "Title": "Bad date"}, "99011", "RecallDate"),
    ({"RecallNumber": "99012", "RecallDate": "2025-02-01T00:00:00", "Title": "x", "Products": "oops"}, "99012", "Products"),
    ({"RecallNumber": "99013", "RecallDate": "2025-02-01", "Title": 5}, "99013", "Title"),
    ({"RecallNumber": "99014", "Title": "No date"}, "99014", "RecallDate"),
    ({"RecallNumber": "99015", "RecallDate": "2025-02-01", "Title": "x", "RecallID": "abc"}, "99015", "RecallID"),
])
def test_malformed_records_raise_with_their_number(raw, number, message):
    with pytest.raises(MalformedRecord) as exc:
        parse_record(raw)
    assert exc.value.recall_number == number and message in str(exc.value)


def test_recall_numbers_normalize():
    assert normalize_number("25-056") == normalize_number(" 25056 ") == "25056"
    assert normalize_number("<script>") == "" and model_key("a-3102") == "A3102"


def _tied(number):
    return [(r["start"], r["end"], r.get("model"), r.get("brand")) for r in parse_record(real(number)).scope["serial_ranges"]]


def test_serial_ranges_carry_their_model_or_brand():
    assert _tied("26347") == [("17L 0000000 000", "20F 9999999 999", "U021AA00", "Nomic"),
                              ("18F 0000000 000", "21L 9999999 999", "U022AA00", "Ergonomic")]
    assert _tied("24196") == [("000000", "014034", None, "Intimidator"), ("000000", "010545", None, "Mahindra")]
    frigidaire = _tied("24117")  # table: one model, then one or more ranges
    assert ("VF34521553", "VF34521696", "FCRG3051BB", None) in frigidaire
    assert ("VF34600745", "VF34600888", "FCRE3052BB", None) in frigidaire
    assert [r[2] for r in _tied("25452")] == ["RY142300"] * 3 + ["RY142711VNM"] * 2
    assert ("EFMIS137" , "A2312") in {(r[2], r[1]) for r in _tied("25395")}


def test_range_ends_do_not_swallow_neighbouring_cells():
    trane = parse_record(real("25369"))
    assert [(r["start"], r["end"], r["model"]) for r in trane.scope["serial_ranges"]][:2] == [
        ("24061381FA", "24453189FA", "4YCZ5024F1060A"), ("24013024FA", "24482966FA", "4YCZ5036F1070A")]
    assert keys(trane) == {"4YCZ5024F1060A", "4YCZ5036F1070A", "4YCZ5036F1090A", "4YCZ5048E1090A", "4YCZ5048E1115A"}
    bowflex = parse_record(real("25311"))
    assert {"start": "100182M242800001", "end": "100182M250201440"} in [
        {k: r[k] for k in ("start", "end")} for r in bowflex.scope["serial_ranges"]]
    assert "100182M242800001" not in keys(bowflex)
    assert ("C029AA00", "18321xxxxxx") in {(r.get("model"), r["start"]) for r in parse_record(real("24358")).scope["serial_ranges"]}


@pytest.mark.parametrize("number, prefixes", [
    ("26027", ["J0D", "J0E", "J2D"]), ("24203", ["B1", "B2", "B3"]), ("24283", ["ET22", "ET23", "01VX", "07VX"]),
    ("24039", ["AJ2226", "AJ2227", "AJ2228", "AJ2229", "AJ2230", "AJ2231", "AJ2232"]),
    ("24730", ["S46012302", "S46012303", "S46012307", "S460123010", "S460123013", "S460123015", "S46012320"]),
    ("25342", ["19", "20", "21", "2201", "2202", "2203"]), ("26067", ["T"]), ("25187", ["61"]),
    ("25459", []),  # "Serial Number Begins With" is a table header, "10 L" a size
])
def test_every_listed_serial_prefix_and_never_articles_or_s_n(number, prefixes):
    p = parse_record(real(number))
    assert p.scope["serial_prefixes"] == prefixes
    assert not {model_key(x) for x in prefixes} & keys(p)  # a prefix is not a model number


def test_prefix_followed_by_numbers_below_a_bound_is_a_range():
    stokke = parse_record(real("25044"))
    assert stokke.scope["serial_prefixes"] == []
    assert [(r["start"], r["end"]) for r in stokke.scope["serial_ranges"]] == [("142AA0000000", "142AA0062238")]
    assert keys(stokke) == {model_key("YOYO3")}


def test_excluded_colors_come_from_the_excluded_clause():
    tiara = parse_record(real("24093")).scope  # the recalled tiara is silver with red rhinestones
    assert [e["colors"] for e in tiara["exclusions"]] == [["blue", "purple", "clear"]]


@pytest.mark.parametrize("number", ["25247", "26201", "25189", "24257", "26253"])
def test_sentences_that_exclude_no_unit_color_or_code_are_not_exclusions(number):
    p = parse_record(real(number))
    assert p.scope["exclusions"] == []
    if number in ("25247", "26201", "26253"):
        assert not p.scope["limited"]


def test_exclusions_naming_units_stay():
    assert parse_record(real("25170")).scope["exclusions"]  # "Assembled models ... are not subject to this recall"


@pytest.mark.parametrize("number, model, cut_off", [
    ("26046", "LXT-CL-1.0", "LXT-CL-1"), ("25385", "SH20.006D", "SH20"), ("24102", "NTSAW23020.0", "NTSAW23020"),
])
def test_decimals_stay_inside_model_tokens(number, model, cut_off):
    p = parse_record(real(number))
    assert model_key(model) in keys(p) and model_key(cut_off) not in keys(p)


def test_model_years_and_dates_are_not_serial_ranges():
    ezgo = parse_record(real("26021")).scope  # "model year 2020 through 2025 RXV Freedom and 2023 through 2025 Valor"
    assert [(r["start"], r["end"]) for r in ezgo["serial_ranges"]] == [("5538278", "5920722"), ("3455024", "3582057")]
    zline = parse_record(real("24226")).scope  # "manufacturing dates ... shown as 20201101 through 20211231"
    assert zline["serial_ranges"] == []
    assert {"start": "20201101", "end": "20211231", "format": "YYYYMMDD"} in zline["date_code_ranges"]


def test_format_descriptions_give_no_models():
    dewalt = parse_record(real("24345"))  # "A date code formatted as 20XX YY-58 ..."
    assert not {"20XX", "YY58"} & keys(dewalt)
    assert [(r["start"], r["end"]) for r in dewalt.scope["date_code_ranges"]] == [("2023 32-58", "2024 13-58")]


def test_brands_from_trademarked_names_and_x_and_y_titles():
    assert "scotch" in {b.lower() for b in parse_record(real("26050")).brands}  # "Scotch™ ..."
    assert {brand_key("Frigidaire"), brand_key("Kenmore")} <= set(parse_record(real("24235")).brand_keys)


@pytest.mark.parametrize("number, word", [
    ("26050", "Thermal"), ("25034", "Dual"), ("24309", "More"), ("26021", "Personal"), ("24134", "Mobile"),
    ("26067", "Original"), ("25460", "Bottles"), ("24256", "Engines"), ("25408", "Detachable"), ("25120", "Sliding"),
    ("24226", "Built-In"), ("26162", "Above-Ground"),
])
def test_title_words_are_not_brands(number, word):
    assert brand_key(word) not in parse_record(real(number)).brand_keys


def test_a_full_stop_glued_to_the_next_sentence_still_splits():
    from tracker.recalls.text import sentences
    p = parse_record(real("26333"))  # "... through VF54399999.The model and serial numbers are printed on a nameplate"
    assert any(s.startswith("The model and serial numbers are printed") for s in p.scope["where_to_look"])
    assert sentences("Model SH.20.006B02 and LXT-CL-1.0 are recalled.") == ["Model SH.20.006B02 and LXT-CL-1.0 are recalled."]
