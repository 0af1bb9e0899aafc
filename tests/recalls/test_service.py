"""Ingestion: upsert, idempotent re-import, amended records, malformed records, runs, the cross-check hand-off."""
from __future__ import annotations

from sqlalchemy import func, select

from tests.recalls.conftest import real, real_records
from tracker.models.recalls import IngestionRun, Recall, RecallChange, RecallModelKey
from tracker.recalls import service


def test_import_all_real_records_then_reimport_changes_nothing(ingest, enqueued, db):
    records = real_records()
    run = ingest(records)
    assert (run.imported, run.updated, run.unchanged, run.errors, run.status) == (len(records), 0, 0, 0, "ok")
    assert len(enqueued) == len(records) == len(set(enqueued))
    enqueued.clear()
    again = ingest(real_records())
    assert (again.imported, again.updated, again.unchanged) == (0, 0, len(records))
    assert enqueued == []
    assert db.session.scalar(select(func.count()).select_from(Recall)) == len(records)
    hits = select(Recall.recall_number).join(RecallModelKey).where(RecallModelKey.model_key == "A3102")
    assert db.session.scalars(hits).all() == ["25056"]


def test_amended_record_is_updated_noted_and_handed_off_once(ingest, enqueued, db):
    ingest([real("25056"), real("26347")])
    first = service.find("25-056")
    enqueued.clear()
    amended = real("25056")
    amended["LastPublishDate"] = "2025-01-15T00:00:00"
    amended["Description"] += " Model A3102099 is not included in this recall."
    run = ingest([amended, real("26347")])
    assert (run.imported, run.updated, run.unchanged) == (0, 1, 1)
    recall = service.find("25056")
    assert recall.id == first.id and recall.version == 2 and enqueued == [recall.id]
    change = db.session.scalars(select(RecallChange)).one()
    assert "2024-12-05 -> 2025-01-15" in change.summary and change.fields == ["Description", "LastPublishDate"]
    assert any(m.model_key == "A3102099" and m.excluded for m in recall.model_keys)
    enqueued.clear()
    assert ingest([amended]).unchanged == 1 and enqueued == []


def test_an_older_copy_never_overwrites_a_newer_one(ingest, enqueued):
    newer = real("25056")
    newer["LastPublishDate"] = "2025-02-01T00:00:00"
    ingest([newer])
    run = ingest([real("25056")])
    assert run.unchanged == 1 and service.find("25056").last_publish_date.year == 2025


def test_malformed_records_are_counted_with_their_number_and_the_rest_ingested(ingest, enqueued, db):
    good = [real("25056"), real("26347")]
    bad = [{"RecallID": 1, "Title": "No number"},
           {"RecallNumber": "99011", "RecallDate": "not-a-date", "Title": "Bad date"},
           {"RecallNumber": "99012", "RecallDate": "2025-02-01", "Title": "Bad", "Products": "oops"}, "just a string",
           {**real("26199"), "RecallNumber": "99013", "RecallID": 10099}]  # RecallID of 25056
    run = ingest([good[0], *bad[:3], good[1], *bad[3:]])
    assert (run.imported, run.errors) == (2, 5)
    numbers = [e["recall_number"] for e in run.error_details]
    assert "99011" in numbers and "99012" in numbers and "99013" in numbers
    assert db.session.get(IngestionRun, run.id).error_details[1]["error"].startswith("bad RecallDate")


def test_duplicate_number_within_one_batch_is_one_recall(ingest, enqueued):
    a, b = real("25056"), real("25056")
    b["LastPublishDate"] = "2025-01-15T00:00:00"
    run = ingest([a, b])
    assert (run.imported, run.updated) == (1, 1) and service.find("25056").version == 2
