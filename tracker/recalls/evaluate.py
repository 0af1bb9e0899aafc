"""Matching quality on the labeled real-record set: parse each recall, match each saved product, compare with the
label. `python -m tracker.recalls.evaluate [--all] [--cases PATH]` prints the figures and every case the matcher
gets wrong (PATH: another labeled file, e.g. tests/recalls/heldout_cases.json; default labeled_cases.json)."""
from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tracker.normalize import brand_key, model_key, upc_key
from tracker.recalls.facts import facts_from_parsed
from tracker.recalls.matching import ItemFacts, Verdict, match
from tracker.recalls.parsing import parse_record

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "recalls" / "labeled_cases.json"
DATA = ROOT / "tests" / "data" / "recalls"  # real records, copied from shared/data/recalls


@dataclass
class Outcome:
    recall: str
    case: dict
    verdict: Verdict

    @property
    def got(self) -> str:
        return self.verdict.level or "none"


def item_from_case(case: dict) -> ItemFacts:
    """A saved product as the member typed it -> the keys the matcher compares."""
    bought = case.get("purchase_date")
    return ItemFacts(brand_key(case.get("brand")), model_key(case.get("model_number")), case.get("model_number", ""),
                     serial=case.get("serial_number", ""), purchase_date=date.fromisoformat(bought) if bought else None,
                     upc_key=upc_key(case.get("upc")), words=case.get("words", ""), brand_name=case.get("brand", ""))


def run(cases_path: Path = CASES, data_dir: Path = DATA) -> list[Outcome]:
    """Every labeled case through parser and matcher."""
    labeled = json.loads(cases_path.read_text())
    files: dict[str, dict] = {}
    out = []
    for rec in labeled["recalls"]:
        if rec["file"] not in files:
            raw = json.loads((data_dir / rec["file"]).read_text(encoding="utf-8"))
            files[rec["file"]] = {str(r.get("RecallNumber")): r for r in raw}
        facts = facts_from_parsed(parse_record(files[rec["file"]][rec["recall"]]))
        out += [Outcome(rec["recall"], c, match(facts, item_from_case(c))) for c in rec["cases"]]
    return out


def figures(outcomes: list[Outcome]) -> dict:
    """Precision and recall of "alert" (confirmed or possible) against "none", and level accuracy."""
    tp = sum(o.got != "none" and o.case["expect"] != "none" for o in outcomes)
    fp = sum(o.got != "none" and o.case["expect"] == "none" for o in outcomes)
    fn = sum(o.got == "none" and o.case["expect"] != "none" for o in outcomes)
    exact = sum(o.got == o.case["expect"] for o in outcomes)
    return {"recalls": len({o.recall for o in outcomes}), "cases": len(outcomes), "tp": tp, "fp": fp, "fn": fn,
            "tn": len(outcomes) - tp - fp - fn, "precision": tp / ((tp + fp) or 1), "recall": tp / ((tp + fn) or 1),
            "level_accuracy": exact / (len(outcomes) or 1)}


def summary(outcomes: list[Outcome], show_all: bool = False) -> str:
    """The figures as a table, then the mismatched cases (or all of them)."""
    f = figures(outcomes)
    lines = [f"recalls {f['recalls']}  cases {f['cases']}  (alert = confirmed or possible)",
             f"  alert precision {f['precision']:.3f}   alert recall {f['recall']:.3f}   "
             f"level accuracy {f['level_accuracy']:.3f}",
             f"  true alerts {f['tp']}  false alerts {f['fp']}  missed alerts {f['fn']}  true none {f['tn']}", ""]
    levels = ("confirmed", "possible", "none")
    lines.append("expected \\ got   " + "".join(f"{lv:>11}" for lv in levels))
    for want in levels:
        row = [sum(o.case["expect"] == want and o.got == got for o in outcomes) for got in levels]
        lines.append(f"{want:<16} " + "".join(f"{n:>11}" for n in row))
    shown = [o for o in outcomes if show_all or o.got != o.case["expect"]]
    lines += ["", f"{'mismatched' if not show_all else 'all'} cases: {len(shown)}"]
    for o in shown:
        c = o.case
        saved = " ".join(f"{k}={c[k]!r}" for k in ("brand", "model_number", "serial_number", "purchase_date", "upc",
                                                    "words") if c.get(k))
        lines.append(f"- {o.recall} [{saved}] expected {c['expect']}, got {o.got} ({o.verdict.rule}): {c['why']}")
        lines.append(f"    reason: {o.verdict.reason}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--all", action="store_true", help="print every case, not only the mismatched ones")
    ap.add_argument("--cases", type=Path, default=CASES, help="labeled cases file (default: labeled_cases.json)")
    args = ap.parse_args()
    print(summary(run(args.cases), show_all=args.all))


if __name__ == "__main__":
    main()
