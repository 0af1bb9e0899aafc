"""Housekeeping tasks."""
from __future__ import annotations

import logging

from celery import shared_task

from tracker.accounts import service
from tracker.extensions import db

logger = logging.getLogger(__name__)


@shared_task(name="workers.maintenance.purge_expired_auth_rows")
def purge_expired_auth_rows() -> int:
    """Delete used or expired reset tokens and ended login sessions; safe to run any number of times."""
    n = service.purge_expired()
    db.session.commit()
    logger.info("purged %d expired auth rows", n)
    return n

