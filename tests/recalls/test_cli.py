"""`flask recalls import` and `flask recalls sync` as an operator runs them."""
from __future__ import annotations

import json

from tests.recalls.conftest import real


def test_import_prints_the_contract_summary_and_reports_bad_records(app, tmp_path, enqueued):
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([real("25056"), {"RecallNumber": "99011", "RecallDate": "x", "Title": "t"}, 7]))
    result = app.test_cli_runner(mix_stderr=False).invoke(args=["recalls", "import", str(path)]) \
        if _mix_stderr_supported() else app.test_cli_runner().invoke(args=["recalls", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == "imported=1 updated=0 unchanged=0 errors=2"
    assert "error: recall 99011: bad RecallDate 'x'" in result.output + getattr(result, "stderr", "")
    again = app.test_cli_runner().invoke(args=["recalls", "import", str(path)])
    assert again.stdout.strip().splitlines()[-1] == "imported=0 updated=0 unchanged=1 errors=2"


def _mix_stderr_supported() -> bool:
    import inspect

    from click.testing import CliRunner

    return "mix_stderr" in inspect.signature(CliRunner.__init__).parameters


def test_broken_json_is_one_clear_line_and_nonzero(app, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"this is": not json')
    result = app.test_cli_runner().invoke(args=["recalls", "import", str(path)])
    assert result.exit_code == 1 and "is not valid JSON" in result.output and "Traceback" not in result.output
    missing = app.test_cli_runner().invoke(args=["recalls", "import", str(tmp_path / "nope.json")])
    assert missing.exit_code == 1 and "cannot read" in missing.output


def test_not_an_array_and_invalid_utf8(app, tmp_path, enqueued):
    path = tmp_path / "obj.json"
    path.write_text('{"results": 1}')
    assert "expected a JSON array" in app.test_cli_runner().invoke(args=["recalls", "import", str(path)]).output
    latin = tmp_path / "latin.json"
    latin.write_bytes(json.dumps([real("25056")]).replace("Soundcore", "Sound\\u00e9core").encode()
                      .replace(b"\\u00e9", b"\xe9"))
    result = app.test_cli_runner().invoke(args=["recalls", "import", str(latin)])
    assert result.exit_code == 0 and result.output.strip().endswith("imported=1 updated=0 unchanged=0 errors=0")


def test_sync_failure_exits_nonzero(app, httpserver, enqueued):
    httpserver.expect_request("/Recall").respond_with_data("down", status=503)
    app.config.update(CPSC_API_URL=httpserver.url_for("/Recall"), CPSC_RETRIES=1, CPSC_BACKOFF=0.001)
    try:
        result = app.test_cli_runner().invoke(args=["recalls", "sync", "--since", "2026-01-01"])
    finally:
        app.config.update(CPSC_RETRIES=4, CPSC_BACKOFF=1.0, CPSC_API_URL="http://127.0.0.1:9/none")
    assert result.exit_code == 1 and "sync failed: CPSC API failed after 2 attempts: HTTP 503" in result.output


def test_demo_load_brings_real_recalls_idempotently(app, enqueued):
    first = app.test_cli_runner().invoke(args=["demo", "load"])
    assert "demo recalls: imported=68 updated=0 unchanged=0 errors=0" in first.output
    again = app.test_cli_runner().invoke(args=["demo", "load"])
    assert "demo recalls: imported=0 updated=0 unchanged=68 errors=0" in again.output


def test_reparse_gives_changed_facts_a_new_version_and_a_cross_check(app, db, ingest, enqueued):
    """After a parser upgrade: stored recalls whose parse changes get the new facts, a version and a cross-check;
    the others are left alone; a record the parser now refuses keeps its facts and is reported."""
    from sqlalchemy import delete

    from tracker.models.recalls import RecallChange, RecallModelKey
    from tracker.recalls import service

    ingest([real("25056"), real("24278")])
    enqueued.clear()
    result = app.test_cli_runner().invoke(args=["recalls", "reparse"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "imported=0 updated=0 unchanged=2 errors=0" and enqueued == []

    stale = service.find("25056")  # as an older parser left it: a model it missed, no scope
    db.session.execute(delete(RecallModelKey).where(RecallModelKey.recall_id == stale.id,
                                                    RecallModelKey.model_key == "A3302"))
    stale.scope, version = {}, stale.version
    broken = service.find("24278")
    broken.raw = {**broken.raw, "RecallDate": "not a date"}  # a record today's parser refuses
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["recalls", "reparse"])
    assert result.output.strip().splitlines()[-1] == "imported=0 updated=1 unchanged=0 errors=1"
    assert "error: recall 24278" in result.output
    db.session.expire_all()
    fresh = service.find("25056")
    assert fresh.version == version + 1 and enqueued == [fresh.id] and fresh.scope
    assert "A3302" in {m.model_key for m in fresh.model_keys}
    assert db.session.query(RecallChange).filter_by(recall_id=fresh.id, source="parser").count() == 1
    assert service.find("24278").version == 1
