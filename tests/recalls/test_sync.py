"""`recalls sync` against a local HTTP server serving real records: windows, retries, watermark."""
from __future__ import annotations

from datetime import date

import pytest
from werkzeug import Response

from tests.recalls.conftest import real, real_records
from tracker.models.recalls import SyncState
from tracker.recalls import runner, service
from tracker.recalls.sources.cpsc import CPSCClient, CPSCError, windows
from workers.recalls import enqueue_crosschecks


@pytest.fixture()
def cpsc(httpserver, app):
    """The CPSC API stand-in: serves `records` filtered by LastPublishDateStart/End, like the real one."""
    state = {"records": real_records()[:120], "fail": 0, "queries": []}

    def handler(request):
        state["queries"].append(dict(request.args))
        if state["fail"]:
            state["fail"] -= 1
            return Response("boom", status=500)
        lo, hi = request.args.get("LastPublishDateStart", ""), request.args.get("LastPublishDateEnd", "9999")
        out = [r for r in state["records"] if lo <= r["LastPublishDate"][:10] <= hi]
        return Response(__import__("json").dumps(out), content_type="application/json")

    httpserver.expect_request("/RestWebServices/Recall").respond_with_handler(handler)
    app.config.update(CPSC_API_URL=httpserver.url_for("/RestWebServices/Recall"), CPSC_BACKOFF=0.001,
                      CPSC_RETRIES=3, CPSC_SYNC_WINDOW_DAYS=365)
    yield state
    app.config.update(CPSC_BACKOFF=1.0, CPSC_RETRIES=4)


def test_windows_cover_the_range_and_the_last_is_open():
    got = list(windows(date(2023, 1, 1), date(2025, 6, 1), 365))
    assert got[0] == (date(2023, 1, 1), date(2023, 12, 31)) and got[-1][1] is None and len(got) == 3


def test_sync_pulls_in_date_windows_through_500s_and_moves_the_watermark(cpsc, db, enqueued):
    cpsc["fail"] = 2
    run = runner.sync(enqueue_crosschecks, since=date(2023, 1, 1), today=date(2026, 3, 30))
    assert run.status == "ok" and run.imported == 120 and len(enqueued) == 120
    assert [q.get("LastPublishDateStart") for q in cpsc["queries"][:3]] == ["2023-01-01"] * 3  # 2 x 500, then 200
    assert cpsc["queries"][-1].get("LastPublishDateEnd") is None
    assert db.session.get(SyncState, "cpsc").watermark == date(2026, 3, 30)


def test_second_sync_is_incremental_and_picks_up_an_amended_record(cpsc, db, enqueued):
    runner.sync(enqueue_crosschecks, since=date(2023, 1, 1), today=date(2026, 3, 30))
    enqueued.clear()
    cpsc["queries"].clear()
    amended = real("25056")
    amended.update(LastPublishDate="2026-03-31T00:00:00", Title=amended["Title"] + " (Updated)")
    cpsc["records"].append(amended)
    run = runner.sync(enqueue_crosschecks, today=date(2026, 4, 2))
    assert cpsc["queries"] == [{"format": "json", "LastPublishDateStart": "2026-03-30"}]
    assert (run.imported, run.updated) == (1, 0) or (run.imported, run.updated) == (0, 1)
    assert service.find("25056").title.endswith("(Updated)") and enqueued == [service.find("25056").id]


def test_failed_sync_keeps_the_watermark_and_records_the_failure(cpsc, db, enqueued):
    db.session.add(SyncState(source="cpsc", watermark=date(2026, 1, 1)))
    db.session.commit()
    cpsc["fail"] = 10
    run = runner.sync(enqueue_crosschecks, today=date(2026, 3, 30))
    assert run.status == "failed" and "after 4 attempts" in run.message
    assert db.session.get(SyncState, "cpsc").watermark == date(2026, 1, 1) and enqueued == []


def test_client_fails_fast_on_4xx_and_non_json(httpserver):
    httpserver.expect_request("/a").respond_with_data("nope", status=404)
    httpserver.expect_request("/b").respond_with_data("<html>", content_type="text/html")
    with pytest.raises(CPSCError, match="HTTP 404"):
        CPSCClient(httpserver.url_for("/a"), backoff=0).fetch()
    with pytest.raises(CPSCError, match="isn't JSON"):
        CPSCClient(httpserver.url_for("/b"), backoff=0).fetch()


def test_client_times_out_and_retries(httpserver):
    import time as _time

    httpserver.expect_request("/slow").respond_with_handler(lambda r: (_time.sleep(0.5), Response("[]"))[1])
    sleeps: list[float] = []
    client = CPSCClient(httpserver.url_for("/slow"), timeout=0.1, retries=2, backoff=0.5, sleep=sleeps.append)
    with pytest.raises(CPSCError, match="3 attempts"):
        client.fetch()
    assert sleeps == [0.5, 1.0]
