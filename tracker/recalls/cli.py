"""`flask recalls import PATH`, `flask recalls sync [--since YYYY-MM-DD]` and `flask recalls reparse`."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models.recalls import Recall
from tracker.recalls import runner

recalls_cli = AppGroup("recalls", help="Import and sync CPSC recalls.")
PROGRESS_MIN = 5000  # show a progress bar on a non-terminal stderr only for imports this long


def read_records(path: Path) -> list:
    """The records in a file in the CPSC Recalls API format; ClickException (one line) if it can't be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        click.echo(f"warning: {path} is not valid UTF-8; undecodable bytes were replaced", err=True)
        text = data.decode("utf-8", errors="replace")
    try:
        records = json.loads(text)
    except ValueError as exc:
        raise click.ClickException(f"{path} is not valid JSON: {exc}") from None
    if isinstance(records, dict):  # one record, or a {"recalls": [...]} wrapper
        records = [records] if "RecallNumber" in records else records.get("recalls")
    if not isinstance(records, list):
        raise click.ClickException(f"{path}: expected a JSON array of recall records")
    return records


def _progress(total: int):
    """A rich progress bar on stderr for a terminal or a long import; else a no-op."""
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    if not (console.is_terminal or total >= PROGRESS_MIN):
        return None, None
    bar = Progress(console=console, transient=console.is_terminal)
    task = bar.add_task("importing recalls", total=total)
    return bar, lambda n: bar.advance(task, n)


def _report(run) -> None:
    for e in run.error_details:
        click.echo(f"error: recall {e.get('recall_number') or '(no RecallNumber)'}: {e.get('error')}", err=True)
    if run.errors > len(run.error_details):
        click.echo(f"error: ... and {run.errors - len(run.error_details)} more", err=True)
    click.echo(run.summary())


@recalls_cli.command("import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
def import_command(path: Path) -> None:
    """Import a file in the CPSC Recalls API JSON format (an array of records)."""
    from workers.recalls import enqueue_crosschecks

    records = read_records(path)
    bar, advance = _progress(len(records))
    if bar:
        with bar:
            run = runner.import_records(records, str(path), enqueue_crosschecks, progress=advance)
    else:
        run = runner.import_records(records, str(path), enqueue_crosschecks)
    _report(run)


@recalls_cli.command("reparse")
def reparse_command() -> None:
    """Parse every stored recall again from its source record (run after upgrading the parser); recalls whose facts
    change get a new version and a cross-check, which revises their alerts."""
    from workers.recalls import enqueue_crosschecks

    total = db.session.scalar(select(func.count()).select_from(Recall))
    bar, advance = _progress(total)
    if bar:
        with bar:
            run = runner.reparse(enqueue_crosschecks, progress=advance)
    else:
        run = runner.reparse(enqueue_crosschecks)
    _report(run)


@recalls_cli.command("sync")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Fetch from this LastPublishDate.")
def sync_command(since) -> None:
    """Pull new and changed recalls from CPSC_API_URL (from the watermark, or --since)."""
    from workers.recalls import enqueue_crosschecks

    start: date | None = since.date() if since else None
    run = runner.sync(enqueue_crosschecks, since=start)
    _report(run)
    if run.status != "ok":
        click.echo(f"sync failed: {run.message}", err=True)
        sys.exit(1)
