"""Generated data for the benchmarks, made inside PostgreSQL (generate_series) so 10M saved products load in
minutes, and kept between runs: a dataset whose size and version match is reused as is.

Realistic enough to be honest: ~2.5 saved products per member, brands and models drawn from a skewed (power-law)
pool that mixes the real model keys of the imported CPSC recalls with synthetic ones, serials and purchase dates on
some products only, a few "love" (wish-list) items, 10% of members with an ended membership, some members with
digest or no email. Planted on top: the A3102 recall's owners (0.69% of products: 69,000 at 10M) with varied
serials and dates, and a few owners of a second real recall ("few owners"). All products are stored in random order,
so a recall's owners are spread over the whole table as they would be after years of saving."""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from sqlalchemy import text

from tracker.normalize import brand_key

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "tests" / "data" / "recalls" / "cpsc"
FILES = ("cpsc_api_recalls_2023-12_to_2026-03.json", "cpsc_api_sample_1976-2017_xdgov_utf8_repaired.json")
VERSION = "6"  # bump when the generator changes: cached datasets are rebuilt
A3102 = "25056"
OWNER_SHARE = 0.0069  # 69,000 owners of the A3102 recall at 10M saved products
SYNTHETIC_MODELS = 200_000
logger = logging.getLogger(__name__)


def owners_for(n: int) -> int:
    return round(n * OWNER_SHARE)


def few_for(n: int) -> int:
    return 20 + n // 500_000


def ensure(db, n: int) -> dict:
    """Make sure the bench database holds exactly this dataset; returns {"seconds": generation time or 0, ...}."""
    meta = _meta(db)
    if meta.get("version") == VERSION and meta.get("n") == str(n):
        _upgrade(db)  # a cached dataset gets the schema's new migrations, not a rebuild
        return {"seconds": 0.0, "reused": True, "few_recall": meta["few_recall"]}
    t = time.perf_counter()
    _reset(db)
    _import_recalls(db)
    few = _pick_few_recall(db)
    _generate(db, n, few)
    _set_meta(db, {"version": VERSION, "n": str(n), "few_recall": few, "seconds": f"{time.perf_counter() - t:.1f}"})
    return {"seconds": time.perf_counter() - t, "reused": False, "few_recall": few}


def _meta(db) -> dict:
    exists = db.session.scalar(text("SELECT to_regclass('bench_meta') IS NOT NULL"))
    return dict(db.session.execute(text("SELECT key, value FROM bench_meta")).all()) if exists else {}


def _set_meta(db, values: dict) -> None:
    db.session.execute(text("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text)"))
    db.session.execute(text("DELETE FROM bench_meta"))
    db.session.execute(text("INSERT INTO bench_meta VALUES (:k, :v)"), [{"k": k, "v": v} for k, v in values.items()])
    db.session.commit()


def schema_for(n: int) -> str:
    """Each size lives in its own schema of the bench database, so 100k, 1M and 10M stay cached side by side."""
    return f"bench_{n}"


