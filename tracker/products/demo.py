"""Demo data for saved products: the starter catalog and a few products for the demo member (idempotent)."""
from __future__ import annotations

from sqlalchemy import select

from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.products import SavedProduct
from tracker.normalize import brand_key, model_key
from tracker.products import catalog, service

DEMO_PRODUCTS = [
    {"kind": "own", "brand": "Anker", "model_number": "A3102", "name": "Soundcore Bluetooth Speaker",
     "serial_number": "AK31021234567890", "purchase_date": "2023-06-14", "retailer": "Amazon",
     "nickname": "Kitchen speaker"},
    {"kind": "own", "brand": "Soundcore", "model_number": "A3117", "name": "Soundcore 3 Bluetooth Speaker",
     "purchase_date": "2022-11-25", "retailer": "Best Buy"},
    {"kind": "own", "brand": "Frigidaire", "model_number": "EFMIS121", "name": "Mini Fridge",
     "purchase_date": "2024-02-03", "retailer": "Walmart", "nickname": "Office fridge"},
    {"kind": "love", "brand": "EcoFlow", "model_number": "EFD310", "name": "Delta Max 2000 Power Station"},
]


def load_demo_products(user: User) -> int:
    """Seed the catalog and give `user` the demo products they don't have yet; returns how many were added."""
    catalog.load_seed()
    have = {(b, m) for b, m in db.session.execute(
        select(SavedProduct.brand_key, SavedProduct.model_key).where(SavedProduct.user_id == user.id))}
    added = 0
    for raw in DEMO_PRODUCTS:
        if (brand_key(raw["brand"]), model_key(raw["model_number"])) not in have:
            found = catalog.find(raw["brand"], raw["model_number"])
            service.save(user, {**raw, "catalog_product_id": found.id if found else None})
            added += 1
    return added
