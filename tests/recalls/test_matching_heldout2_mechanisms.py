"""Matcher mechanisms found by held-out set #2 (now used for tuning): pure rules first, then each on the real record
that showed it."""
from __future__ import annotations

from datetime import date

from tests.recalls.conftest import verdict
from tracker.recalls import names
from tracker.recalls.matching import CONFIRMED, POSSIBLE


def test_printed_model_plural_ampersand_and_folded_spacing():
    assert names.printed_model("Pack and Play Mattress", ["Magik & Kover Pack and Play Mattresses"])
    assert names.printed_model("Pink & Gray Sloth", ['Cozchique "Pink & Gray Sloth", "Cherry"'])
    assert names.printed_model("batpak2f", ["models BP125, BatPak 2F and BatPak 3F"])
    assert not names.printed_model("batpak4f", ["models BP125, BatPak 2F and BatPak 3F"])
    assert names.printed_model("P2WL", ["models HRL-LF, P2WL-LF"])
    assert not names.printed_model("P2WL", ["models HRL-LF, P2WL-LF"], alone=True)
    assert names.printed_model("HWL-LF", ["models HWL-LF, HWL-LF-BP10"], alone=True)


def test_real_records_printed_models():
    assert verdict("26002", "Kogalla", "batpak2f").level == CONFIRMED
    assert not verdict("24158", "System Sensor", "P2WL", words="horn strobe")  # only the -LF models are recalled
    assert verdict("24158", "System Sensor", "HWL-LF").level == POSSIBLE  # date codes 3034/3035 not saved
    assert verdict("24738", "Magik & Kover", "Pack and Play Mattress", serial="221002US").level == CONFIRMED
    assert verdict("25113", "Cozchique", "Pink & Gray Sloth").level == POSSIBLE  # batch not saved
    assert not verdict("25113", "Beeziac", "Blue Avocado", serial="20240610TTL")  # not a recalled batch


def test_codes_and_dates_saved_in_the_serial_field_on_real_records():
    assert verdict("26202", "Magellan Outdoors", "177296", serial="08/2025").level == CONFIRMED
    assert not verdict("26202", "Magellan Outdoors", "177296", serial="03/2025")
    assert verdict("24729", "Vibe Bear", "YX-B17", serial="2022.11").level == CONFIRMED
    assert not verdict("24729", "Vibe Bear", "yxb17", serial="2022.06")
    assert verdict("24158", "Honeywell", "HRL-LF-BP10", serial="3035").level == CONFIRMED
    assert not verdict("24158", "System Sensor", "P2WL-LF", serial="3101")


def test_sale_windows_on_real_records():
    assert not verdict("26002", "Kogalla", "BatPak 3F", bought=date(2024, 7, 1))  # BatPak3F sold from August 2024
    assert verdict("26002", "Kogalla", "BP125", bought=date(2024, 7, 1)).level == CONFIRMED
    assert not verdict("10735", "The Children's Place", "567844", bought=date(2010, 2, 15))  # "Sold exclusively at:"
    assert not verdict("94024", "Southern Enterprises", "BB-106-2", bought=date(1989, 6, 1))  # "to present"
    assert not verdict("25415", "KidKraft", "53411", bought=date(2017, 10, 1))  # "from 2018 through July 2025"


def test_a_model_whose_code_is_in_a_printed_list_of_variants():
    t = ["This recall involves HolaBelle NextGen 10-inch, 12-inch, 16-inch and 20-inch children's bicycles."]
    assert names.listed_variant("NextGen 20", t) and not names.listed_variant("NextGen 24", t)
    assert verdict("24104", "HolaBelle", "NextGen 20", bought=date(2021, 7, 1)).level == CONFIRMED
    assert not verdict("24104", "HolaBelle", "NextGen 24")
    assert verdict("24318", "KRISS VECTOR", "Victor Electric").level == CONFIRMED  # brand printed on the toy


def test_letter_size_clash():
    text = "The recalled helmets were sold in size medium (M), fitting a head circumference of about 20.5 inches."
    assert "size M" in names.qualifier_clash("kids helmet size S pink", ["Semfri Children's Helmets"], text)
    assert names.qualifier_clash("kids helmet size M blue", ["Semfri Children's Helmets"], text) == ""
    assert names.qualifier_clash("jacket size M", ["Rain Jackets"], "sold in youth sizes XS through L.") == ""
    assert not verdict("26239", "Semfri", "Multi-Purpose Helmet", words="kids helmet size S pink")
    assert verdict("26239", "Semfri", "Multi-Purpose Helmet", words="kids helmet size M blue").level == CONFIRMED
