"""Alert tasks. `crosscheck_recall` is the hand-off point from recall ingestion (issue 4) to the cross-check
(issue 5)."""
from __future__ import annotations

import logging

from celery import shared_task

from tracker.extensions import db
from tracker.models.recalls import Recall
from tracker.recalls import service

logger = logging.getLogger(__name__)


@shared_task(name="workers.alerts.crosscheck_recall")
def crosscheck_recall(recall_id: int) -> str:
    """Cross-check one new or changed recall against saved products; safe to run twice.

    Enqueued by ingestion after the commit that stored the recall (once per new or changed version). The
    matching itself (candidate saved products by indexed model/brand/UPC keys, scope rules, alerts and outbox
    rows) is issue 5 and goes where the marked line is; this task already guarantees the hand-off contract:
    it loads the recall, skips a version it has already checked, and records the version it checked."""
    recall = db.session.get(Recall, recall_id, with_for_update=True)  # one checker per recall at a time
    if recall is None:
        logger.info("crosscheck: recall %s no longer exists", recall_id)
        return "missing"
    if recall.crosschecked_version == recall.version:
        logger.info("crosscheck: recall %s v%s already checked", recall.recall_number, recall.version)
        return "already"
    # Issue 5: match saved products against this recall version here, in this same transaction.
    service.mark_crosschecked(recall)
    db.session.commit()
    logger.info("crosscheck: recall %s v%s checked", recall.recall_number, recall.version)
    return "checked"
