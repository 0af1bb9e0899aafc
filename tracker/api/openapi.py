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
SCHEMAS: dict = {"Error": ERROR, "MembershipInactive": INACTIVE, "Membership": MEMBERSHIP}


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
