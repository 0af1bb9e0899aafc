"""matching.scope_reads: the cross-check caches one verdict per distinct set of the item fields match() reads for a
recall; serial numbers and purchase dates count only when the recall's scope limits them. Proven on every labeled
case: changing a field the recall doesn't read leaves the verdict (level, reason, rule) byte-identical."""
import json
from dataclasses import replace
from datetime import date

from tracker.recalls import evaluate
from tracker.recalls.facts import facts_from_parsed
from tracker.recalls.matching import match, scope_reads
from tracker.recalls.parsing import parse_record


CASE_FILES = sorted(evaluate.CASES.parent.glob("*cases.json"))  # labeled (tuning) and held-out sets


def labeled_pairs():
    for path in CASE_FILES:
        yield from _pairs(path)


def _pairs(path):
    labeled = json.loads(path.read_text())
    files: dict[str, dict] = {}
    for rec in labeled["recalls"]:
        if rec["file"] not in files:
            raw = json.loads((evaluate.DATA / rec["file"]).read_text(encoding="utf-8"))
            files[rec["file"]] = {str(r.get("RecallNumber")): r for r in raw}
        facts = facts_from_parsed(parse_record(files[rec["file"]][rec["recall"]]))
        for case in rec["cases"]:
            yield facts, evaluate.item_from_case(case)


def test_fields_a_recall_does_not_read_do_not_change_its_verdict():
    checked = 0
    for facts, item in labeled_pairs():
        reads = scope_reads(facts)
        before = match(facts, item)
        if "serial" not in reads:
            for serial in ("", "X1", "1234567890123456"):
                assert match(facts, replace(item, serial=serial)) == before
        if "purchase_date" not in reads:
            for bought in (None, date(1990, 1, 1), date(2030, 1, 1)):
                assert match(facts, replace(item, purchase_date=bought)) == before
        checked += 1
    assert checked >= 100


def test_scope_reads_names_the_limits():
    from tracker.recalls.matching import RecallFacts

    facts = lambda scope: RecallFacts("1", {"x"}, [], scope=scope)  # noqa: E731
    assert scope_reads(facts({})) == frozenset()
    assert scope_reads(facts({"serial_length": 16, "windows": [{"start": "2023-03"}]})) == {"serial", "purchase_date"}
    assert scope_reads(facts({"serial_ranges": [{"start": "1", "end": "2"}]})) == {"serial"}
    assert scope_reads(facts({"lot_codes": ["L123"]})) == {"serial"}  # lot codes are saved in the serial field
