"""stored brand keys recomputed with the fixed normalize.brand_key

brand_key read "It's a" as "it s a", whose "s a" is the corporate suffix S.A.: "It's a Girl Thing" was keyed
"itgirlthing" and "Its a Girl Thing" "itsagirlthing". An apostrophe now joins its word, and dotted initials are one
word, so "Makita U.S.A., Inc" folds to "makita" like "Makita USA" (it was "makitau"). Keys are stored in three places,
each recomputed here in batches by id (SQLite and PostgreSQL):

- saved_products.brand_key, from the product's brand (no UNIQUE key includes it);
- catalog_products.brand_key, UNIQUE with model_key: two rows the new key makes one product ("It's a Girl Thing" and
  "Its a Girl Thing", same model) are merged into the row that already holds the key, else the lowest id; saved
  products pointing at the other row point at the kept one. Moving rows pass through a placeholder key, so a row
  moving onto another moving row's old key never collides half-way;
- recall_brand_keys (UNIQUE recall_id, brand_key): a recall's rows are rebuilt with the parser's own mapping
  (recalls.service.brand_key_rows, what `flask recalls reparse` stores) from the record's brand names, so two names
  that now share a key keep the first, as a fresh parse would. The names are the parse's when it gives the stored
  brands, else (a parser upgrade `reparse` hasn't applied yet) the stored rows' names.

A recall whose rows change gets a new version and a change note, as reparse gives it; it and every recall whose brand
keys agree with a saved product's changed key (the save direction's brand lookup) is marked not cross-checked, so the
beat's requeue-crosschecks revises their alerts. Downgrade leaves the keys as they are: the older function computes
its own keys again when a product is edited or `flask recalls reparse` runs.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 07:05:00

"""
import logging
from collections import defaultdict

from alembic import op
import sqlalchemy as sa

from tracker.models.base import UTCDateTime, utcnow
from tracker.normalize import brand_key


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

logger = logging.getLogger('alembic.runtime.migration')
BATCH = 1000
NOTE = 'brand keys recomputed (an apostrophe is no "S.A."; dotted initials are one word)'

saved = sa.table('saved_products', sa.column('id', sa.Integer), sa.column('brand', sa.String),
                 sa.column('brand_key', sa.String), sa.column('catalog_product_id', sa.Integer))
catalog = sa.table('catalog_products', sa.column('id', sa.Integer), sa.column('brand', sa.String),
                   sa.column('brand_key', sa.String), sa.column('model_key', sa.String))
recalls = sa.table('recalls', sa.column('id', sa.Integer), sa.column('brands', sa.Text), sa.column('raw', sa.JSON),
                   sa.column('version', sa.Integer), sa.column('crosschecked_version', sa.Integer),
                   sa.column('updated_at', UTCDateTime))
keys = sa.table('recall_brand_keys', sa.column('id', sa.Integer), sa.column('recall_id', sa.Integer),
                sa.column('brand_key', sa.String), sa.column('name', sa.String))
changes = sa.table('recall_changes', sa.column('recall_id', sa.Integer), sa.column('changed_at', UTCDateTime),
                   sa.column('source', sa.String), sa.column('summary', sa.Text), sa.column('fields', sa.JSON))


def upgrade():
    logger.info('brand keys recomputed: %s', rekey(op.get_bind()))


def downgrade():
    pass  # see the module docstring: the keys stay


def rekey(conn, batch: int = BATCH) -> dict:
    """Recompute every stored brand key; returns the counts of rows changed."""
    moved_keys, products = _rekey_saved(conn, batch)
    catalog_moved, merged = _rekey_catalog(conn, batch)
    rebuilt = _rekey_recalls(conn, batch)
    recheck = rebuilt | _recalls_of_brands(conn, moved_keys)
    _mark(conn, rebuilt, recheck, batch)
    return {'saved_products': products, 'catalog_products': catalog_moved, 'catalog_merged': merged,
            'recalls_rekeyed': len(rebuilt), 'recalls_to_crosscheck': len(recheck)}


def _batches(conn, table, columns, batch: int):
    last = 0
    while True:
        rows = conn.execute(sa.select(table.c.id, *columns).where(table.c.id > last)
                            .order_by(table.c.id).limit(batch)).all()
        if not rows:
            return
        last = rows[-1].id
        yield rows


def _set_keys(conn, table, new: dict[int, str]) -> None:
    if new:
        conn.execute(table.update().where(table.c.id == sa.bindparam('_id')).values(brand_key=sa.bindparam('_key')),
                     [{'_id': i, '_key': k} for i, k in new.items()])


