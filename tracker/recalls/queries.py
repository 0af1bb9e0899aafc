"""Read-side queries for recall pages and the API: search and browse, newest first."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select

from tracker.extensions import db
from tracker.models.recalls import IngestionRun, Recall, RecallBrandKey, RecallModelKey
from tracker.normalize import brand_key, model_key
from tracker.recalls.parsing import normalize_number


@dataclass
class SearchQuery:
    q: str = ""
    brand: str = ""
    hazard: str = ""
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1
    per_page: int = 20


def search(sq: SearchQuery) -> tuple[list[Recall], int]:
    """Recalls matching the filters, newest first, one page of them, and the total count."""
    stmt = select(Recall)
    for word in sq.q.split()[:8]:
        stmt = stmt.where(_text_clause(word))
    if sq.brand.strip():
        like = f"%{_escape(sq.brand.strip())}%"
        keyed = select(RecallBrandKey.recall_id).where(RecallBrandKey.brand_key == brand_key(sq.brand))
        stmt = stmt.where(or_(Recall.id.in_(keyed), Recall.brands.ilike(like, escape="\\")))
    if sq.hazard.strip():
        stmt = stmt.where(Recall.hazard.ilike(f"%{_escape(sq.hazard.strip())}%", escape="\\"))
    if sq.date_from:
        stmt = stmt.where(Recall.recall_date >= sq.date_from)
    if sq.date_to:
        stmt = stmt.where(Recall.recall_date <= sq.date_to)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = max(sq.page, 1)
    rows = db.session.scalars(stmt.order_by(Recall.recall_date.desc().nulls_last(), Recall.id.desc())
                              .offset((page - 1) * sq.per_page).limit(sq.per_page))
    return list(rows), total


def _text_clause(word: str):
    """One search word: a model key or recall number (exact, indexed) or text in the main columns."""
    like = f"%{_escape(word)}%"
    by_model = select(RecallModelKey.recall_id).where(RecallModelKey.model_key == model_key(word))
    cols = (Recall.title, Recall.description, Recall.brands, Recall.products, Recall.hazard)
    clauses = [c.ilike(like, escape="\\") for c in cols] + [Recall.id.in_(by_model)]
    if normalize_number(word):
        clauses.append(Recall.recall_number == normalize_number(word))
    return or_(*clauses)


def _escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def recent_runs(limit: int = 50) -> list[IngestionRun]:
    """The latest ingestion runs, newest first (admin page)."""
    return list(db.session.scalars(select(IngestionRun).order_by(IngestionRun.id.desc()).limit(limit)))
