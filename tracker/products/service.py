"""Saved products: create, edit, move, delete and list a member's products. Services add and flush; the caller
commits. `save()` is the one place a product's identity is written (issue 5 hooks its "check on save" here)."""
from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime, timezone

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select

from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.catalog import CatalogProduct
from tracker.models.products import SavedProduct
from tracker.normalize import brand_key, model_key, upc_key
from tracker.products import rules
from tracker.products.paging import Key, after, decode, encode, parse_datetime, parse_int, parse_str

logger = logging.getLogger(__name__)

# Every order ends with the id, so it is total: paging never shows a row twice or skips one on equal keys.
# Empty values sort last on SQLite and PostgreSQL alike (their NULL defaults differ); names ignore case.
_ID_DESC, _ID_ASC = Key(SavedProduct.id, parse_int, desc=True), Key(SavedProduct.id, parse_int)
SORT_KEYS: dict[str, tuple[Key, ...]] = {
    "newest": (Key(SavedProduct.created_at, parse_datetime, desc=True), _ID_DESC),
    "oldest": (Key(SavedProduct.created_at, parse_datetime), _ID_ASC),
    "brand": (Key(SavedProduct.brand_key, parse_str), Key(SavedProduct.model_key, parse_str), _ID_ASC),
    "name": (Key(func.lower(SavedProduct.name), parse_str, nullable=True), Key(SavedProduct.brand_key, parse_str),
             _ID_ASC),
    "purchased": (Key(SavedProduct.purchase_date, date.fromisoformat, desc=True, nullable=True), _ID_DESC),
}
EXPORT_BATCH = 1000
SEEK_LIMIT, SEEK_MAX = 100, 500  # API page size: default and largest


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


def _filtered(user: User, q: str = "", kind: str | None = None) -> Select:
    """The member's products, optionally filtered by text and list (no order)."""
    stmt = select(SavedProduct).where(SavedProduct.user_id == user.id)
    if kind in rules.KINDS:
        stmt = stmt.where(SavedProduct.kind == kind)
    if q.strip():
        stmt = stmt.where(_text_filter(q.strip()))
    return stmt


def _keys(sort: str) -> tuple[Key, ...]:
    return SORT_KEYS.get(sort, SORT_KEYS["newest"])


def count(user: User, q: str = "", kind: str | None = None) -> int:
    """How many products match; without text this is an index-only COUNT on (user_id, kind)."""
    stmt = _filtered(user, q, kind).with_only_columns(func.count(), maintain_column_froms=True)
    return db.session.scalar(stmt) or 0


@dataclass
class Page:
    """One numbered page of a list; `number` is 1-based and always within 1..pages."""

    items: list[SavedProduct]
    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.size)

    @property
    def first(self) -> int:
        """1-based position of the first item shown (0 when there is none)."""
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last(self) -> int:
        return (self.number - 1) * self.size + len(self.items)


def page_count(total: int, size: int) -> int:
    """Pages of `size` that `total` rows fill (one, empty, when there are none)."""
    return max((total + size - 1) // size, 1)


def page(user: User, q: str = "", kind: str | None = None, sort: str = "newest", number: int = 1,
         size: int = 50) -> Page:
    """Page `number` of the member's products; a number past the end gives the last page.

    OFFSET, not keyset, for the member pages: people jump to "page 7" and back, which a cursor can't do. It stays
    cheap because a list is one member's rows (the user_id index finds them; the default order also reads
    ix_saved_products_user_id_created_at in order), so OFFSET skips at most that member's few thousand rows;
    the API and the export, which walk whole lists, seek instead (see seek() and batches())."""
    total = count(user, q, kind)
    number = min(max(number, 1), page_count(total, size))
    stmt = _filtered(user, q, kind).order_by(*(k.order() for k in _keys(sort)))
    items = list(db.session.scalars(stmt.offset((number - 1) * size).limit(size)))
    return Page(items, total, number, size)


def seek(user: User, q: str = "", kind: str | None = None, sort: str = "newest", cursor: str | None = None,
         limit: int = SEEK_LIMIT) -> tuple[list[SavedProduct], str | None]:
    """Up to `limit` products after `cursor` (None: from the start) and the cursor of the next page (None: the
    end). InvalidCursor for a cursor not made by this function for this sort."""
    sort = sort if sort in SORT_KEYS else "newest"
    keys = SORT_KEYS[sort]
    stmt = _filtered(user, q, kind).add_columns(*(k.expr for k in keys)).order_by(*(k.order() for k in keys))
    if cursor is not None:
        stmt = stmt.where(after(keys, decode(cursor, sort, keys)))
    rows = db.session.execute(stmt.limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return [r[0] for r in rows], (encode(sort, tuple(rows[-1])[1:]) if more else None)


def batches(user: User, size: int = EXPORT_BATCH) -> Iterator[list[SavedProduct]]:
    """Every product of the member, oldest first, `size` at a time: one short query per batch, so memory stays
    flat and no cursor is held open while a slow client downloads."""
    cursor: str | None = None
    while True:
        items, cursor = seek(user, sort="oldest", cursor=cursor, limit=size)
        if items:
            yield items
        if cursor is None:
            return


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
