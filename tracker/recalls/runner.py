"""Ingestion runs end to end, for the CLI, the beat task and the demo loader: parse and upsert in batches,
commit each batch, then hand the new and changed recalls to `enqueue` (never before the commit)."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import select

from tracker.extensions import db
from tracker.models.recalls import SOURCE_CPSC, IngestionRun, Recall, SyncState
from tracker.recalls import service
from tracker.recalls.sources.cpsc import CPSCClient, CPSCError, windows

logger = logging.getLogger(__name__)
Enqueue = Callable[[list[int]], None]
BATCH = 250
STALE_RUN = timedelta(minutes=30)


def import_records(records: Sequence[object], source: str, enqueue: Enqueue, kind: str = "import",
                   progress: Callable[[int], None] | None = None) -> IngestionRun:
    """Ingest a list of API-format records; one commit (then enqueue) per batch."""
    run = service.start_run(kind, source)
    db.session.commit()
    for i in range(0, len(records), BATCH):
        batch = records[i:i + BATCH]
        result = service.ingest(batch, run)
        db.session.commit()
        enqueue(result.changed_ids)
        if progress:
            progress(len(batch))
    service.finish_run(run)
    db.session.commit()
    return run


def reparse(enqueue: Enqueue, progress: Callable[[int], None] | None = None) -> IngestionRun:
    """Parse every stored recall again (service.reparse), in batches by id: one commit (then enqueue) per batch."""
    run = service.start_run("reparse", "stored records")
    db.session.commit()
    last = 0
    while True:
        batch = list(db.session.scalars(select(Recall).where(Recall.id > last).order_by(Recall.id).limit(BATCH)))
        if not batch:
            break
        last = batch[-1].id
        result = service.reparse(batch, run)
        db.session.commit()
        enqueue(result.changed_ids)
        for recall in batch:  # done with: a batch's rows leave the session (their keys and notes stay small)
            db.session.expunge(recall)
        if progress:
            progress(len(batch))
    service.finish_run(run)
    db.session.commit()
    return run


def sync(enqueue: Enqueue, since: date | None = None, today: date | None = None) -> IngestionRun:
    """Pull new and changed recalls from CPSC_API_URL by LastPublishDate, window by window; the watermark moves
    only after a window's records are committed."""
    cfg = current_app.config
    client = CPSCClient(cfg["CPSC_API_URL"], timeout=cfg["CPSC_TIMEOUT"], retries=cfg["CPSC_RETRIES"],
                        backoff=cfg["CPSC_BACKOFF"])
    state = db.session.get(SyncState, SOURCE_CPSC)
    start = since or (state.watermark if state else date.fromisoformat(cfg["CPSC_SYNC_START"]))
    today = today or datetime.now(timezone.utc).date()
    run = service.start_run("sync", client.base_url)
    db.session.commit()
    try:
        for lo, hi in windows(start, today, cfg["CPSC_SYNC_WINDOW_DAYS"]):
            records = client.fetch(lo, hi)
            result = service.ingest(records, run)
            _advance(hi + timedelta(days=1) if hi else today)
            db.session.commit()
            enqueue(result.changed_ids)
    except CPSCError as exc:
        db.session.rollback()
        service.finish_run(run, "failed", str(exc))
        db.session.commit()
        return run
    service.finish_run(run)
    db.session.commit()
    return run


def _advance(mark: date) -> None:
    """Move the watermark forward (never back: an explicit --since may be older)."""
    state = db.session.get(SyncState, SOURCE_CPSC)
    if state is None:
        db.session.add(SyncState(source=SOURCE_CPSC, watermark=mark))
    elif mark > state.watermark:
        state.watermark = mark


def sync_running() -> bool:
    """Another sync started recently and hasn't finished (beat and CLI may overlap)."""
    from tracker.models.base import utcnow

    q = select(IngestionRun.id).where(IngestionRun.kind == "sync", IngestionRun.status == "running",
                                      IngestionRun.started_at > utcnow() - STALE_RUN)
    return db.session.scalar(q.limit(1)) is not None
