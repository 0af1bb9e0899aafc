"""Recall storage: upsert parsed records, note changes, record ingestion runs. Adds and flushes; callers commit."""
from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, select

from tracker.extensions import db
from tracker.models.base import utcnow
from tracker.models.recalls import (SOURCE_CPSC, SOURCE_MANUAL, IngestionRun, Recall, RecallBrandKey, RecallChange,
                                    RecallModelKey, RecallUPC)
from tracker.normalize import brand_key
from tracker.recalls.parsing import MalformedRecord, ParsedRecall, normalize_number, parse_record

logger = logging.getLogger(__name__)
IMPORTED, UPDATED, UNCHANGED = "imported", "updated", "unchanged"


@dataclass
class BatchResult:
    changed_ids: list[int] = field(default_factory=list)  # new or changed recalls: hand these to the cross-check


def content_hash(raw: dict) -> str:
    """Stable fingerprint of a source record (key order and whitespace don't matter)."""
    return hashlib.sha256(json.dumps(raw, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def start_run(kind: str, source: str) -> IngestionRun:
    """A new ingestion run in state 'running'."""
    run = IngestionRun(kind=kind, source=source[:2000])
    db.session.add(run)
    db.session.flush()
    return run


def finish_run(run: IngestionRun, status: str = "ok", message: str = "") -> None:
    """Close the run with its outcome."""
    run.status, run.message, run.finished_at = status, message[:2000], utcnow()
    db.session.flush()


def ingest(records: Iterable[object], run: IngestionRun, source: str = SOURCE_CPSC) -> BatchResult:
    """Parse and upsert a batch; malformed records are counted on the run with their RecallNumber."""
    parsed: list[tuple[ParsedRecall, dict]] = []
    for raw in records:
        try:
            parsed.append((parse_record(raw), raw))
        except MalformedRecord as exc:
            _error(run, exc.recall_number or _number_of(raw), exc.message)
    existing = _existing([p for p, _ in parsed])
    changed: list[Recall] = []
    with db.session.no_autoflush:  # one flush per batch, not one per record
        for p, raw in parsed:
            status, recall = _upsert(p, raw, source, existing, run)
            if status is not None:
                setattr(run, status, getattr(run, status) + 1)
                changed += [recall] if status != UNCHANGED else []
    db.session.flush()
    return BatchResult([r.id for r in changed])


def _error(run: IngestionRun, number: str | None, message: str) -> None:
    run.errors += 1
    if len(run.error_details) < 500:
        run.error_details = [*run.error_details, {"recall_number": number, "error": message}]
    logger.warning("malformed recall %s: %s", number or "(no RecallNumber)", message)


def _number_of(raw: object) -> str | None:
    return normalize_number(raw.get("RecallNumber")) or None if isinstance(raw, dict) else None


def _existing(parsed: list[ParsedRecall]) -> dict:
    """Stored recalls for a batch, by recall number and by source id (one query each)."""
    numbers = [p.recall_number for p in parsed]
    ids = [p.source_id for p in parsed if p.source_id is not None]
    found: dict = {}
    for r in db.session.scalars(select(Recall).where(Recall.recall_number.in_(numbers))):
        found[r.recall_number] = r
    for r in db.session.scalars(select(Recall).where(Recall.source_id.in_(ids))) if ids else []:
        found[("id", r.source_id)] = r
    return found


def _upsert(p: ParsedRecall, raw: dict, source: str, existing: dict, run: IngestionRun):
    recall = existing.get(p.recall_number)
    owner = existing.get(("id", p.source_id)) if p.source_id is not None else None
    if owner is not None and owner is not recall:
        _error(run, p.recall_number, f"RecallID {p.source_id} already belongs to recall {owner.recall_number}")
        return None, None
    digest = content_hash(raw)
    if recall is None:
        recall = Recall(recall_number=p.recall_number, content_hash=digest, version=1)
        apply_parsed(recall, p, raw, source)
        db.session.add(recall)
        existing[p.recall_number] = recall
        if p.source_id is not None:
            existing[("id", p.source_id)] = recall
        return IMPORTED, recall
    if recall.content_hash == digest and recall.source == source:
        return UNCHANGED, recall
    if _older(p, recall) and recall.source == source:
        logger.info("recall %s: ignoring a record older than the stored one", p.recall_number)
        return UNCHANGED, recall
    _note_change(recall, raw, p, source)
    apply_parsed(recall, p, raw, source)
    recall.content_hash, recall.version, recall.updated_at = digest, recall.version + 1, utcnow()
    return UPDATED, recall


def _older(p: ParsedRecall, recall: Recall) -> bool:
    return bool(p.last_publish_date and recall.last_publish_date and p.last_publish_date < recall.last_publish_date)


def _note_change(recall: Recall, raw: dict, p: ParsedRecall, source: str) -> None:
    old = recall.raw or {}
    fields = sorted(k for k in set(old) | set(raw) if old.get(k) != raw.get(k))
    before = recall.last_publish_date.date().isoformat() if recall.last_publish_date else "none"
    after = p.last_publish_date.date().isoformat() if p.last_publish_date else "none"
    summary = f"LastPublishDate {before} -> {after}; changed: {', '.join(fields) or 'parsed facts'}"
    if recall.source != source:
        summary = f"{recall.source} record replaced by {source}; " + summary
    recall.changes.append(RecallChange(source=source, summary=summary[:2000], fields=fields))
    logger.info("recall %s updated: %s", recall.recall_number, summary)


def apply_parsed(recall: Recall, p: ParsedRecall, raw: dict, source: str) -> None:
    """Copy parsed facts onto the row and replace its lookup keys."""
    recall.source, recall.source_id = source, p.source_id
    recall.recall_date, recall.last_publish_date = p.recall_date, p.last_publish_date
    recall.title, recall.description, recall.hazard, recall.remedy = p.title, p.description, p.hazard, p.remedy
    recall.url, recall.raw, recall.scope, recall.facts = p.url, raw, p.scope, p.facts
    recall.brands, recall.products = "; ".join(p.brands), "; ".join(p.products)
    if recall.id is not None:  # replace the keys: delete first, or the new rows would collide with the old
        for model in (RecallModelKey, RecallBrandKey, RecallUPC):
            db.session.execute(delete(model).where(model.recall_id == recall.id))
        db.session.expire(recall, ["model_keys", "brand_keys", "upcs"])
    recall.model_keys = [RecallModelKey(model_key=k, text=t, cued=c, excluded=x) for k, t, c, x in _model_keys(p)]
    recall.brand_keys = [RecallBrandKey(brand_key=k, name=n) for k, n in brand_key_rows(p.brands)]
    recall.upcs = [RecallUPC(upc=u) for u in p.upcs]


def _model_keys(p: ParsedRecall) -> list[tuple[str, str, bool, bool]]:
    """(model key, text, cued, excluded) rows of a parse, cut to the columns' lengths."""
    return [(m.key[:64], m.text[:128], m.cued, m.excluded) for m in p.models]


def brand_key_rows(brands: list[str]) -> list[tuple[str, str]]:
    """(brand key, display name) rows of a parse: the first name of each key, in order; names without a key skipped."""
    names: dict[str, str] = {}
    for b in brands:
        names.setdefault(brand_key(b)[:128], b[:255])
    return [(k, n) for k, n in names.items() if k]


def reparse(recalls: Iterable[Recall], run: IngestionRun) -> BatchResult:
    """Parse stored recalls again from their source records (after a parser upgrade): a recall whose parsed facts
    change (model keys, brands, UPCs, scope, page facts) gets them, a new version and a change note, and is handed to
    the cross-check, which revises its alerts in place; the others are counted unchanged. A record the parser now
    refuses keeps its stored facts and is reported."""
    changed: list[Recall] = []
    for recall in recalls:
        try:
            p = parse_record(recall.raw)
        except MalformedRecord as exc:
            _error(run, recall.recall_number, exc.message)
            continue
        if _parsed_state(p) == _stored_state(recall):
            run.unchanged += 1
            continue
        apply_parsed(recall, p, recall.raw, recall.source)
        recall.version, recall.updated_at = recall.version + 1, utcnow()
        recall.changes.append(RecallChange(source="parser", summary="parsed again by a newer parser: facts changed",
                                           fields=[]))
        run.updated += 1
        changed.append(recall)
    db.session.flush()
    return BatchResult([r.id for r in changed])


def _parsed_state(p: ParsedRecall) -> tuple:
    """What apply_parsed stores from a parse, in comparable form (see _stored_state)."""
    return (sorted(_model_keys(p)),
            sorted(brand_key_rows(p.brands)), sorted(p.upcs), "; ".join(p.brands), "; ".join(p.products),
            _canonical(p.scope), _canonical(p.facts))


def _stored_state(recall: Recall) -> tuple:
    return (sorted((m.model_key, m.text, m.cued, m.excluded) for m in recall.model_keys),
            sorted((b.brand_key, b.name) for b in recall.brand_keys), sorted(u.upc for u in recall.upcs),
            recall.brands, recall.products, _canonical(recall.scope), _canonical(recall.facts))


def _canonical(value) -> str:
    """JSON as stored (dates as ISO strings, tuples as lists), so a fresh parse compares equal to a stored one."""
    return json.dumps(value or {}, sort_keys=True, default=str)


def find(number: str) -> Recall | None:
    """A recall by number, '25056' or '25-056'."""
    n = normalize_number(number)
    return db.session.scalar(select(Recall).where(Recall.recall_number == n)) if n else None


def save_manual(raw: dict, recall: Recall | None, run_source: str) -> tuple[str, Recall]:
    """Admin add/edit from a manufacturer's notice: parsed like any record, marked as not published by CPSC."""
    p = parse_record(raw)
    run = start_run("manual", run_source)
    existing = {recall.recall_number: recall} if recall is not None else _existing([p])
    if recall is not None and recall.recall_number != p.recall_number:
        raise MalformedRecord(p.recall_number, "the recall number can't be changed")
    status, saved = _upsert(p, raw, SOURCE_MANUAL, existing, run)
    if status is None:
        raise MalformedRecord(p.recall_number, run.error_details[-1]["error"])
    setattr(run, status, 1)
    finish_run(run)
    return status, saved


def mark_crosschecked(recall: Recall) -> bool:
    """Record that the cross-check ran for this version; False if it already had."""
    if recall.crosschecked_version == recall.version:
        return False
    recall.crosschecked_version = recall.version
    db.session.flush()
    return True


def pending_crosschecks(limit: int = 1000) -> list[int]:
    """Recalls whose current version hasn't been cross-checked (e.g. an enqueue lost after commit)."""
    q = select(Recall.id).where((Recall.crosschecked_version.is_(None)) |
                                (Recall.crosschecked_version != Recall.version)).limit(limit)
    return list(db.session.scalars(q))