def _rekey_saved(conn, batch: int) -> tuple[set[str], int]:
    """Saved products' keys; returns their old and new keys (for the cross-check) and how many moved."""
    moved, count = set(), 0
    for rows in _batches(conn, saved, (saved.c.brand, saved.c.brand_key), batch):
        new = {r.id: k for r in rows if (k := brand_key(r.brand)) != r.brand_key}
        _set_keys(conn, saved, new)
        moved |= {r.brand_key for r in rows if r.id in new} | set(new.values())
        count += len(new)
    return moved, count


def _rekey_catalog(conn, batch: int) -> tuple[int, int]:
    """Catalog keys, merging the rows the new key makes one (brand key, model key); returns (moved, merged)."""
    moves: dict[int, tuple[str, str]] = {}
    for rows in _batches(conn, catalog, (catalog.c.brand, catalog.c.brand_key, catalog.c.model_key), batch):
        moves.update({r.id: (k, r.model_key) for r in rows if (k := brand_key(r.brand)) != r.brand_key})
    keep: dict[tuple[str, str], int] = {}
    for target in {t for t in moves.values()}:
        holders = conn.scalars(sa.select(catalog.c.id).where(catalog.c.brand_key == target[0],
                                                             catalog.c.model_key == target[1])).all()
        staying = [i for i in holders if i not in moves]
        keep[target] = min(staying or [i for i, t in moves.items() if t == target])
    merged = [i for i, t in moves.items() if keep[t] != i]
    for i in merged:
        conn.execute(saved.update().where(saved.c.catalog_product_id == i)
                     .values(catalog_product_id=keep[moves[i]]))
        conn.execute(catalog.delete().where(catalog.c.id == i))
    movers = {i: t[0] for i, t in moves.items() if keep[t] == i}
    _set_keys(conn, catalog, {i: f'~{i}' for i in movers})  # placeholders: unique, and no real key starts with "~"
    _set_keys(conn, catalog, movers)
    return len(movers), len(merged)


def _rekey_recalls(conn, batch: int) -> set[int]:
    """Rebuild the brand-key rows of recalls whose rows the fixed key changes; returns their ids."""
    from tracker.recalls.service import brand_key_rows

    rebuilt = set()
    for rows in _batches(conn, recalls, (recalls.c.brands, recalls.c.raw), batch):
        stored = defaultdict(list)
        for k in conn.execute(sa.select(keys.c.recall_id, keys.c.brand_key, keys.c.name)
                              .where(keys.c.recall_id.in_([r.id for r in rows])).order_by(keys.c.id)):
            stored[k.recall_id].append((k.brand_key, k.name))
        for r in rows:
            want = brand_key_rows(_brand_names(r, [n for _, n in stored[r.id]]))
            if sorted(want) == sorted(stored[r.id]):
                continue
            conn.execute(keys.delete().where(keys.c.recall_id == r.id))
            if want:
                conn.execute(keys.insert(), [{'recall_id': r.id, 'brand_key': k, 'name': n} for k, n in want])
            rebuilt.add(r.id)
    return rebuilt


def _brand_names(recall, stored_names: list[str]) -> list[str]:
    """The names a recall's rows come from: the parse's, when it gives the stored brands, else the stored rows'."""
    from tracker.recalls.parsing import MalformedRecord, parse_record

    try:
        brands = parse_record(recall.raw).brands
    except MalformedRecord:
        return stored_names
    return brands if '; '.join(brands) == recall.brands else stored_names


def _recalls_of_brands(conn, brand_keys: set[str]) -> set[int]:
    """Recalls whose brand keys agree with any of these member keys (the save direction's brand lookup)."""
    from tracker.alerts.candidates import recall_brand_conditions
    from tracker.models.recalls import RecallBrandKey

    found = set()
    for k in sorted(k for k in brand_keys if k):
        found |= set(conn.scalars(sa.select(RecallBrandKey.recall_id).where(sa.or_(*recall_brand_conditions(k)))))
    return found


def _mark(conn, rebuilt: set[int], recheck: set[int], batch: int) -> None:
    """New versions and change notes for rebuilt recalls; every recall to recheck loses its cross-check mark."""
    now = utcnow()
    for ids in _chunks(sorted(rebuilt), batch):
        conn.execute(recalls.update().where(recalls.c.id.in_(ids))
                     .values(version=recalls.c.version + 1, updated_at=now))
        conn.execute(changes.insert(), [{'recall_id': i, 'changed_at': now, 'source': 'parser', 'summary': NOTE,
                                         'fields': []} for i in ids])
    for ids in _chunks(sorted(recheck), batch):
        conn.execute(recalls.update().where(recalls.c.id.in_(ids)).values(crosschecked_version=None))


def _chunks(items: list, size: int):
    return (items[i:i + size] for i in range(0, len(items), size))
