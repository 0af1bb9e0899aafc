"""Matching quality on real CPSC records: every labeled saved product in labeled_cases.json goes through the parser
and the matcher; precision and recall of "alert" (confirmed or possible) and level accuracy must stay above floors.

The labels come from reading the recall text, not from the matcher. Remaining misses and false alerts are listed by
`python -m tracker.recalls.evaluate`; most are parser limits (see the README's "Matching quality")."""
import json
from datetime import date
from pathlib import Path

import pytest

from tracker.normalize import brand_key, model_key
from tracker.recalls import evaluate
from tracker.recalls.facts import facts_from_columns, facts_from_parsed
from tracker.recalls.matching import CONFIRMED, POSSIBLE, ItemFacts, match
from tracker.recalls.parsing import parse_record

DATA = Path(__file__).resolve().parents[1] / "data" / "recalls"
CASES = Path(__file__).with_name("labeled_cases.json")
PRECISION_FLOOR, RECALL_FLOOR, LEVEL_FLOOR = 0.99, 0.99, 0.98



@pytest.fixture(scope="module")
def outcomes():
    return evaluate.run(CASES, DATA)


def test_labeled_set_size():
    labeled = json.loads(CASES.read_text())
    cases = [c for r in labeled["recalls"] for c in r["cases"]]
    assert len({r["recall"] for r in labeled["recalls"]}) >= 40 and len(cases) >= 100
    assert {c["expect"] for c in cases} == {"confirmed", "possible", "none"}
    assert all(c.get("why") for c in cases)


def test_precision_recall_and_level_accuracy(outcomes, capsys):
    f = evaluate.figures(outcomes)
    with capsys.disabled():
        print("\n" + evaluate.summary(outcomes))
    assert f["precision"] >= PRECISION_FLOOR
    assert f["recall"] >= RECALL_FLOOR
    assert f["level_accuracy"] >= LEVEL_FLOOR


def _anker():
    raw = json.loads((DATA / "cpsc" / "cpsc_api_recall_25056_anker_soundcore_A3102_A3302.json").read_text())
    return facts_from_parsed(parse_record(raw[0] if isinstance(raw, list) else raw))


def test_25056_owner_with_a_16_digit_serial_gets_a_possible_alert_that_says_where():
    item = ItemFacts(brand_key("Anker"), model_key("A3102"), "A3102", serial="AK31021234567890",
                     purchase_date=date(2023, 5, 2), brand_name="Anker")
    v = match(_anker(), item)
    assert v.level == POSSIBLE
    assert v.reason.startswith("Model A3102 is named in recall 25-056; the recall covers only units with a "
                               "qualifying SN code")
    assert "Anker's site (https://www.anker.com/product-recalls)" in v.reason and "underside" in v.reason


def test_25056_soundcore_3_owner_gets_none():
    v = match(_anker(), ItemFacts(brand_key("Soundcore"), model_key("A3117"), "A3117", brand_name="Soundcore"))
    assert v.level is None


def test_stored_columns_give_the_same_facts_as_the_parse():
    raw = json.loads((DATA / "cpsc" / "cpsc_api_recall_25056_anker_soundcore_A3102_A3302.json").read_text())
    p = parse_record(raw[0] if isinstance(raw, list) else raw)
    rows = [(m.key, m.text, m.excluded) for m in p.models]  # recall_model_keys: model_key, text, excluded
    stored = facts_from_columns("25056", rows, p.brands, p.upcs, json.loads(json.dumps(p.scope)),
                                names=[p.title, *p.products], text=p.description)
    assert stored == facts_from_parsed(p)
    assert stored.maker == "Anker" and stored.number == "25-056"
    item = ItemFacts(brand_key("AnkerWork"), model_key("A3302"), "A3302", brand_name="AnkerWork")
    assert match(stored, item).level == POSSIBLE and match(stored, item).level != CONFIRMED
