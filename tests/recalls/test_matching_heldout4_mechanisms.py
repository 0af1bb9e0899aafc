"""Matcher mechanisms found by set #4 (used for tuning from round 5): pure rules first, then each on the real record
that showed it."""
from __future__ import annotations

from datetime import date

from tests.recalls.conftest import verdict
from tracker.recalls.scope import extract_scope
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
