"""Saved products: create, edit, move, delete and list a member's products. Services add and flush; the caller
commits. `save()` is the one place a product's identity is written (issue 5 hooks its "check on save" here)."""
from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime, timezone

from sqlalchemy import func, or_, select

from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.catalog import CatalogProduct
from tracker.models.products import SavedProduct
from tracker.normalize import brand_key, model_key, upc_key
from tracker.products import rules

logger = logging.getLogger(__name__)

# Empty values sort last on SQLite and PostgreSQL alike (their NULL defaults differ); names ignore case.
SORTS = {
    "newest": (SavedProduct.created_at.desc(), SavedProduct.id.desc()),
    "oldest": (SavedProduct.created_at.asc(), SavedProduct.id.asc()),
    "brand": (SavedProduct.brand_key.asc(), SavedProduct.model_key.asc(), SavedProduct.id.asc()),
    "name": (func.lower(SavedProduct.name).asc().nulls_last(), SavedProduct.brand_key.asc(), SavedProduct.id.asc()),
    "purchased": (SavedProduct.purchase_date.desc().nulls_last(), SavedProduct.id.desc()),
}
LIST_LIMIT = 1000


class InvalidProduct(ValueError):
    """Input that breaks the rules; `errors` maps field names to messages."""

    def __init__(self, errors: rules.Errors):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def today() -> date:
    """Today's date in UTC (purchase dates may not be later)."""
    return datetime.now(timezone.utc).date()


def validate(raw: Mapping, partial: bool = False) -> dict:
    """Clean values for `raw`, or InvalidProduct with per-field errors."""
    values, errors = rules.clean(dict(raw), today(), partial=partial)
    if values.get("catalog_product_id") and "catalog_product_id" not in errors:
        if db.session.get(CatalogProduct, values["catalog_product_id"]) is None:
            errors["catalog_product_id"] = ["No catalog product has this id."]
    if errors:
        raise InvalidProduct(errors)
    return values


def save(user: User, raw: Mapping, item: SavedProduct | None = None, partial: bool = False) -> SavedProduct:
    """Create (item=None) or update one of `user`'s products from raw input; keys are recomputed."""
    values = validate(raw, partial=partial and item is not None)
    if item is None:
        item = SavedProduct(user_id=user.id)
        db.session.add(item)
    elif item.user_id != user.id:
        raise PermissionError("not this member's product")
    for name, value in values.items():
        setattr(item, name, value)
    set_keys(item)
    db.session.flush()
    logger.info("saved product %s for user %s", item.id, user.id)
    return item


def set_keys(item: SavedProduct) -> None:
    """Normalized keys next to the member's own text (what matching compares)."""
    item.model_key = model_key(item.model_number)
    item.brand_key = brand_key(item.brand)
    item.upc_key = upc_key(item.upc) or None


def move(item: SavedProduct, kind: str) -> SavedProduct:
    """Move a product between "own" and "love"."""
    if kind not in rules.KINDS:
        raise InvalidProduct({"kind": ["Choose 'own' or 'love'."]})
    item.kind = kind
    db.session.flush()
    return item


def delete(item: SavedProduct) -> None:
    """Delete one product."""
    db.session.delete(item)
    db.session.flush()


def get_owned(user: User, item_id: int) -> SavedProduct | None:
    """The product with this id if it belongs to `user`; None for anyone else's (callers answer 404)."""
    return db.session.scalar(select(SavedProduct).where(SavedProduct.id == item_id,
                                                        SavedProduct.user_id == user.id))


def search(user: User, q: str = "", kind: str | None = None, sort: str = "newest") -> list[SavedProduct]:
    """The member's products, optionally filtered by text and list, in the chosen order."""
    stmt = select(SavedProduct).where(SavedProduct.user_id == user.id)
    if kind in rules.KINDS:
        stmt = stmt.where(SavedProduct.kind == kind)
    if q.strip():
        stmt = stmt.where(_text_filter(q.strip()))
    stmt = stmt.order_by(*SORTS.get(sort, SORTS["newest"])).limit(LIST_LIMIT)
    return list(db.session.scalars(stmt))


def _text_filter(q: str):
    """Matches the words of any text field, or the model number however it is spelled."""
    like = f"%{_escape_like(q)}%"
    cols = (SavedProduct.brand, SavedProduct.model_number, SavedProduct.name, SavedProduct.nickname,
            SavedProduct.serial_number, SavedProduct.retailer, SavedProduct.notes, SavedProduct.upc)
    conds = [c.ilike(like, escape="\\") for c in cols]
    if model_key(q):
        conds.append(SavedProduct.model_key.contains(model_key(q), autoescape=True))
    if brand_key(q):
        conds.append(SavedProduct.brand_key == brand_key(q))
    return or_(*conds)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def to_dict(item: SavedProduct) -> dict:
    """The API's SavedProduct shape."""
    return {
        "id": item.id, "kind": item.kind, "brand": item.brand, "model_number": item.model_number,
        "name": item.name, "serial_number": item.serial_number,
        "purchase_date": item.purchase_date.isoformat() if item.purchase_date else None,
        "retailer": item.retailer, "upc": item.upc, "nickname": item.nickname, "notes": item.notes,
        "catalog_product_id": item.catalog_product_id,
        "created_at": item.created_at.isoformat(), "updated_at": item.updated_at.isoformat(),
    }