def ensure_schema(url: str, schema: str) -> None:
    """CREATE SCHEMA IF NOT EXISTS, before an app's connections put it first in their search_path."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
    engine.dispose()


def _reset(db) -> None:
    schema = _bench_schema(db)
    db.session.commit()
    db.session.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    db.session.execute(text(f"CREATE SCHEMA {schema}"))
    db.session.commit()
    _upgrade(db)


def _bench_schema(db) -> str:
    schema = db.session.scalar(text("SELECT (current_schemas(false))[1]")) or ""
    if not schema.startswith("bench_"):
        raise SystemExit(f"refusing to touch schema {schema!r}: expected a bench_N schema in the search_path")
    return schema


def _upgrade(db) -> None:
    from flask_migrate import upgrade

    _bench_schema(db)
    db.session.commit()
    upgrade()


def _import_recalls(db) -> None:
    from tracker.recalls import runner

    for name in FILES:
        runner.import_records(json.loads((RECORDS / name).read_text(encoding="utf-8")), "bench", lambda ids: None)


def _pick_few_recall(db) -> str:
    """A real recall (not 25056) naming 3+ models of a named brand: its owners are planted, a handful of them."""
    return db.session.scalar(text("""
        SELECT r.recall_number FROM recalls r
        JOIN recall_model_keys k ON k.recall_id = r.id AND NOT k.excluded AND length(k.model_key) >= 5
        WHERE r.recall_number <> :a AND EXISTS (SELECT 1 FROM recall_brand_keys b WHERE b.recall_id = r.id)
        GROUP BY r.recall_number HAVING count(*) BETWEEN 3 AND 12 ORDER BY r.recall_number DESC LIMIT 1"""),
        {"a": A3102})


def _generate(db, n: int, few: str) -> None:
    users = max(n * 2 // 5, 10)
    owners, few_n = owners_for(n), few_for(n)
    steps = [("users", _USERS, {"users": users}), ("memberships", _MEMBERSHIPS, {}),
             ("preferences", _PREFERENCES, {}), ("model pool", _POOL, {"a": A3102, "few": few, "syn": SYNTHETIC_MODELS}),
             ("drop indexes", _DROP_INDEXES, {}), ("staging", _STAGING, {}),
             ("saved products", _PRODUCTS, {"n": n - owners - few_n, "users": users}),
             ("A3102 owners", _A3102_OWNERS, {"n": owners, "users": users, "anker": brand_key("Anker"),
                                                "soundcore": brand_key("Soundcore")}),
             ("few owners", _FEW_OWNERS, {"n": few_n, "users": users, "few": few}),
             ("scatter", _SCATTER, {}),
             ("create indexes", _CREATE_INDEXES, {}), ("analyze", "ANALYZE", {})]
    db.session.execute(text("SET maintenance_work_mem = '1GB'"))
    db.session.execute(text("SET session_replication_role = replica"))  # no FK triggers while loading
    for name, sql, params in steps:
        t = time.perf_counter()
        for part in (p for p in sql.split(";") if p.strip()):  # one statement per execute (bound parameters)
            db.session.execute(text(part), params)
        db.session.commit()
        print(f"  generate {name}: {time.perf_counter() - t:.1f} s", flush=True)
    db.session.execute(text("SET session_replication_role = origin"))
    db.session.commit()


_USERS = """
INSERT INTO users (email, password_hash, is_admin, created_at, password_changed_at)
SELECT 'u' || g || '@bench.test', 'x', false, now(), now() FROM generate_series(1, :users) g"""
# 90% active subscriptions, 10% canceled (they get the short safety notice instead of the full alert).
_MEMBERSHIPS = """
INSERT INTO memberships (user_id, status, current_period_end, cancel_at_period_end, updated_at)
SELECT id, CASE WHEN id % 10 = 3 THEN 'canceled' ELSE 'active' END, now() + interval '20 days', false, now()
FROM users"""
# 20% of members chose: most of them "immediately", 2% of all members the daily digest, 2% no email (versions
# before 6 picked ids that no member with a preference has: nobody was in digest or no-email mode).
_PREFERENCES = """
INSERT INTO notification_preferences (user_id, email_mode, in_app, unsubscribe_token, updated_at)
SELECT id, CASE WHEN id % 50 = 5 THEN 'digest' WHEN id % 50 = 10 THEN 'off' ELSE 'immediately' END, true,
       md5('tok' || id), now()
FROM users WHERE id % 5 = 0"""
# The pool: every real recalled model key (with its recall's brand), except 25056's and the few-owners recall's,
# which are planted with exact counts, then synthetic models of common brands. Popular entries first.
_POOL = """
CREATE TABLE bench_pool AS
WITH real AS (
    SELECT DISTINCT ON (k.model_key) k.model_key, k.text AS model_number, b.name AS brand, b.brand_key,
           left(r.title, 60) AS name
    FROM recall_model_keys k JOIN recalls r ON r.id = k.recall_id
    JOIN recall_brand_keys b ON b.recall_id = r.id
    WHERE NOT k.excluded AND r.recall_number NOT IN (:a, :few)
    ORDER BY k.model_key, b.id
), brands(i, brand) AS (
    SELECT ordinality, b FROM unnest(ARRAY['Samsung','LG','Sony','Philips','Dyson','Ninja','Cuisinart','Graco',
        'Bose','JBL','KitchenAid','Hamilton Beach','Fisher-Price','Evenflo','Black+Decker','DeWalt','Ryobi','Anker',
        'Belkin','Keurig','Instant Pot','Shark','Bissell','Whirlpool','GE','Frigidaire','Igloo','Coleman','Peloton',
        'Schwinn']) WITH ORDINALITY AS t(b, ordinality)
), synthetic AS (
    SELECT upper(substr(md5(g::text), 1, 2)) || (1000 + g % 9000)::text || upper(substr(md5(g::text), 3, g % 4))
           AS model_number, (g % 30) + 1 AS bi, g FROM generate_series(1, :syn) g
)
SELECT row_number() OVER (ORDER BY sort) AS idx, model_key, model_number, brand, brand_key, name FROM (
    SELECT random() AS sort, model_key, model_number, brand, brand_key, name FROM real
    UNION ALL
    SELECT random(), regexp_replace(s.model_number, '[^0-9A-Z]', '', 'g'), s.model_number, b.brand,
           regexp_replace(lower(b.brand), '[^a-z0-9]', '', 'g'), b.brand || ' ' || s.model_number
    FROM synthetic s JOIN brands b ON b.i = s.bi
) pool;
CREATE UNIQUE INDEX ON bench_pool (idx)"""
_INDEXES = ["ix_saved_products_model_key", "ix_saved_products_model_key_prefix",
            "ix_saved_products_brand_key_model_key", "ix_saved_products_brand_key_prefix",
            "ix_saved_products_upc_key", "ix_saved_products_user_id_kind", "ix_saved_products_catalog_product_id"]
_DROP_INDEXES = "; ".join(f"DROP INDEX IF EXISTS {i}" for i in _INDEXES)
_CREATE_INDEXES = """
CREATE INDEX ix_saved_products_model_key ON saved_products (model_key);
CREATE INDEX ix_saved_products_model_key_prefix ON saved_products (model_key varchar_pattern_ops);
CREATE INDEX ix_saved_products_brand_key_model_key ON saved_products (brand_key, model_key);
CREATE INDEX ix_saved_products_brand_key_prefix ON saved_products (brand_key varchar_pattern_ops);
CREATE INDEX ix_saved_products_upc_key ON saved_products (upc_key);
CREATE INDEX ix_saved_products_user_id_kind ON saved_products (user_id, kind);
CREATE INDEX ix_saved_products_catalog_product_id ON saved_products (catalog_product_id)"""
# Products are generated into a staging table, then stored in random order: members save a recalled model over
# years, so its owners' rows lie all over the table (one heap page each), not in one block at the end. A block
# would flatter every per-row cost of a recall's owners: the candidate fetch and the row locks of the alert's key.
_STAGING = """
DROP TABLE IF EXISTS staged_products;
CREATE UNLOGGED TABLE staged_products (LIKE saved_products INCLUDING DEFAULTS)"""
_SCATTER = """
SET LOCAL work_mem = '256MB';
INSERT INTO saved_products (user_id, kind, brand, model_number, name, serial_number, purchase_date, brand_key,
                            model_key, created_at, updated_at)
