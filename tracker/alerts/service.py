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

from tracker.alerts import bulk, candidates
from tracker.extensions import db
from tracker.models.alerts import Alert, Notification
from tracker.models.base import insert_or_ignore, utcnow
from tracker.models.products import SavedProduct
from tracker.models.recalls import Recall
from tracker.recalls.matching import CONFIRMED, POSSIBLE, Verdict, match, scope_reads

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
    if db.engine.dialect.name == "postgresql":
        return _crosscheck_recall_pg(recall)
    facts = candidates.recall_facts(recall)
    found = decide(facts, candidates.candidate_items(facts))
    out = _apply(recall, found)
    new = [(row, v) for row, v in found.values() if v]
    for chunk in _chunks(new):
        _insert_new(recall, chunk, out)
    return _done(recall, out, len(found))


def _crosscheck_recall_pg(recall: Recall) -> Outcome:
    """PostgreSQL, three round trips for a new recall: its keys; the candidates (plus "has it alerts already?");
    one INSERT of alerts and outbox rows. Same rules as the portable path."""
    facts = candidates.recall_facts(recall, bulk.recall_keys(recall.id))
    lookup = candidates.candidate_sql(facts)
    rows, has_alerts = bulk.candidates(lookup, recall.id) if lookup is not None else ([], True)
    found = decide(facts, rows)
    out = _apply(recall, found) if has_alerts else Outcome()
    _insert_new_bulk(recall, [(row, v) for row, v in found.values() if v], out)
    return _done(recall, out, len(found))


def _apply(recall: Recall, found: dict) -> Outcome:
    """Revise the recall's existing alerts with the new verdicts (popping them from `found`)."""
    existing = {a.saved_product_id: a for a in db.session.scalars(select(Alert).where(Alert.recall_id == recall.id))}
    out = Outcome()
    upgraded: list[Alert] = []
    for spid, alert in existing.items():
        verdict = found.pop(spid, (None, Verdict(None, "The recall no longer names this product.", "no-model")))[1]
        _revise(alert, verdict, recall.version, out, upgraded)
    _notify_upgrades(upgraded, out)
    return out


def _done(recall: Recall, out: Outcome, candidates_seen: int) -> Outcome:
    db.session.flush()
    logger.info("crosscheck recall %s v%s: %s candidates, created=%s updated=%s cleared=%s",
                recall.recall_number, recall.version, candidates_seen, out.created, out.updated, out.cleared)
    return out


def decide(facts, rows) -> dict[int, tuple]:
    """{saved product id: (row, verdict)}; one match() per distinct set of the fields the matcher reads for this
    recall (most owners of a recalled product saved the same brand and model; serials and purchase dates only count
    when the recall's scope limits them): the verdict is computed once and shared."""
    cache: dict[tuple, Verdict] = {}
    reads = scope_reads(facts)
    found = {}
    for row in rows:
        key = candidates.facts_key(row, reads)
        verdict = cache.get(key)
        if verdict is None:
            verdict = cache[key] = match(facts, candidates.item_facts(row))
        found[row[0]] = (row, verdict)
    return found


def crosscheck_item(item: SavedProduct) -> Outcome:
    """Check one saved product (just saved or edited) against every recall that may name it; idempotent."""
    facts = candidates.item_facts(item)
    out = Outcome()
    recalls = {r.id: r for r in candidates.candidate_recalls(item)}
    mine = {a.recall_id: a for a in db.session.scalars(select(Alert).where(
        Alert.user_id == item.user_id, Alert.saved_product_id == item.id))}  # ix_alerts_user_id_status
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


def _revise(alert: Alert, verdict: Verdict, version: int, out: Outcome, upgraded: list | None = None) -> None:
    """A new verdict on an existing alert: update it in place; only possible -> confirmed notifies again (now, or
    collected in `upgraded` for one set-based pass when many alerts are revised)."""
    if not verdict:
        if alert.status != "cleared":
            alert.status, alert.reason, alert.rule = "cleared", verdict.reason, verdict.rule
            alert.status_changed_at = alert.updated_at = utcnow()
            out.cleared += 1
        alert.recall_version = version
        return
    upgrade = alert.level == POSSIBLE and verdict.level == CONFIRMED
    changed = (alert.level, alert.reason) != (verdict.level, verdict.reason) or alert.status == "cleared"
    alert.level, alert.reason, alert.rule, alert.recall_version = verdict.level, verdict.reason, verdict.rule, version
    if alert.status == "cleared":
        alert.status, alert.status_changed_at = "open", utcnow()
    if changed:
        alert.updated_at = utcnow()
        out.updated += 1
    if upgrade and upgraded is not None:
        upgraded.append(alert)
    elif upgrade:
        _notify_upgrades([alert], out)


