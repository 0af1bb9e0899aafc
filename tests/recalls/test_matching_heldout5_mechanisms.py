"""Matcher mechanisms found by set #5 (used for tuning from round 6): pure rules on the general wording first, then
each on the real record that showed it."""
from __future__ import annotations

from datetime import date

from tests.recalls.conftest import real, verdict
from tracker.normalize import model_key
from tracker.recalls import names, scope_rules
from tracker.recalls.extract import brands, model_tokens
from tracker.recalls.matching import CONFIRMED, POSSIBLE, ItemFacts, RecallFacts, RecallModel, match
from tracker.recalls.parsing import parse_record
from tracker.recalls.scope import extract_scope, model_year_rows


def test_printed_as_a_verb_is_no_print_qualifier_and_listed_fabrics_and_designs_are_prints():
    tag = '"SLEEPING SET" is printed on a tag sewn on the cover. "100% cotton" and the size are printed on a label.'
    assert names._prints(tag) == set()
    assert not names.qualifier_clash("elephant print", ["Baby Loungers"], tag)
    fabrics = ("The loungers were sold in different printed fabrics and colors, including Animal, Dinosaur2, Deer, "
               "Elephant and White Leaf.")
    assert {"animal", "dinosaur", "deer", "elephant", "white", "leaf"} <= names._prints(fabrics)
    assert not names.qualifier_clash("elephant print", ["Baby Loungers"], fabrics)
    assert names.qualifier_clash("zebra print", ["Baby Loungers"], fabrics)
    designs = 'They were sold with the following designs: "Monkey Moods" a monkey with stars, "Princess" with flowers.'
    assert names.qualifier_clash("Dora the Explorer design", ["Folding Chairs"], designs)
    assert not names.qualifier_clash("Monkey Moods design", ["Folding Chairs"], designs)
    assert verdict("24340", "Mamibaby", "Baby Lounger", words="elephant print co-sleeper").level == CONFIRMED
    assert not verdict("05233", "Idea Nuova", "Children's Folding Chair", words="Dora the Explorer design")


def test_a_product_name_whose_kind_the_recall_never_prints_is_another_product():
    assert names.product_kind("Glow Necklaces") == "necklace"
    assert names.product_kind("Best Friends Heart Necklace Set") == "necklace"  # past "set"
    assert names.product_kind("Stitch Plush Toy") == "plush"  # "toy" says nothing of what it is
    assert names.product_kind("A3102") == names.product_kind("Necklace") == names.product_kind("Sprocket 16") == ""
    bracelets = RecallFacts("26-000", {"glowco"}, [], names=["Glow Light Stick Bracelets Recalled",
                                                              "GlowCo Glow Light Stick Bracelets"],
                            text="This recall involves glow light stick bracelets sold in 12-packs.")
    other = match(bracelets, ItemFacts("glowco", model_key("Glow Necklaces"), "Glow Necklaces", words="glow stick"))
    assert (other.level, other.rule) == (None, "other-product")
    assert "never names a necklace" in other.reason
    same = match(bracelets, ItemFacts("glowco", model_key("Glow Bracelet"), "Glow Bracelet", words="glow stick"))
    assert same.level == CONFIRMED and same.rule == "product-name"
    assert not verdict("24340", "Mamibaby", "Baby Bouncer", words="infant rocker")
    assert not verdict("07054", "Rhode Island Novelty", "Powerpuff Girls Bracelet", words="kids bracelet")


