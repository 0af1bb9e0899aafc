"""Enqueue billing tasks by name, after the commit they need (views and tasks call this; services never do)."""
from __future__ import annotations

import logging

from flask import current_app

logger = logging.getLogger(__name__)

PROCESS_EVENT = "workers.billing.process_stripe_event"
SEND_NOTICE = "workers.billing.send_billing_notice"


def enqueue(task: str, *args) -> bool:
    """Send a task; a broker outage is logged, not raised (the beat job picks up what was left)."""
    try:
        current_app.extensions["celery"].send_task(task, args=list(args))
        return True
    except Exception as exc:  # noqa: BLE001 - any broker failure: the stored row is the record
        logger.warning("could not enqueue %s%s: %s", task, args, exc)
        return False


def enqueue_notices(ids: list[int]) -> None:
    """Send the membership emails recorded in the transaction just committed."""
    for notice_id in ids:
        enqueue(SEND_NOTICE, notice_id)
