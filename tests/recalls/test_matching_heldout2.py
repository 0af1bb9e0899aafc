"""Matching quality on set #2 — NOW USED FOR TUNING, so an in-sample figure, no longer held-out: 48 real CPSC recalls
in neither labeled_cases.json nor heldout_cases.json, picked by position (see the "about" in heldout2_cases.json),
labeled by reading the recall text and committed before the matcher was first run on them.

First measured (before the second parser round): precision 0.828, recall 0.596, level accuracy 0.672; after it
(still held-out): 0.800, 0.764, 0.703. The third round (branch tune3) then fixed the general causes of this set's
errors — the labels were not edited — and reaches 0.920, 0.899, 0.891. The floors are those rounded down to 0.05
steps, so the test only catches a regression; the honest figure is the next held-out set (#3), labeled by someone
else and never read while tuning. `python -m tracker.recalls.evaluate --cases tests/recalls/heldout2_cases.json`
lists every remaining mismatch."""
import json
from pathlib import Path

from tracker.recalls import evaluate

DATA = Path(__file__).resolve().parents[1] / "data" / "recalls"
CASES = Path(__file__).with_name("heldout2_cases.json")
OTHERS = [Path(__file__).with_name("labeled_cases.json"), Path(__file__).with_name("heldout_cases.json")]
PRECISION_FLOOR, RECALL_FLOOR, LEVEL_FLOOR = 0.90, 0.85, 0.85


def test_heldout2_is_disjoint_from_the_other_sets():
    held = {r["recall"] for r in json.loads(CASES.read_text())["recalls"]}
    others = {r["recall"] for p in OTHERS for r in json.loads(p.read_text())["recalls"]}
    assert len(held) == 48 and not held & others


def test_heldout2_figures(capsys):
    f = evaluate.figures(evaluate.run(CASES, DATA))
    with capsys.disabled():
        print(f"\nset #2 (tuned): precision {f['precision']:.3f} recall {f['recall']:.3f} "
              f"level accuracy {f['level_accuracy']:.3f} ({f['cases']} cases)")
    assert f["cases"] == 192
    assert f["precision"] >= PRECISION_FLOOR and f["recall"] >= RECALL_FLOOR and f["level_accuracy"] >= LEVEL_FLOOR