def test_a_product_name_is_possible_where_the_recall_calls_a_code_its_model():
    for text, code in [('"BICYSTAR" is on the tray and "Model No.: TB-HC6900" on a label.', "TB-HC6900"),
                       ('and model "RT668-17" printed on a white label', "RT668-17"),
                       ("The activity center's model number (HLV78) is located on the underside", "HLV78"),
                       ("The model number is KF210284US-01MH-A001 and can be found on the instructions.",
                        "KF210284US-01MH-A001"),
                       ("The rings have item number 920422 printed on back of the package.", "920422")]:
        assert names.stated_model([code], [text]), text
    assert not names.stated_model(["PRPLXX00860"], ["The model name Yoto Mini, SKU PRPLXX00860, and serial number"])
    assert not names.stated_model(["B1161X"], ['the sticker has the model\'s name "Slope" and B1161X written on it'])
    chairs = RecallFacts("26-000", {"acme"}, [RecallModel("TBHC6900", "TB-HC6900")], names=["Acme High Chairs"],
                         text='"Model No.: TB-HC6900" is on a label stitched to the seat cover.')
    named = match(chairs, ItemFacts("acme", model_key("High Chair"), "High Chair", brand_name="Acme"))
    assert (named.level, named.rule) == (POSSIBLE, "name-printed") and "TB-HC6900" in named.reason
    assert match(chairs, ItemFacts("acme", "TBHC6900", "TB-HC6900", brand_name="Acme")).level == CONFIRMED
    yoto = RecallFacts("26-000", {"yoto"}, [RecallModel("PRPLXX00860", "PRPLXX00860")], names=["Yoto Mini Players"],
                       text="The model name Yoto Mini, SKU PRPLXX00860, is on the base.")
    assert match(yoto, ItemFacts("yoto", model_key("Yoto Mini"), "Yoto Mini", brand_name="Yoto")).level == CONFIRMED
    assert verdict("24308", "Manhattan Toy", "Brilliant Bee Rattle", words="baby rattle").level == POSSIBLE


def test_lot_codes_listed_in_parentheses_after_the_cue():
    sc = extract_scope(['"Acme Kettle" and a six-digit lot code (022020, 022021, 042022 or 032023) appear underneath.'])
    assert sc["lot_codes"] == ["022020", "022021", "042022", "032023"] and sc["limited"]
    assert extract_scope(["Date codes (YYWW) 2318, 2319 are included."])["date_codes"] == ["2318", "2319"]
    assert not verdict("25432", "Wolfgang Puck", "Petite Kettle", serial="052024")
    assert verdict("25432", "Wolfgang Puck", "Petite Kettle", serial="042022").level == CONFIRMED
    assert verdict("25432", "Wolfgang Puck", "Petite Tea Kettle").level == POSSIBLE


def test_one_part_of_a_serial_written_in_parts():
    sc = extract_scope(["The boards have serial numbers containing 15914, 19203, or 19988 as the fifth code in the "
                        "six-code serial number affixed to the bottom."])
    assert sc["serial_parts"] == [{"pos": 5, "codes": ["15914", "19203", "19988"]}] and sc["limited"]
    assert "serial_parts" not in extract_scope(["The serial number is on the bottom."])  # stored scopes unchanged
    rules = sc["serial_parts"]
    assert scope_rules.parts_outside("HY-HEL-2009-A1-15914-00321", rules) == ""
    assert scope_rules.parts_outside("HY HEL 2103 A1 18476 00102", rules) == (
        "has 18476 as its 5th part, not 15914 or 19203 or 19988")
    assert scope_rules.parts_outside("HYHEL2103", rules) is None  # too few parts to tell
    assert verdict("24065", "Hover-1", "Helix", serial="HY-HEL-2009-A1-15914-00321").level == CONFIRMED
    assert not verdict("24065", "Hover-1", "Helix", serial="HY-HEL-2103-A1-18476-00102")
    assert verdict("24065", "Hover-1", "Helix", serial="HYHEL2103").level == POSSIBLE


def test_colors_only_limits_the_colors_the_member_names():
    assert extract_scope(["Helix hoverboards (Camouflage and Galaxy colors only)"])["only_colors"] == [
        "camouflage", "galaxy"]
    assert extract_scope(["Only the red, blue and green colors are recalled."])["only_colors"] == ["red", "blue",
                                                                                                   "green"]
    assert "only_colors" not in extract_scope(["The bikes come in only one color: Sandstorm."])
    assert not verdict("24065", "Hover-1", "Helix", words="black hoverboard")
    assert verdict("24065", "Hover-1", "Helix", words="camouflage hoverboard").level == POSSIBLE
    assert verdict("24065", "Hover-1", "Helix", words="hoverboard").level == POSSIBLE  # no color named: can't tell


def test_brands_named_as_a_logo_or_before_a_quoted_product_name():
    found = brands("KHS America Recalls Children's Musical Instrument", [],
                   ["The Acme Tones 8-note Glockenspiel is an instrument. The Acme Tones logo is stamped on the back."])
    assert "Acme Tones" in found
    found = brands("Job Lot Recalls Garden Beds", [], ['This recall involves the Calipso "Combi" and Tiller & Rowe '
                                                      '"Growing Table-Mini Greenhouse" products. Model "AB-12" is '
                                                      'printed on the box.'])
    assert {"Calipso", "Tiller & Rowe"} <= set(found) and "Model" not in found
    assert verdict("16094", "Green Tones", "Monkey Glockenspiel").level == CONFIRMED
    assert verdict("24121", "Tiller & Rowe", "Growing Table Mini Greenhouse").level == CONFIRMED


