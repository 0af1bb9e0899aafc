"""`GET /api/v1/me` and the OpenAPI document."""
from __future__ import annotations

from flask import jsonify

from tracker.accounts.auth import bearer_user, token_required
from tracker.api import bp
from tracker.api.openapi import document
from tracker.billing.access import access_for


@bp.get("/me")
@token_required
def me():
    user = bearer_user()
    access = access_for(user)
    return jsonify(email=user.email, membership={
        "status": access.status,
        "active": access.active,
        "reason": access.reason,
        "ends_at": access.ends_at.isoformat() if access.ends_at else None,
    })


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())
