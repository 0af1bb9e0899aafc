"""`GET /api/v1/alerts`: the member's alerts (member-only: 402 for inactive members)."""
from __future__ import annotations

from flask import jsonify, request

from tracker.accounts.auth import bearer_user, member_required_api
from tracker.alerts import center
from tracker.api import bp
from tracker.api.openapi import PATHS, PAYMENT_REQUIRED, SCHEMAS, UNAUTHORIZED, resp

SCHEMAS["Alert"] = {"type": "object", "required": ["id", "saved_product_id", "recall_number", "level", "reason",
                                                   "status"], "properties": {
    "id": {"type": "integer"}, "saved_product_id": {"type": "integer"},
    "recall_number": {"type": "string", "example": "25-056"},
    "level": {"type": "string", "enum": ["confirmed", "possible"]}, "reason": {"type": "string"},
    "status": {"type": "string", "enum": ["open", "not_mine", "not_affected", "contacted", "remedy_received",
                                          "disposed", "cleared"]},
    "remedy": {"type": "string", "nullable": True, "enum": ["replaced", "refunded", "repaired", None]},
    "read": {"type": "boolean"}, "created_at": {"type": "string", "format": "date-time"},
    "notified_at": {"type": "string", "format": "date-time", "nullable": True}}}
PATHS["/alerts"] = {"get": {
    "summary": "The member's alerts, newest first",
    "parameters": [{"name": "status", "in": "query", "required": False, "schema": {"type": "string"},
                    "description": "only alerts with this status, e.g. open"}],
    "responses": {"200": resp("The alerts", {"type": "object", "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Alert"}}}}),
        "401": UNAUTHORIZED, "402": PAYMENT_REQUIRED}}}


@bp.get("/alerts")
@member_required_api
def list_alerts():
    items = center.alerts_for(bearer_user(), request.args.get("status") or None)
    return jsonify(items=[center.to_dict(a) for a in items])