def test_small_numbers_compare_as_digits_or_words_and_names_may_hold_them():
    assert names.printed(["5", "Drawer", "Dresser"], ["This recall involves Aiho five-drawer dressers."])
    assert names.printed(["Three", "Tier", "Cart"], ["the 3-tier carts"])
    assert not names.printed(["6", "Drawer", "Dresser"], ["This recall involves five-drawer dressers."])
    assert names.is_name("5-Drawer Dresser") and names.is_name("Momentum") and names.is_name("Sprocket 1 16")
    assert not any(names.is_name(m) for m in ("A3102", "3MGMR60BK", "Ref. 1374", "Blade 600 SE", "16"))
    assert verdict("25400", "Aiho", "5-Drawer Dresser").level == POSSIBLE  # model "AP23-W" not saved


def test_the_stored_path_probes_runs_with_small_numbers_both_ways():
    from tracker.alerts.candidates import printed_keys

    keys = printed_keys(["This recall involves Aiho five-drawer dressers."], capitalized=True)
    assert {"5DRAWERDRESSER", "F1VEDRAWERDRESSER"} <= keys
    assert "3T1ERCART" in printed_keys(["Acme 3-Tier Carts"]) and "THREET1ERCART" in printed_keys(["Acme 3-Tier Carts"])
    assert names.word_forms("05")[0] == "05" and names.printed(["Model", "05"], ["Model 05"])


def test_a_model_whose_last_characters_are_xs_stands_for_any_characters_there():
    from tracker.recalls.matching import family_match, wildcard_keys

    assert family_match("3MGMR60BK", "3MGMR60XXX") and family_match("3MGMR60WHT", "3MGMR60XXX")
    assert not family_match("3MGMR60BLKX", "3MGMR60XXX")  # (3MGMR60 alone is its family head: possible)
    assert not family_match("3MGMR61BK", "3MGMR60XXX") and not family_match("607KM12", "607KMXXXXXXX")  # 7 X's: no
    assert "3MGMR60XXX" in wildcard_keys("3MGMR60BK")  # the save direction's lookup
    fans = RecallFacts("26-000", {"acme"}, [RecallModel("3MGMR60XXX", "3MGMR60XXX")], names=["Acme Fans"])
    v = match(fans, ItemFacts("acme", "3MGMR60BK", "3MGMR60BK"))
    assert (v.level, v.rule) == (CONFIRMED, "model-wildcard")
    assert verdict("24094", "Visual Comfort", "3MGMR60BK").level == CONFIRMED


def test_childrens_size_lists_with_plain_numbers_and_shape_qualifiers_clash():
    text = "The pajamas were sold in children's sizes 2T, 3T, 4T, 5, 6 and 6X."
    assert names._kid_sizes(text, recall=True) == {"2T", "3T", "4T", "5", "6", "6X"}
    assert names.qualifier_clash("pink, size 8", ["Pajama Sets"], text) == (
        "the recall names sizes 2T, 3T, 4T, 5, 6, 6X and yours is size 8")
    assert not names.qualifier_clash("pink, size 3T", ["Pajama Sets"], text)
    assert not names._kid_sizes("Sold in sizes 10, 12 and 14.", recall=True)  # no toddler or youth size: not these
    beds = ["Platform Beds with Upholstered Square Tufted Headboards"]
    assert names.qualifier_clash("diamond tufted headboard", beds, "") == (
        "the recall names square ones and yours is diamond")
    assert not names.qualifier_clash("square tufted headboard", beds, "")
    assert not verdict("26257", "Andy & Evan", "Pajama Set", words="pink with white stripes, size 8")
    assert not verdict("24372", "Lucid", "Upholstered Platform Bed", words="diamond tufted headboard, queen")


def test_products_a_cited_safety_rule_is_for_are_not_the_recalled_product():
    title = "Mattresses Recalled Due to Suffocation; Violations of the Federal Safety Regulation for Crib Mattresses"
    kept = names.without_rule_names(title)
    assert "Crib" not in kept and "Mattresses Recalled" in kept
    assert names.without_rule_names("Violates Mandatory Standard for High Chairs; Sold on Amazon") == (
        "Violates Mandatory  ; Sold on Amazon")
    assert not verdict("24742", "Forias", "Crib Mattress", words="standard crib mattress")


