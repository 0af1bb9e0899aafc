"""Matcher mechanisms found by held-out set #1, each on the real record that showed it."""
from __future__ import annotations

from datetime import date

from tests.recalls.conftest import verdict
from tracker.recalls.matching import CONFIRMED, POSSIBLE


def test_model_printed_in_the_recall_words():
    assert verdict("26220", "Trek", "FX+ 1 Midstep", words="2026 e-bike", bought=date(2025, 6, 15)).level == CONFIRMED
    assert verdict("25244", "Santa Cruz", "Heckler 9").rule == "model-printed"
    assert verdict("26122", "Outdoor Master", "OM-TD BIKE").level == CONFIRMED
    assert verdict("25428", "Altafit", "AF28").level == CONFIRMED


def test_sibling_model_is_not_the_recalled_one():
    assert not verdict("26220", "Trek", "FX+ 2", words="e-bike")  # the recall prints FX+ 1 / FX+ 1S


def test_series_name_in_front_of_a_listed_model():
    v = verdict("24369", "Polaris", "Sportsman XP 1000", words="2024 ATV")  # (no year saved: the year is asked too)
    assert v.level == POSSIBLE and v.rule == "model-series"
    assert not verdict("24369", "Polaris", "RZR XP 1000")  # "RZR" is not printed in the recall


def test_qualifier_clashes_in_the_member_words():
    assert not verdict("26053", "Grundens", "Clipper 282", words="adult men's rain jacket size L")
    assert verdict("26053", "Grundens", "Clipper 282", words="youth rain jacket size 10").level == CONFIRMED
    assert not verdict("25397", "Diamond G Forest Products", words="gum spirits of turpentine 16 oz")
    assert verdict("25397", "Diamond G Forest Products", words="gum spirits of turpentine 4 oz")
    assert not verdict("25094", "HallyBee", words="farmhouse 3-drawer nightstand")
    assert not verdict("24272", "JoyJolt", words="Declan double wall glass mug")
    assert verdict("24202", "Randder", words="fuel bottle 1.5 L")  # 1500mL in the recall


def test_kids_is_children():
    assert verdict("24233", "SIORO", words="kids hooded terry robe light pink size 6-7").level == CONFIRMED


def test_parsed_scope_now_decides():
    assert not verdict("25157", "Prestige", "PT175", serial="PT0060000")  # outside both PT175 ranges
    assert verdict("25157", "Aerco", "PT399ES", serial="AE1200").level == CONFIRMED
    assert verdict("25157", "Triangle Tube", "PA250").level == POSSIBLE  # no serial saved
    assert not verdict("25061", "Belkin", "BPD005", serial="35S12345678901")
    assert verdict("25212", "AmesburyTruth", "2003558").level == POSSIBLE  # boxes dated Apr-Dec 2024
    assert verdict("24176", "Purefog", "B0BG4L3997", serial="623-PFHD").level == CONFIRMED
    assert verdict("25324", "Direct Scaffold Supply", "mpisu-bfl").level == POSSIBLE
    assert not verdict("25324", "Direct Scaffold Supply", "MPISUS+AHD", serial="A21WM100")
