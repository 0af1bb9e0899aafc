"""The hand-off to the cross-check: `workers.alerts.crosscheck_recall(recall_id)`, called directly."""
from __future__ import annotations

from tests.recalls.conftest import enqueued, ingest, real  # noqa: F401  (fixtures)
from tracker.recalls import service
from workers.alerts import crosscheck_recall
from workers.recalls import enqueue_crosschecks, requeue_crosschecks


def test_task_is_named_for_the_handoff():
    assert crosscheck_recall.name == "workers.alerts.crosscheck_recall"


def test_crosscheck_runs_once_per_version(ingest, enqueued):
    ingest([real("25056")])
    rid = service.find("25056").id
    assert crosscheck_recall(rid) == "checked"
    assert crosscheck_recall(rid) == "already"  # delivered twice: no second run
    amended = {**real("25056"), "LastPublishDate": "2025-01-15T00:00:00"}
    ingest([amended])
    assert crosscheck_recall(rid) == "checked" and service.find("25056").crosschecked_version == 2
    assert crosscheck_recall(999999) == "missing"


def test_requeue_heals_lost_enqueues(ingest, enqueued):
    ingest([real("25056"), real("26347")])
    crosscheck_recall(service.find("25056").id)
    enqueued.clear()
    assert requeue_crosschecks() == 1 and enqueued == [service.find("26347").id]


def test_a_broker_failure_is_logged_not_raised(monkeypatch, caplog):
    def down(rid):
        raise ConnectionError("broker down")

    monkeypatch.setattr(crosscheck_recall, "delay", down)
    assert enqueue_crosschecks([1, 1, 2]) == 0 and "could not enqueue crosscheck for recall 1" in caplog.text