def test_a_phone_number_glued_to_the_next_word_is_no_model_and_brands_run_to_four_words():
    assert not model_tokens(["March 11, 2010 CPSC Recall Hotline: (800) 638-2772CPSC Media Contact: (301) 504-7908"],
                            [], set())
    assert [t.text for t in model_tokens(["Hotline (800) 638-2772. Model TC83531DO is included."], [], set())] == [
        "TC83531DO"]
    from tracker.recalls.matching import brand_mentioned
    assert brand_mentioned("rudolphtherednosedreindeer", ["Bumble Snowman, Rudolph the Red-Nosed Reindeer Bracelets"])
    assert verdict("10162", "Buy-Rite Designs", "Rudolph Charm Bracelet").level == CONFIRMED


def test_a_model_year_table_gives_each_row_its_years():
    table = ("Recalled Bicycles: Brand Name Model Name Model Year Acme Townie 1 Step Thru 2026 Acme Racer 16 2024 and "
             "2026 Acme Racer 16 CB replacement wheel 2026")
    assert model_year_rows(table) == [{"years": [2026], "text": "Acme Townie 1 Step Thru"},
                                      {"years": [2024, 2026], "text": "Acme Racer 16"},
                                      {"years": [2026], "text": "Acme Racer 16 CB replacement wheel"}]
    assert not model_year_rows("Husqvarna Models Model Year GASGAS Models Model Year FE 350 2022 EC 250 2023")
    assert not model_year_rows("This recall involves model years 2022 and 2023 motorcycles.")
    assert not verdict("26088", "Trek", "Precaliber 16", words="2025 model year, coaster brake")
    assert verdict("26088", "Trek", "Precaliber 16", words="2024 kids bike").level == POSSIBLE


def test_a_prefix_every_serial_has_with_a_look_up_leaves_it_to_the_look_up():
    assert verdict("26088", "Electra", "Sprocket 1 16", serial="WTU284C01597R").rule == "serial-start-check"
    # "serial numbers beginning with the letter "T"" in the sentence that defines the recall is its limit
    assert verdict("26067", "Peloton", "PL02", serial="T123456789").level == CONFIRMED


def test_a_sale_window_for_the_products_named_in_its_parenthesis():
    sc = extract_scope([], ["Stores nationwide from January 2006 through July 2007 (cat necklace), and from July 2007 "
                            "through November 2007 (heart, and lock and key necklaces) for about $13."])
    assert [w.get("names") for w in sc["windows"]] == ["cat necklace", "heart, and lock and key necklaces"]
    lock = ItemFacts("acme", model_key("Lock and Key Necklace"), "Lock and Key Necklace")
    assert [w["start"] for w in scope_rules.windows_for(lock, sc["windows"], "sold")] == ["2007-07"]
    other = ItemFacts("acme", model_key("Star Necklace"), "Star Necklace")
    assert len(scope_rules.windows_for(other, sc["windows"], "sold")) == 2  # tied to neither: all of them
    assert not verdict("08200", "Pecoware", "Lock and Key Necklace", bought=date(2007, 3, 1))
    assert verdict("08200", "Pecoware", "Lock and Key Necklace", bought=date(2007, 8, 1)).level == CONFIRMED


def test_lot_ranges_of_a_lot_table_for_the_item_numbers_before_them():
    sent = ("The products have one of the following lot numbers on the label: Size Item Number Lot Number 1.0 Gallon "
            "Bottle 85010 17348 L24 - 23320 K26 1 Quart Trigger Sprayer 83032 / 83032A 17348 L24 - 23297 J49")
    sc = extract_scope([sent])
    assert sc["lot_ranges"] == [{"start": "17348 L24", "end": "23320 K26", "models": ["85010"]},
                                {"start": "17348 L24", "end": "23297 J49", "models": ["83032", "83032A"]}]
    assert [m.text for m in parse_record(real("24237")).models] == ["85004", "85032", "85010", "86010", "83032",
                                                                    "83032A"]  # no "L24", "K26" lot letters
    assert verdict("24237", "Super Lube", "85032", serial="21105 D12").level == CONFIRMED
    assert not verdict("24237", "Super Lube", "83032A", serial="24015 A08")  # after 23297 J49, its item's end
    assert "check the lot code" in verdict("24237", "Super Lube", "85032").reason
