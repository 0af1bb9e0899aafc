"""OpenAPI description of the saved-products endpoints, merged into openapi.PATHS / SCHEMAS at import."""
from __future__ import annotations

from tracker.api.openapi import PATHS, PAYMENT_REQUIRED, SCHEMAS, UNAUTHORIZED, resp
from tracker.products.rules import LIMITS
from tracker.products.service import SEEK_LIMIT, SEEK_MAX

_STR = {k: {"type": "string", "maxLength": n, "nullable": True} for k, n in LIMITS.items()}
_FIELDS = {
    "kind": {"type": "string", "enum": ["own", "love"], "description": "own: products you own; love: wish list"},
    **_STR,
    "purchase_date": {"type": "string", "format": "date", "nullable": True, "description": "not in the future"},
    "catalog_product_id": {"type": "integer", "nullable": True},
}
_FIELDS["upc"] = {**_STR["upc"], "description": "digits; 12/13-digit codes must have a valid check digit"}
INPUT = {"type": "object", "additionalProperties": False, "required": ["kind", "brand", "model_number"],
         "properties": _FIELDS}
PATCH = {"type": "object", "additionalProperties": False, "properties": _FIELDS}
ITEM = {"type": "object", "required": ["id", "kind", "brand", "model_number"], "properties": {
    "id": {"type": "integer"}, **_FIELDS,
    "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}}
VALIDATION = {"type": "object", "required": ["error", "message", "fields"], "properties": {
    "error": {"type": "string", "enum": ["validation_failed"]}, "message": {"type": "string"},
    "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
               "description": "field name -> messages"}}}



def _body(schema: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


_COMMON = {"401": UNAUTHORIZED, "402": PAYMENT_REQUIRED}
_MISSING = resp("No such saved product for this member (another member's item looks the same)")
_INVALID = resp("Per-field validation errors", "ValidationError")
_ID = [{"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer"}}]

DOC_PATHS = {
    "/saved-products": {
        "get": {"summary": "The member's saved products", "parameters": [
            {"name": "q", "in": "query", "schema": {"type": "string"}},
            {"name": "kind", "in": "query", "schema": {"type": "string", "enum": ["own", "love"]}},
            {"name": "sort", "in": "query", "schema": {"type": "string",
                                                        "enum": ["newest", "oldest", "brand", "name", "purchased"]}},
            {"name": "limit", "in": "query", "description": f"page size (default {SEEK_LIMIT})",
             "schema": {"type": "integer", "minimum": 1, "maximum": SEEK_MAX, "default": SEEK_LIMIT}},
            {"name": "cursor", "in": "query", "schema": {"type": "string"},
             "description": "opaque; taken from `next`, valid with the same `sort`"}],
                "responses": {"200": resp("A page of the list, in the chosen order", {
                    "type": "object", "required": ["items", "next"], "properties": {
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/SavedProduct"}},
                        "next": {"type": "string", "format": "uri", "nullable": True,
                                 "description": "URL of the next page (same filters); null on the last page"}}}),
                    "400": resp("Bad `limit` or `cursor` (error `invalid_limit` or `invalid_cursor`)"),
                    **_COMMON}},
        "post": {"summary": "Save a product", "requestBody": _body("SavedProductInput"),
                 "responses": {"201": resp("Saved", "SavedProduct"), "422": _INVALID, **_COMMON}},
    },
    "/saved-products/{item_id}": {
        "parameters": _ID,
        "get": {"summary": "One saved product", "responses": {"200": resp("The product", "SavedProduct"),
                                                              "404": _MISSING, **_COMMON}},
        "patch": {"summary": "Change some fields", "requestBody": _body("SavedProductPatch"),
                  "responses": {"200": resp("Updated", "SavedProduct"), "404": _MISSING, "422": _INVALID, **_COMMON}},
        "delete": {"summary": "Delete it", "responses": {"204": {"description": "Deleted"}, "404": _MISSING,
                                                         **_COMMON}},
    },
}
DOC_SCHEMAS = {"SavedProduct": ITEM, "SavedProductInput": INPUT, "SavedProductPatch": PATCH,
               "ValidationError": VALIDATION}


def register() -> None:
    """Add these paths and schemas to the API document (idempotent)."""
    PATHS.update(DOC_PATHS)
    SCHEMAS.update(DOC_SCHEMAS)
