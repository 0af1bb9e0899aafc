"""Helpers for saved-product tests: products are created through the real service."""
from __future__ import annotations

from tracker.extensions import db
from tracker.products import service

A3102 = {"kind": "own", "brand": "Anker", "model_number": "A3102", "name": "Soundcore speaker",
         "serial_number": "AK31021234567890", "purchase_date": "2023-05-02", "retailer": "Amazon"}


def add_product(user, **overrides):
    """Save one product for `user` and commit."""
    item = service.save(user, {**A3102, **overrides})
    db.session.commit()
    return item


def api_token(user) -> dict:
    """Authorization header for a new personal API token of `user`."""
    from tracker.accounts.service import create_api_token

    raw = create_api_token(user, "tests")
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


def bulk_products(user, count: int, **fixed) -> None:
    """Insert `count` products for `user` in one statement (not `count` form posts), with repeated brands, names,
    dates and creation times so every sort has ties and empty values; `fixed` overrides a column for all."""
    from datetime import date, datetime, timedelta, timezone

    from sqlalchemy import insert

    from tracker.models.products import SavedProduct
    from tracker.normalize import brand_key, model_key

    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    brands = ("Anker", "Frigidaire", "EcoFlow", "Zebra")
    rows = []
    for i in range(count):
        row = {"user_id": user.id, "kind": "love" if i % 3 == 0 else "own", "brand": brands[i % 4],
               "model_number": f"M-{i % 50}", "name": None if i % 5 == 0 else f"Item {i % 40}",
               "serial_number": f"SN{i:05d}",
               "purchase_date": None if i % 7 == 0 else date(2020, 1, 1) + timedelta(i % 30),
               "created_at": start + timedelta(seconds=i // 10), "updated_at": start, **fixed}
        rows.append({**row, "brand_key": brand_key(row["brand"]), "model_key": model_key(row["model_number"])})
    db.session.execute(insert(SavedProduct), rows)
    db.session.commit()