def _notify_upgrades(alerts: list[Alert], out: Outcome) -> None:
    """One "upgrade" email per possible -> confirmed alert whose first email went out (set-based lookup); whether
    it is sent is the member's to decide at sending time (channels.delivery)."""
    emailed: set[int] = set()
    for chunk in _chunks([a.id for a in alerts]):
        emailed |= set(db.session.scalars(select(Notification.alert_id).where(
            Notification.alert_id.in_(chunk), Notification.status == "sent")))
    notes = [_notification_row(a.id, a.user_id, "upgrade") for a in alerts
             if a.id in emailed and _kind_for(a.saved_product.kind, "upgrade")]
    out.notification_ids += _insert_notifications(notes)


def _insert_new_bulk(recall: Recall, pairs: list, out: Outcome) -> None:
    """PostgreSQL: every new alert and its outbox row in one statement (see bulk.py); same rules as _insert_new."""
    if not pairs:
        return
    created, ids = bulk.insert_alerts_and_outbox(recall.id, recall.version, utcnow(), *bulk_rows(pairs))
    out.created += created
    out.notification_ids += ids


def bulk_rows(pairs: list) -> tuple[list[tuple], list[Verdict]]:
    """The rows bulk.insert_alerts_and_outbox takes for (candidate row, verdict) pairs: (saved product id, user id,
    1-based index of its verdict, email kind or None) each, and the distinct verdicts they point at."""
    index: dict[Verdict, int] = {}
    new = [(row[0], row[1], index.setdefault(v, len(index) + 1), _kind_for(row[2])) for row, v in pairs]
    return new, list(index)


def _insert_new(recall: Recall, pairs: list, out: Outcome) -> None:
    """Bulk-insert alerts (ON CONFLICT DO NOTHING on the UNIQUE key), then their outbox rows."""
    now = utcnow()
    rows = [dict(user_id=row.user_id, saved_product_id=row.id, recall_id=recall.id, level=v.level, reason=v.reason,
                 rule=v.rule, recall_version=recall.version, status="open", created_at=now, updated_at=now)
            for row, v in pairs]
    stmt = insert_or_ignore(Alert, "saved_product_id", "recall_id")
    made = list(db.session.execute(stmt.returning(Alert.id, Alert.user_id, Alert.saved_product_id), rows))
    out.created += len(made)
    kinds = {row.id: _kind_for(row.kind) for row, _ in pairs}
    notes = [_notification_row(a.id, a.user_id, kinds[a.saved_product_id]) for a in made if kinds[a.saved_product_id]]
    out.notification_ids += _insert_notifications(notes)


def _kind_for(product_kind: str, wanted: str = "alert") -> str | None:
    """The outbox row a new match (or an upgrade) writes: none for wish-list items (the member doesn't own the
    product: in-app only), else `wanted`. Which email it becomes (the full alert, the short safety notice for an
    inactive membership, nothing for digest or no-email members) is decided when it is sent, on the member's
    membership and preferences at that moment (channels.delivery): no member lookups while the alerts are written."""
    return wanted if product_kind == "own" else None


def _notification_row(alert_id: int, user_id: int, kind: str) -> dict:
    return dict(alert_id=alert_id, user_id=user_id, channel="email", kind=kind,
                dedupe_key=f"alert:{alert_id}:email:{kind}")


def _insert_notifications(rows: list[dict]) -> list[int]:
    """Insert an alert's outbox rows idempotently (UNIQUE alert, channel, kind); returns the ids actually inserted."""
    if not rows:
        return []
    stmt = insert_or_ignore(Notification, "alert_id", "channel", "kind")
    return [r.id for r in db.session.execute(stmt.returning(Notification.id), rows)]


def _chunks(values: list) -> list[list]:
    return [values[i:i + CHUNK] for i in range(0, len(values), CHUNK)]
