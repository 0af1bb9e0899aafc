"""Candidate lookups for the cross-check, through indexed keys only (never a scan of all saved products), and
the value objects the pure matcher takes."""
from __future__ import annotations

from sqlalchemy import and_, func, or_, select

from tracker.extensions import db
from tracker.models.products import SavedProduct
from tracker.models.recalls import Recall, RecallModelKey, RecallUPC
from tracker.recalls.matching import MAX_FAMILY_SUFFIX, MIN_FAMILY, ItemFacts, RecallFacts, RecallModel

ITEM_COLUMNS = (SavedProduct.id, SavedProduct.user_id, SavedProduct.kind, SavedProduct.brand_key,
                SavedProduct.model_key, SavedProduct.model_number, SavedProduct.serial_number,
                SavedProduct.purchase_date, SavedProduct.upc_key, SavedProduct.name, SavedProduct.nickname,
                SavedProduct.notes)


def recall_facts(recall: Recall) -> RecallFacts:
    """The matcher's view of a stored recall (its lookup keys, scope and who to contact)."""
    return RecallFacts(number=recall.display_number, brand_keys={b.brand_key for b in recall.brand_keys},
                       models=[RecallModel(m.model_key, m.text, m.excluded) for m in recall.model_keys],
                       upcs={u.upc for u in recall.upcs}, scope=recall.scope or {}, maker=maker_of(recall))


def maker_of(recall: Recall) -> str:
    """Who the member should contact: the first manufacturer, else the shortest brand name the recall gives."""
    makers = (recall.facts or {}).get("manufacturers") or []
    if makers:
        return makers[0]
    names = sorted((b.name for b in recall.brand_keys), key=len)
    return names[0] if names else ""


def item_facts(row) -> ItemFacts:
    """The matcher's view of a saved product (an ORM row or a row of ITEM_COLUMNS)."""
    words = " ".join(w for w in (row.name, row.nickname, row.notes) if w)
    return ItemFacts(brand_key=row.brand_key or "", model_key=row.model_key or "", model_number=row.model_number or "",
                     serial=row.serial_number or "", purchase_date=row.purchase_date, upc_key=row.upc_key or "",
                     words=words)


def family_prefixes(key: str) -> list[str]:
    """The key and each shorter key that may stand for its family (A3102016 -> A3102016, A3102, A31020, ...)."""
    low = max(MIN_FAMILY, len(key) - MAX_FAMILY_SUFFIX)
    shorter = [key[:n] for n in range(low, len(key)) if any(c.isdigit() for c in key[:n])]
    return [key, *shorter] if key else []


def can_head_family(key: str) -> bool:
    """Longer keys may belong to this key's family (the matcher's rule for the shorter side)."""
    return len(key) >= MIN_FAMILY and any(c.isdigit() for c in key)


def starts_with(column, key: str):
    """An index-friendly prefix condition: LIKE on PostgreSQL (varchar_pattern_ops index), a range on SQLite."""
    longer = func.length(column) <= len(key) + MAX_FAMILY_SUFFIX
    if db.engine.dialect.name == "postgresql":
        return and_(column.like(key + "%"), longer)  # keys are [0-9A-Z] only: nothing to escape
    return and_(column > key, column < key + "[", longer)  # '[' sorts right after 'Z' in binary collation


def candidate_items(facts: RecallFacts) -> list:
    """Saved products that may match a recall: model keys in the recall's families, longer models, or UPCs."""
    keys = {m.key for m in facts.models if not m.excluded and m.key}
    exact = sorted({p for k in keys for p in family_prefixes(k)})
    conds = [SavedProduct.model_key.in_(exact)] if exact else []
    conds += [starts_with(SavedProduct.model_key, k) for k in sorted(keys) if can_head_family(k)]
    if facts.upcs:
        conds.append(SavedProduct.upc_key.in_(sorted(facts.upcs)))
    if not conds:
        return []
    return list(db.session.execute(select(*ITEM_COLUMNS).where(or_(*conds))))


def candidate_recalls(item: SavedProduct) -> list[Recall]:
    """Recalls whose model keys (or UPCs) may match this saved product."""
    conds = []
    if item.model_key:
        conds.append(RecallModelKey.model_key.in_(family_prefixes(item.model_key)))
        if can_head_family(item.model_key):
            conds.append(starts_with(RecallModelKey.model_key, item.model_key))
    ids = select(RecallModelKey.recall_id).where(or_(*conds), RecallModelKey.excluded.is_(False)) if conds else None
    if item.upc_key:
        by_upc = select(RecallUPC.recall_id).where(RecallUPC.upc == item.upc_key)
        ids = by_upc if ids is None else ids.union(by_upc)
    if ids is None:
        return []
    return list(db.session.scalars(select(Recall).where(Recall.id.in_(ids)).order_by(Recall.id)))
