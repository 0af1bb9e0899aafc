"""The product catalog: search it, pick from it, load it from CSV (upsert by brand + model)."""
from __future__ import annotations

import csv
import logging
from pathlib import Path
from typing import IO

from sqlalchemy import or_, select

from tracker.extensions import db
from tracker.models.catalog import CatalogProduct
from tracker.normalize import brand_key, model_key, upc_key
from tracker.products import rules

logger = logging.getLogger(__name__)
SEED = Path(__file__).resolve().parent / "data" / "catalog_seed.csv"
COLUMNS = ("brand", "model_number", "name", "upc", "category", "source")


def search(q: str, limit: int = 20) -> list[CatalogProduct]:
    """Catalog products whose brand, model, name or UPC match `q` (model numbers however spelled)."""
    q = q.strip()
    if not q:
        return []
    like = f"%{q.replace('%', '').replace('_', '')}%"
    conds = [CatalogProduct.brand.ilike(like), CatalogProduct.name.ilike(like),
             CatalogProduct.model_number.ilike(like), CatalogProduct.category.ilike(like)]
    if model_key(q):
        conds.append(CatalogProduct.model_key.contains(model_key(q), autoescape=True))
    if brand_key(q):
        conds.append(CatalogProduct.brand_key == brand_key(q))
    if upc_key(q) and len(upc_key(q)) >= 8:
        conds.append(CatalogProduct.upc_key == upc_key(q))
    stmt = select(CatalogProduct).where(or_(*conds)).order_by(CatalogProduct.brand, CatalogProduct.model_number)
    return list(db.session.scalars(stmt.limit(limit)))


def get(product_id: int) -> CatalogProduct | None:
    """One catalog product by id."""
    return db.session.get(CatalogProduct, product_id)


def find(brand: str, model: str) -> CatalogProduct | None:
    """The catalog product with this brand and model, however either is spelled."""
    return db.session.scalar(select(CatalogProduct).filter_by(brand_key=brand_key(brand), model_key=model_key(model)))


def prefill(product: CatalogProduct) -> dict:
    """Saved-product form values taken from a catalog product."""
    return {"brand": product.brand, "model_number": product.model_number, "name": product.name,
            "upc": product.upc or "", "catalog_product_id": str(product.id)}


def upsert(row: dict) -> str:
    """Insert or update one catalog product; returns 'imported', 'updated', 'unchanged' or an error text."""
    brand, model = (row.get("brand") or "").strip(), (row.get("model_number") or "").strip()
    if not brand or not model_key(model):
        return "error: brand and model_number are required"
    upc = (row.get("upc") or "").strip() or None
    if upc and rules.upc_error(upc):
        return f"error: upc {upc}: {rules.upc_error(upc)}"
    values = {"brand": brand[:100], "model_number": model[:100], "name": (row.get("name") or "").strip()[:200],
              "upc": upc, "category": (row.get("category") or "").strip()[:100],
              "source": (row.get("source") or "").strip()[:200], "upc_key": upc_key(upc) or None}
    keys = {"brand_key": brand_key(brand), "model_key": model_key(model)}
    found = db.session.scalar(select(CatalogProduct).filter_by(**keys))
    if found is None:
        db.session.add(CatalogProduct(**keys, **values))
        return "imported"
    if all(getattr(found, k) == v for k, v in values.items()):
        return "unchanged"
    for k, v in values.items():
        setattr(found, k, v)
    return "updated"


def import_csv(stream: IO[str]) -> dict[str, int]:
    """Load a catalog CSV (columns: brand, model_number, name, upc, category, source); returns counts."""
    counts = {"imported": 0, "updated": 0, "unchanged": 0, "errors": 0}
    for line, row in enumerate(csv.DictReader(stream), start=2):
        outcome = upsert(row)
        if outcome.startswith("error"):
            counts["errors"] += 1
            logger.warning("catalog CSV line %s: %s", line, outcome)
        else:
            counts[outcome] += 1
        db.session.flush()
    return counts


def load_seed() -> dict[str, int]:
    """The bundled starter catalog (real products, many named in CPSC recalls)."""
    with SEED.open(newline="", encoding="utf-8") as fh:
        return import_csv(fh)
