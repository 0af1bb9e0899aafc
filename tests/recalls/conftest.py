"""Recall fixtures: the real CPSC records (tests/data/recalls, copied from shared/data/recalls), and a recorder for
cross-check enqueues."""
from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "recalls" / "cpsc"
RECENT = DATA / "cpsc_api_recalls_2023-12_to_2026-03.json"


@lru_cache
def _load(name: str) -> list:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def real_records() -> list[dict]:
    """The 899 real API records (a fresh deep copy)."""
    return copy.deepcopy(_load(RECENT.name))


def real(number: str) -> dict:
    """One real record by RecallNumber, from any of the API-format files."""
    for name in (RECENT.name, "cpsc_api_sample_1976-2017_xdgov_utf8_repaired.json",
                 "cpsc_api_query_RecallDescription_BlueStar_2018-09-26_gsa_cassette.json",
                 "cpsc_reconstructed_by_source_repo_3_records.json"):
        for r in _load(name):
            if r.get("RecallNumber") == number:
                return copy.deepcopy(r)
    raise KeyError(number)


def verdict(number: str, brand: str, model: str = "", words: str = "", serial: str = "", bought=None):
    """The matcher's verdict for a product saved with these fields against real record `number` (parsed fresh)."""
    from tracker.normalize import brand_key, model_key
    from tracker.recalls.facts import facts_from_parsed
    from tracker.recalls.matching import ItemFacts, match
    from tracker.recalls.parsing import parse_record

    item = ItemFacts(brand_key(brand), model_key(model), model, serial=serial, purchase_date=bought, words=words,
                     brand_name=brand)
    return match(facts_from_parsed(parse_record(real(number))), item)


@pytest.fixture()
def enqueued(monkeypatch) -> list[int]:
    """Recall ids handed to workers.alerts.crosscheck_recall (recorded instead of sent to a broker)."""
    from workers.alerts import crosscheck_recall

    sent: list[int] = []
    monkeypatch.setattr(crosscheck_recall, "delay", lambda rid: sent.append(rid))
    return sent


@pytest.fixture()
def ingest(db, enqueued):
    """Import records the way the CLI does (commit per batch, then enqueue); returns the run."""
    from tracker.recalls import runner
    from workers.recalls import enqueue_crosschecks

    def run(records: list, source: str = "test"):
        return runner.import_records(records, source, enqueue_crosschecks)

    return run
