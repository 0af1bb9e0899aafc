"""Recall ingestion tasks: the CPSC sync on beat, and the hand-off of new or changed recalls to the cross-check."""
from __future__ import annotations

import logging

from celery import shared_task

from tracker.extensions import db
from tracker.recalls import runner, service

logger = logging.getLogger(__name__)


def enqueue_crosschecks(recall_ids: list[int]) -> int:
    """Enqueue the cross-check for recalls whose new version is already committed; returns how many were sent.

    A failed enqueue is logged, not raised: the data is committed and `requeue_crosschecks` heals it."""
    from workers.alerts import crosscheck_recall

    sent = 0
    for rid in dict.fromkeys(recall_ids):
        try:
            crosscheck_recall.delay(rid)
            sent += 1
        except Exception as exc:  # noqa: BLE001 - broker down: healed by requeue_crosschecks
            logger.warning("could not enqueue crosscheck for recall %s: %s", rid, exc)
    return sent


@shared_task(name="workers.recalls.sync_recalls")
def sync_recalls() -> str:
    """Pull new and changed recalls from CPSC (beat, every few minutes); skips if another sync is running."""
    if runner.sync_running():
        logger.info("recall sync already running; skipped")
        return "skipped"
    run = runner.sync(enqueue_crosschecks)
    logger.info("recall sync %s: %s %s", run.status, run.summary(), run.message)
    return run.summary()


@shared_task(name="workers.recalls.requeue_crosschecks")
def requeue_crosschecks() -> int:
    """Re-enqueue cross-checks for recall versions not yet checked (an enqueue lost after its commit)."""
    ids = service.pending_crosschecks()
    db.session.rollback()
    return enqueue_crosschecks(ids)
