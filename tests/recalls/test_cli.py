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
