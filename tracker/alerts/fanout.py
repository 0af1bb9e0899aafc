"""Sending a chunk of outbox rows at once (a recall that fans out to thousands of members): claim the whole chunk
in one conditional UPDATE with a lease, load what the emails need in a few queries, send over one SMTP connection,
then finish the sent rows in one UPDATE. Same rules as sending one row (outbox.claim / finish): a row is sent only
while this worker holds its claim, so a duplicate or overlapping chunk task sends nothing twice. Callers commit."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace

from flask import current_app
from sqlalchemy import and_, or_, select, update

from tracker.alerts import channels, outbox
from tracker.billing import access
from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.alerts import Alert, Notification, NotificationPreference
from tracker.models.base import in_ids, utcnow
from tracker.models.billing import Membership
from tracker.models.products import SavedProduct
from tracker.models.recalls import Recall

logger = logging.getLogger(__name__)


@dataclass
class Batch:
    stamp: datetime
    ids: list[int]  # claimed by us
    rows: list[SimpleNamespace] = field(default_factory=list)  # plain views of the claimed rows (see _load)
    unclaimed: dict[int, str] = field(default_factory=dict)  # id -> "missing" | done status | "busy"
    done: dict[str, list[SimpleNamespace]] = field(default_factory=dict)  # "sent" | "skipped" -> rows
    sent_as: dict[str, list[int]] = field(default_factory=dict)  # rows sent as another kind (channels.delivery)
    retry: list[int] = field(default_factory=list)  # transient failures, released: retried one by one


def claim_chunk(ids: list[int], now: datetime | None = None) -> Batch:
    """Claim every claimable row of the chunk in one UPDATE ... RETURNING (pending, or a lease that ran out)."""
    now = now or utcnow()
    stmt = (update(Notification)
            .where(in_ids(Notification.id, ids),
                   or_(Notification.status == "pending",
                       and_(Notification.status == "sending", Notification.claimed_at < now - outbox.lease())))
            .values(status="sending", claimed_at=now, attempts=Notification.attempts + 1)
            .returning(Notification.id).execution_options(synchronize_session=False))
    claimed = set(db.session.scalars(stmt))
    batch = Batch(now, [])
    others = [i for i in ids if i not in claimed]
    if others:
        q = select(Notification.id, Notification.status).where(in_ids(Notification.id, others))
        states = dict(db.session.execute(q).all())
        batch.unclaimed = {i: "missing" if i not in states else states[i] if states[i] in outbox.DONE else "busy"
                           for i in others}
    batch.ids = sorted(claimed)
    return batch


def _load(ids: list[int]) -> list[SimpleNamespace]:
    """The claimed rows as plain views holding just what the email reads (row, member's address, alert, product,
    recall): one joined query plus one for the recalls, no ORM object per email."""
    if not ids:
        return []
    q = (select(*ROW_COLUMNS, User.email, *ALERT_COLUMNS, *PRODUCT_COLUMNS, *MEMBERSHIP_COLUMNS)
         .join(User, User.id == Notification.user_id)
         .outerjoin(Alert, Alert.id == Notification.alert_id)
         .outerjoin(SavedProduct, SavedProduct.id == Alert.saved_product_id)
         .outerjoin(Membership, Membership.user_id == Notification.user_id)
         .where(in_ids(Notification.id, ids)).order_by(Notification.id))
    rows = db.session.execute(q).all()
    recall_ids = sorted({r.recall_id for r in rows if r.alert_id is not None})
    recalls = {r.id: r for r in db.session.scalars(select(Recall).where(in_ids(Recall.id, recall_ids)))}
    grace, decided = access.configured_grace(), {}
    return [_view(row, recalls, grace, decided) for row in rows]


ROW_COLUMNS = (Notification.id, Notification.user_id, Notification.alert_id, Notification.channel, Notification.kind,
               Notification.message_id, Notification.payload)
ALERT_COLUMNS = (Alert.id, Alert.level, Alert.reason, Alert.status, Alert.rule, Alert.recall_id, Alert.digest_id)
PRODUCT_COLUMNS = (SavedProduct.kind, SavedProduct.brand, SavedProduct.model_number, SavedProduct.serial_number,
                   SavedProduct.name, SavedProduct.nickname)
MEMBERSHIP_COLUMNS = (Membership.user_id, Membership.status, Membership.comp_until, Membership.current_period_end,
                      Membership.cancel_at_period_end, Membership.past_due_since)


def _view(row, recalls: dict, grace, decided: dict) -> SimpleNamespace:
    """A notification view with .user.email, .active (the member's access now: billing.access on the membership
    columns, each distinct set decided once) and .alert (with .saved_product and .recall), like the ORM row."""
    a, p = len(ROW_COLUMNS) + 1, len(ROW_COLUMNS) + 1 + len(ALERT_COLUMNS)
    m = len(row) - len(MEMBERSHIP_COLUMNS)
    n = SimpleNamespace(**{c.key: v for c, v in zip(ROW_COLUMNS, row)}, user=SimpleNamespace(email=row[a - 1]))
    has, status, comp, period_end, cancel, past_due = row[m:]
    key = (has is not None, status, comp, period_end, cancel, past_due)
    if key not in decided:
        decided[key] = has is not None and access.membership_access(
            status=status, comp_until=comp, current_period_end=period_end, cancel_at_period_end=bool(cancel),
            past_due_since=past_due, grace=grace).active
    n.active = decided[key]
    n.alert = None
    if n.alert_id is not None:
        product = SimpleNamespace(**{c.key: v for c, v in zip(PRODUCT_COLUMNS, row[p:m])})
        product.title = SavedProduct.title.fget(product)  # the model's own rule for how a product is named
        n.alert = SimpleNamespace(**{c.key: v for c, v in zip(ALERT_COLUMNS, row[a:p])}, saved_product=product)
        n.alert.recall = recalls[n.alert.recall_id]
    return n


def email_modes(user_ids: set[int]) -> dict[int, str]:
    """Each member's email mode (members who never chose one have no row: immediately)."""
    q = select(NotificationPreference.user_id, NotificationPreference.email_mode).where(
        in_ids(NotificationPreference.user_id, sorted(user_ids)))
    return dict(db.session.execute(q).all())


