"""Database storage for the development Stripe stand-in, so the web process and the worker share it."""
from __future__ import annotations

import json

from sqlalchemy import select

from tracker.extensions import db
from tracker.models.billing import DevStripeObject


class DbStore:
    """Objects as JSON rows in dev_stripe_objects, inside the caller's transaction."""

    def get(self, id_: str) -> dict | None:
        row = db.session.get(DevStripeObject, id_)
        return json.loads(row.data) if row else None

    def put(self, obj: dict) -> None:
        row = db.session.get(DevStripeObject, obj["id"])
        if row is None:
            row = DevStripeObject(id=obj["id"], kind=obj.get("object", ""))
            db.session.add(row)
        row.data = json.dumps(obj)
        db.session.flush()

    def all(self, kind: str) -> list[dict]:
        rows = db.session.scalars(select(DevStripeObject).where(DevStripeObject.kind == kind))
        return [json.loads(r.data) for r in rows]
