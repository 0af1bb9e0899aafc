"""Cross-check: decide which saved products a recall affects and write alerts and their outbox rows in the
caller's transaction (services flush; the caller commits, then enqueues the returned notification ids).

Rules: one alert per (saved product, recall) (UNIQUE key, inserted idempotently); a later verdict (amended recall,
edited product, better matcher) updates the alert's level and reason instead of alerting again, except that
possible -> confirmed sends one "upgrade" email; a product that no longer matches gets status "cleared".
"Love" (wish-list) items get an in-app alert only: the member doesn't own the product, so no email."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from tracker.alerts import candidates
from tracker.billing.access import access_for
from tracker.extensions import db
from tracker.models.alerts import Alert, Notification, NotificationPreference
from tracker.models.base import utcnow
from tracker.models.billing import Membership
from tracker.models.products import SavedProduct
from tracker.models.recalls import Recall
from tracker.recalls.matching import CONFIRMED, POSSIBLE, Verdict, match

logger = logging.getLogger(__name__)
CHUNK = 2000  # rows per bulk INSERT and per IN (...) list


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    cleared: int = 0
    notification_ids: list[int] = field(default_factory=list)  # enqueue these after the commit


def crosscheck_recall(recall: Recall) -> Outcome:
    """Check one recall (its current version) against the candidate saved products; idempotent."""
    facts = candidates.recall_facts(recall)
    found = {row.id: (row, match(facts, candidates.item_facts(row))) for row in candidates.candidate_items(facts)}
    q = select(Alert.saved_product_id, Alert.id).where(Alert.recall_id == recall.id)
    existing = dict(db.session.execute(q).all())
    out = Outcome()
    for spid, alert_id in existing.items():
        verdict = found.pop(spid, (None, Verdict(None, "The recall no longer names this product.", "no-model")))[1]
        _revise(db.session.get(Alert, alert_id), verdict, recall.version, out)
    new = [(row, v) for row, v in found.values() if v]
    for start in range(0, len(new), CHUNK):
        _insert_new(recall, new[start:start + CHUNK], out)
    db.session.flush()
    logger.info("crosscheck recall %s v%s: %s candidates, created=%s updated=%s cleared=%s",
                recall.recall_number, recall.version, len(found) + len(existing), out.created, out.updated,
                out.cleared)
    return out


def crosscheck_item(item: SavedProduct) -> Outcome:
    """Check one saved product (just saved or edited) against every recall that may name it; idempotent."""
    facts = candidates.item_facts(item)
    out = Outcome()
    recalls = {r.id: r for r in candidates.candidate_recalls(item)}
    mine = {a.recall_id: a for a in db.session.scalars(select(Alert).where(Alert.saved_product_id == item.id))}
    for rid in sorted(set(recalls) | set(mine)):
        recall = recalls.get(rid) or db.session.get(Recall, rid)
        verdict = match(candidates.recall_facts(recall), facts) if rid in recalls else \
            Verdict(None, f"Your product no longer matches recall {recall.display_number}.", "no-model")
        if rid in mine:
            _revise(mine[rid], verdict, recall.version, out)
        elif verdict:
            _insert_new(recall, [(item, verdict)], out)
    db.session.flush()
    return out


def _revise(alert: Alert, verdict: Verdict, version: int, out: Outcome) -> None:
    """A new verdict on an existing alert: update it in place; only possible -> confirmed notifies again."""
    if not verdict:
        if alert.status != "cleared":
            alert.status, alert.reason, alert.rule = "cleared", verdict.reason, verdict.rule
            alert.status_changed_at = alert.updated_at = utcnow()
            out.cleared += 1
        alert.recall_version = version
        return
    upgraded = alert.level == POSSIBLE and verdict.level == CONFIRMED
    changed = (alert.level, alert.reason) != (verdict.level, verdict.reason) or alert.status == "cleared"
    alert.level, alert.reason, alert.rule, alert.recall_version = verdict.level, verdict.reason, verdict.rule, version
    if alert.status == "cleared":
        alert.status, alert.status_changed_at = "open", utcnow()
    if changed:
        alert.updated_at = utcnow()
        out.updated += 1
    if upgraded and _already_emailed(alert.id):
        kind = _email_kind(alert.user_id, alert.saved_product.kind, "upgrade")
        if kind == "upgrade":
            out.notification_ids += _insert_notifications([_notification_row(alert.id, alert.user_id, kind)])


def _already_emailed(alert_id: int) -> bool:
    return db.session.scalar(select(Notification.id).where(
        Notification.alert_id == alert_id, Notification.status == "sent").limit(1)) is not None


def _insert_new(recall: Recall, pairs: list, out: Outcome) -> None:
    """Bulk-insert alerts (ON CONFLICT DO NOTHING on the UNIQUE key), then their outbox rows."""
    now = utcnow()
    rows = [dict(user_id=row.user_id, saved_product_id=row.id, recall_id=recall.id, level=v.level, reason=v.reason,
                 rule=v.rule, recall_version=recall.version, status="open", created_at=now, updated_at=now)
            for row, v in pairs]
    stmt = _insert(Alert).on_conflict_do_nothing(index_elements=["saved_product_id", "recall_id"])
    made = list(db.session.execute(stmt.returning(Alert.id, Alert.user_id, Alert.saved_product_id), rows))
    out.created += len(made)
    kinds = {row.id: row.kind for row, _ in pairs}
    modes = _email_modes({a.user_id for a in made})
    active = _active_users({a.user_id for a in made})
    notes = []
    for a in made:
        kind = _kind_for(kinds[a.saved_product_id], modes.get(a.user_id, "immediately"), a.user_id in active)
        if kind:
            notes.append(_notification_row(a.id, a.user_id, kind))
    out.notification_ids += _insert_notifications(notes)


def _kind_for(product_kind: str, mode: str, active: bool, wanted: str = "alert") -> str | None:
    """Which email (if any) a new match sends: full alert, safety notice for inactive members, or none."""
    if product_kind != "own" or mode == "off":
        return None
    if not active:
        return "safety_notice" if wanted == "alert" else None  # a fire hazard is not paywalled
    return None if mode == "digest" and wanted == "alert" else wanted


def _email_kind(user_id: int, product_kind: str, wanted: str) -> str | None:
    mode = _email_modes({user_id}).get(user_id, "immediately")
    return _kind_for(product_kind, mode, user_id in _active_users({user_id}), wanted)


def _notification_row(alert_id: int, user_id: int, kind: str) -> dict:
    return dict(alert_id=alert_id, user_id=user_id, channel="email", kind=kind,
                dedupe_key=f"alert:{alert_id}:email:{kind}")


def _insert_notifications(rows: list[dict]) -> list[int]:
    """Insert outbox rows idempotently (UNIQUE dedupe_key); returns the ids of the rows actually inserted."""
    if not rows:
        return []
    stmt = _insert(Notification).on_conflict_do_nothing(index_elements=["dedupe_key"])
    return [r.id for r in db.session.execute(stmt.returning(Notification.id), rows)]


def _insert(model):
    return (pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert)(model)


def _email_modes(user_ids: set[int]) -> dict[int, str]:
    modes: dict[int, str] = {}
    for chunk in _chunks(sorted(user_ids)):
        q = select(NotificationPreference.user_id, NotificationPreference.email_mode).where(
            NotificationPreference.user_id.in_(chunk))
        modes.update(dict(db.session.execute(q).all()))
    return modes


class _Holder:
    def __init__(self, membership: Membership):
        self.membership = membership


def _active_users(user_ids: set[int]) -> set[int]:
    """Members among these with access now (billing.access rules on their Membership rows)."""
    active: set[int] = set()
    for chunk in _chunks(sorted(user_ids)):
        for m in db.session.scalars(select(Membership).where(Membership.user_id.in_(chunk))):
            if access_for(_Holder(m)).active:
                active.add(m.user_id)
    return active


def _chunks(values: list) -> list[list]:
    return [values[i:i + CHUNK] for i in range(0, len(values), CHUNK)]
