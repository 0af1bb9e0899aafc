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
