"""Matching quality on set #3, NO LONGER HELD-OUT: 48 real CPSC recalls in none of labeled_cases.json,
heldout_cases.json and heldout2_cases.json, picked by position (see the "about" in heldout3_cases.json), labeled by
reading the recall text and committed before the matcher was first run on them.

Measured honestly first (main at 2c1102d, before the third parser round): precision 0.788 (21 false alerts), recall
0.812 (18 missed), level accuracy 0.682; after the third round (tuned on set #2 by someone who never read this file):
0.813 / 0.906 / 0.771. The fourth round (branch tune4) was tuned on this set, so these are in-sample figures now:
precision 0.903 (10 false), recall 0.969 (3 missed), level accuracy 0.885. The floors are those rounded down to 0.05
steps, so the test only catches a regression."""
import json
from pathlib import Path

from tracker.recalls import evaluate

DATA = Path(__file__).resolve().parents[1] / "data" / "recalls"
CASES = Path(__file__).with_name("heldout3_cases.json")
OTHERS = [Path(__file__).with_name(n) for n in ("labeled_cases.json", "heldout_cases.json", "heldout2_cases.json")]
EXPECT = {"confirmed", "possible", "none"}
PRECISION_FLOOR, RECALL_FLOOR, LEVEL_FLOOR = 0.90, 0.95, 0.85


def test_heldout3_is_disjoint_from_the_other_sets():
    recalls = json.loads(CASES.read_text())["recalls"]
    held = {r["recall"] for r in recalls}
    others = {r["recall"] for p in OTHERS for r in json.loads(p.read_text())["recalls"]}
    assert len(recalls) == 48 and len(held) == 48 and not held & others
    assert all(len(r["cases"]) == 4 for r in recalls)
    assert all(c["expect"] in EXPECT and c["model_number"] for r in recalls for c in r["cases"])


def test_heldout3_figures(capsys):
    f = evaluate.figures(evaluate.run(CASES, DATA))
    with capsys.disabled():
        print(f"\nheld-out #3: precision {f['precision']:.3f} recall {f['recall']:.3f} "
              f"level accuracy {f['level_accuracy']:.3f} ({f['cases']} cases)")
    assert f["cases"] == 192
    assert f["precision"] >= PRECISION_FLOOR and f["recall"] >= RECALL_FLOOR and f["level_accuracy"] >= LEVEL_FLOOR