SELECT user_id, kind, brand, model_number, name, serial_number, purchase_date, brand_key, model_key, created_at,
       updated_at
FROM staged_products ORDER BY random();
DROP TABLE staged_products"""
# Skewed draw: pool index = size * u^3 (the most popular 10% of models get ~46% of the saves).
_PRODUCTS = """
INSERT INTO staged_products (user_id, kind, brand, model_number, name, serial_number, purchase_date, brand_key,
                             model_key, created_at, updated_at)
SELECT 1 + (g % :users), CASE WHEN g % 20 = 7 THEN 'love' ELSE 'own' END, p.brand, p.model_number, p.name,
       CASE WHEN g % 5 < 2 THEN upper(substr(md5('s' || g), 1, 12)) END,
       CASE WHEN g % 2 = 0 THEN date '2026-01-01' - (g % 2000) END, p.brand_key, p.model_key, now(), now()
FROM (SELECT g, 1 + floor((SELECT count(*) FROM bench_pool) * power(random(), 3))::int AS idx
      FROM generate_series(1, :n) g) d
JOIN bench_pool p ON p.idx = d.idx"""
# A3102 owners: mostly "A3102", some "A3102016" (a version in the family), serials in the recalled 16-digit form,
# other forms or none, purchase dates on some; each on a random member. Brand keys as the app computes them (up to
# data version 6 this wrote "soundcore", where the app keys Soundcore as Anker's brand: those 1 in 7 owners were
# brand clashes, so 8,000 fewer alerts at 10M; migration 0011 re-keys such data).
_A3102_OWNERS = """
INSERT INTO staged_products (user_id, kind, brand, model_number, name, serial_number, purchase_date, brand_key,
                             model_key, created_at, updated_at)
SELECT 1 + floor(random() * :users)::int, CASE WHEN g % 25 = 0 THEN 'love' ELSE 'own' END,
       CASE WHEN g % 7 = 0 THEN 'Soundcore' ELSE 'Anker' END,
       CASE WHEN g % 10 = 9 THEN 'A3102016' ELSE 'A3102' END,
       (ARRAY['Soundcore speaker', 'Soundcore Bluetooth speaker', 'Anker speaker', NULL])[1 + g % 4],
       CASE WHEN g % 10 < 5 THEN 'AK3102' || lpad((g * 7919 % 10000000000)::text, 10, '0')
            WHEN g % 10 < 7 THEN 'A' || (g % 99999)::text END,
       CASE WHEN g % 3 = 0 THEN date '2024-06-01' - (g % 900) END,
       CASE WHEN g % 7 = 0 THEN :soundcore ELSE :anker END,
       CASE WHEN g % 10 = 9 THEN 'A3102016' ELSE 'A3102' END, now(), now()
FROM generate_series(1, :n) g"""
_FEW_OWNERS = """
INSERT INTO staged_products (user_id, kind, brand, model_number, name, serial_number, purchase_date, brand_key,
                             model_key, created_at, updated_at)
SELECT 1 + floor(random() * :users)::int, 'own', b.name, k.text, left(r.title, 60),
       CASE WHEN g % 2 = 0 THEN 'SN' || g END, NULL, b.brand_key, k.model_key, now(), now()
FROM generate_series(1, :n) g
JOIN recalls r ON r.recall_number = :few
JOIN LATERAL (SELECT * FROM recall_brand_keys WHERE recall_id = r.id ORDER BY id LIMIT 1) b ON true
JOIN LATERAL (SELECT text, model_key FROM recall_model_keys WHERE recall_id = r.id AND NOT excluded
              ORDER BY model_key OFFSET g % 3 LIMIT 1) k ON true"""
