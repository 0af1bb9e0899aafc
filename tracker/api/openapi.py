"""The OpenAPI 3 description of /api/v1. Keep it true: tests compare it with the registered routes."""
from __future__ import annotations

ERROR = {"type": "object", "required": ["error", "message"],
         "properties": {"error": {"type": "string"}, "message": {"type": "string"}}}
INACTIVE = {"type": "object", "required": ["error", "reason", "reactivate_url"], "properties": {
    "error": {"type": "string", "enum": ["membership_inactive"]},
    "message": {"type": "string"},
    "reason": {"type": "string", "enum": ["payment_failed", "canceled", "none"]},
    "reactivate_url": {"type": "string", "format": "uri"}}}
MEMBERSHIP = {"type": "object", "properties": {
    "status": {"type": "string"}, "active": {"type": "boolean"},
    "reason": {"type": "string", "nullable": True, "enum": ["payment_failed", "canceled", "none", None]},
    "ends_at": {"type": "string", "format": "date-time", "nullable": True}}}


def _json(schema: dict | str) -> dict:
    ref = {"$ref": f"#/components/schemas/{schema}"} if isinstance(schema, str) else schema
    return {"content": {"application/json": {"schema": ref}}}


def resp(description: str, schema: dict | str = "Error") -> dict:
    """A response object with a JSON body."""
    return {"description": description, **_json(schema)}


UNAUTHORIZED = resp("Missing or invalid API token")
PAYMENT_REQUIRED = resp("Membership inactive; saved data is kept", "MembershipInactive")

PATHS: dict = {
    "/me": {"get": {"summary": "The member behind the token and their membership",
                    "responses": {"200": resp("The member", {"type": "object", "properties": {
                        "email": {"type": "string"}, "membership": {"$ref": "#/components/schemas/Membership"}}}),
                        "401": UNAUTHORIZED}}},
    "/openapi.json": {"get": {"summary": "This document", "security": [],
                              "responses": {"200": {"description": "OpenAPI 3 document"}}}},
}
RECALL_SUMMARY = {"type": "object", "properties": {
    "recall_number": {"type": "string", "example": "25-056"}, "title": {"type": "string"},
    "recall_date": {"type": "string", "format": "date", "nullable": True},
    "brands": {"type": "array", "items": {"type": "string"}}, "hazard": {"type": "string"},
    "published_by_cpsc": {"type": "boolean"}, "official_url": {"type": "string", "nullable": True},
    "page_url": {"type": "string", "format": "uri"}}}
RECALL_DETAIL = {"allOf": [{"$ref": "#/components/schemas/RecallSummary"}, {"type": "object", "properties": {
    "description": {"type": "string"}, "remedy": {"type": "string"}, "last_publish_date": {"type": "string", "nullable": True},
    "products": {"type": "array", "items": {"type": "object"}}, "injuries": {"type": "array", "items": {"type": "string"}},
    "sold_at": {"type": "array", "items": {"type": "string"}}, "contact": {"type": "object"},
    "images": {"type": "array", "items": {"type": "object"}},
    "models": {"type": "array", "items": {"type": "object", "properties": {
        "text": {"type": "string"}, "key": {"type": "string"}, "cued": {"type": "boolean"}, "excluded": {"type": "boolean"}}}},
    "brand_keys": {"type": "array", "items": {"type": "string"}}, "upcs": {"type": "array", "items": {"type": "string"}},
    "scope": {"type": "object"}, "changes": {"type": "array", "items": {"type": "object"}}}}]}
_QUERY = [{"name": n, "in": "query", "required": False, "schema": s, "description": d} for n, s, d in [
    ("q", {"type": "string"}, "words in title, description, brands, products, hazard; a model number or recall number"),
    ("brand", {"type": "string"}, "brand (aliases count)"), ("hazard", {"type": "string"}, "words in the hazard"),
    ("from", {"type": "string", "format": "date"}, "recall date from"), ("to", {"type": "string", "format": "date"},
                                                                        "recall date until"),
    ("page", {"type": "integer", "minimum": 1}, "page"), ("per_page", {"type": "integer", "maximum": 100}, "page size")]]
PATHS["/recalls"] = {"get": {"summary": "Search recalls, newest first (public)", "security": [], "parameters": _QUERY,
                             "responses": {"200": resp("A page of recalls", {"type": "object", "properties": {
                                 "items": {"type": "array", "items": {"$ref": "#/components/schemas/RecallSummary"}},
                                 "total": {"type": "integer"}, "page": {"type": "integer"},
                                 "per_page": {"type": "integer"}}}), "422": resp("Invalid filters")}}}
PATHS["/recalls/{number}"] = {"get": {
    "summary": "One recall with its parsed facts (public)", "security": [],
    "parameters": [{"name": "number", "in": "path", "required": True, "schema": {"type": "string"},
                    "description": "25056 or 25-056"}],
    "responses": {"200": resp("The recall", "RecallDetail"), "404": resp("No such recall")}}}
SCHEMAS: dict = {"Error": ERROR, "MembershipInactive": INACTIVE, "Membership": MEMBERSHIP,
                 "RecallSummary": RECALL_SUMMARY, "RecallDetail": RECALL_DETAIL}


def document() -> dict:
    """The whole OpenAPI document."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Recall Tracker API", "version": "1.0.0",
                 "description": "Personal API tokens are created in account settings or with "
                                "`flask members token EMAIL`."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": PATHS,
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}, "schemas": SCHEMAS},
    }
