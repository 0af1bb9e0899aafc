"""Cross-check speed: one recall against N generated saved products, next to the raw indexed SQL lookup of the
same candidate keys (the floor). Prints figures; not a test.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/recall_bench \
        .venv/bin/python bench/crosscheck.py --products 100000 --owners 6900

Uses (and empties) the database it is given: never point it at real data."""
from __future__ import annotations

import argparse
import json
import random
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RECORD = ROOT / ".." / "shared" / "data" / "recalls" / "cpsc" / "cpsc_api_recall_25056_anker_soundcore_A3102_A3302.json"
BRANDS = ["sony", "lg", "samsung", "jbl", "bose", "philips", "dyson", "ninja", "cuisinart", "graco"]


def _model(rng: random.Random) -> str:
    return rng.choice(string.ascii_uppercase) + "".join(rng.choices(string.digits + "ABCDEFGH", k=rng.randint(4, 9)))


def populate(db, n: int, owners: int, seed: int = 7) -> None:
    """Members and saved products: `owners` of the A3102 among n products with random keys."""
    from sqlalchemy import insert, text

    from tracker.models.accounts import User
    from tracker.models.products import SavedProduct

    rng = random.Random(seed)
    users = max(n // 5, 1)
    db.session.execute(insert(User), [{"email": f"u{i}@bench.test", "password_hash": "x"} for i in range(users)])
    first = db.session.scalar(text("SELECT min(id) FROM users"))
    rows = []
    for i in range(n):
        a3102 = i < owners
        model = "A3102" if a3102 else _model(rng)
        brand = "anker" if a3102 else rng.choice(BRANDS)
        rows.append({"user_id": first + i % users, "kind": "own", "brand": brand, "model_number": model,
                     "brand_key": brand, "model_key": model, "serial_number": None})
        if len(rows) == 20000:
            db.session.execute(insert(SavedProduct), rows)
            rows = []
    if rows:
        db.session.execute(insert(SavedProduct), rows)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE saved_products"))
        db.session.commit()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--products", type=int, default=100_000)
    ap.add_argument("--owners", type=int, default=690)
    args = ap.parse_args()
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import or_, select

    from tracker import create_app
    from tracker.alerts import candidates, service
    from tracker.extensions import db
    from tracker.models.products import SavedProduct
    from tracker.recalls import runner
    from tracker.recalls import service as recalls

    app = create_app({"APP_ENV": "testing", "SECRET_KEY": "bench"})
    with app.app_context():
        downgrade(revision="base")
        upgrade()
        t = time.perf_counter()
        populate(db, args.products, args.owners)
        print(f"populate products={args.products} seconds={time.perf_counter() - t:.1f}")
        runner.import_records(json.loads(RECORD.read_text()), "bench", lambda ids: 0)
        recall = recalls.find("25056")
        facts = candidates.recall_facts(recall)
        keys = {m.key for m in facts.models if not m.excluded}
        exact = sorted({p for k in keys for p in candidates.family_prefixes(k)})
        conds = [SavedProduct.model_key.in_(exact)] + [candidates.starts_with(SavedProduct.model_key, k) for k in keys]
        t = time.perf_counter()
        floor = len(db.session.execute(select(*candidates.ITEM_COLUMNS).where(or_(*conds))).all())
        floor_s = time.perf_counter() - t
        db.session.rollback()
        t = time.perf_counter()
        out = service.crosscheck_recall(db.session.get(type(recall), recall.id))
        db.session.commit()
        took = time.perf_counter() - t
        print(f"sql_floor candidates={floor} seconds={floor_s:.3f}")
        print(f"crosscheck alerts_created={out.created} outbox_rows={len(out.notification_ids)} "
              f"seconds={took:.3f} ratio_to_floor={took / max(floor_s, 1e-6):.1f}")


if __name__ == "__main__":
    main()
