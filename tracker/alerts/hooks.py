"""Check a product as soon as it is saved: run by the products views and API right after their commit, so a
failure here never loses the member's product (the next recall cross-check or `alerts rematch` heals it)."""
from __future__ import annotations

import logging

from tracker.alerts import service
from tracker.extensions import db
from tracker.models.products import SavedProduct

logger = logging.getLogger(__name__)


def check_saved(item: SavedProduct) -> int:
    """Cross-check a just-saved product against all recalls, commit, enqueue its emails; returns alerts created."""
    from workers.alerts import enqueue_notifications

    try:
        out = service.crosscheck_item(item)
        db.session.commit()
    except Exception:  # noqa: BLE001 - the product is saved already; log and let rematch heal it
        db.session.rollback()
        logger.exception("cross-check of saved product %s failed", item.id)
        return 0
    enqueue_notifications(out.notification_ids)
    return out.created


def check_saved_since(user_id: int, since) -> int:
    """Cross-check every product of a member saved or edited since `since` (after a CSV import)."""
    from sqlalchemy import select

    ids = list(db.session.scalars(select(SavedProduct.id).where(SavedProduct.user_id == user_id,
                                                                SavedProduct.updated_at >= since)))
    return sum(check_saved(db.session.get(SavedProduct, i)) for i in ids)