def send_batch(batch: Batch) -> None:
    """Build and send each claimed row (the caller holds one SMTP connection open); permanent failures are
    recorded at once, transient ones released for a retry, the rest collected for `finish_batch`. Call it after
    the claim's commit (rows loaded before a commit would be expired and reloaded one by one)."""
    batch.rows = _load(batch.ids)
    modes = email_modes({n.user_id for n in batch.rows})
    base, parts = current_app.config["PUBLIC_BASE_URL"], {}
    with current_app.test_request_context(base_url=base):  # one request context for the chunk's templates
        for n in batch.rows:
            try:
                kind = channels.EMAIL.send(n, modes.get(n.user_id, "immediately"), parts, n.active)
            except channels.Transient as exc:
                outbox.release(n, batch.stamp, str(exc))
                batch.retry.append(n.id)
            except channels.Permanent as exc:
                logger.error("notification %s failed permanently: %s", n.id, exc)
                outbox.finish(n, batch.stamp, "failed", str(exc)[:2000])
                batch.done.setdefault("failed", []).append(n)
            else:
                batch.done.setdefault("sent" if kind else "skipped", []).append(n)
                if kind and kind != n.kind:
                    batch.sent_as.setdefault(kind, []).append(n.id)


def finish_batch(batch: Batch) -> dict[str, int]:
    """Close our claims on the sent and skipped rows in one UPDATE each (alerts marked notified); the counts."""
    now = utcnow()
    for status, rows in batch.done.items():
        if status == "failed" or not rows:
            continue
        stmt = (update(Notification).where(in_ids(Notification.id, [n.id for n in rows]), Notification.status == "sending",
                                           Notification.claimed_at == batch.stamp)
                .values(status=status, sent_at=now if status == "sent" else None, last_error=None)
                .returning(Notification.id).execution_options(synchronize_session=False))
        kept = set(db.session.scalars(stmt))
        if len(kept) != len(rows):
            logger.warning("notifications %s: claim lost before finishing", sorted({n.id for n in rows} - kept))
        if status == "sent":
            _mark_notified([n for n in rows if n.id in kept], now)
    for kind, ids in batch.sent_as.items():  # record what was sent (a safety notice for an alert row)
        db.session.execute(update(Notification).where(in_ids(Notification.id, ids), Notification.status == "sent",
                                                      Notification.claimed_at == batch.stamp)
                           .values(kind=kind).execution_options(synchronize_session=False))
    return _counts(batch)


def _mark_notified(rows: list[SimpleNamespace], now: datetime) -> None:
    ids = [i for n in rows for i in ([n.alert_id] if n.alert_id else (n.payload or {}).get("alert_ids", []))]
    for start in range(0, len(ids), 1000):
        db.session.execute(update(Alert).where(in_ids(Alert.id, ids[start:start + 1000]), Alert.notified_at.is_(None))
                           .values(notified_at=now).execution_options(synchronize_session=False))


def _counts(batch: Batch) -> dict[str, int]:
    counts: dict[str, int] = {}
    results = [*batch.unclaimed.values(), *["retrying"] * len(batch.retry)]
    results += [s for s, rows in batch.done.items() for _ in rows]
    for r in results:
        counts[r] = counts.get(r, 0) + 1
    return counts
