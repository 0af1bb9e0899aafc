"""`/api/v1/saved-products`: list, create, read, update and delete the member's own saved products."""
from __future__ import annotations

from flask import jsonify, request, url_for

from tracker.accounts.auth import api_error, bearer_user, member_required_api
from tracker.alerts.hooks import check_saved
from tracker.api import bp
from tracker.api.openapi_products import register as register_docs
from tracker.extensions import db
from tracker.products import rules, service
from tracker.products.paging import InvalidCursor
from tracker.products.service import SEEK_LIMIT, SEEK_MAX, InvalidProduct

register_docs()


def _body() -> dict | None:
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else None


def _invalid(errors: dict):
    return api_error(422, "validation_failed", "Some fields are not valid; see 'fields'.", fields=errors)


def _not_found():
    return api_error(404, "not_found", "No saved product with this id.")


def _write(item=None):
    """Create (item None) or patch from the JSON body; 422 with per-field errors on bad input."""
    body = _body()
    if body is None:
        return _invalid({"body": ["Send a JSON object."]})
    unknown = rules.unknown_fields(body)
    try:
        if unknown:  # report them together with every other field's errors, save nothing
            service.validate(body, partial=item is not None)
            raise InvalidProduct({})
        saved = service.save(bearer_user(), body, item, partial=item is not None)
    except InvalidProduct as exc:
        db.session.rollback()
        return _invalid({**exc.errors, **unknown})
    db.session.commit()
    check_saved(saved)  # issue 5: cross-checked against all recalls before we answer
    return jsonify(service.to_dict(saved)), (200 if item is not None else 201)


def _limit() -> int | None:
    """The page size asked for (default SEEK_LIMIT), or None when it isn't a whole number in 1..SEEK_MAX."""
    raw = request.args.get("limit", "").strip() or str(SEEK_LIMIT)
    return int(raw) if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= SEEK_MAX else None


@bp.get("/saved-products")
@member_required_api
def list_saved_products():
    """A page of the member's products; `next` is the URL of the following page (null on the last one)."""
    limit, cursor = _limit(), request.args.get("cursor") or None
    if limit is None:
        return api_error(400, "invalid_limit", f"'limit' must be a whole number from 1 to {SEEK_MAX}.")
    q, kind, sort = request.args.get("q", "")[:200], request.args.get("kind"), request.args.get("sort", "newest")
    try:
        items, after = service.seek(bearer_user(), q, kind, sort, cursor, limit)
    except InvalidCursor as exc:
        return api_error(400, "invalid_cursor", f"{exc} Start again without 'cursor', with the same 'sort'.")
    following = url_for(".list_saved_products", q=q or None, kind=kind, sort=sort, limit=limit, cursor=after,
                        _external=True) if after else None
    return jsonify(items=[service.to_dict(i) for i in items], next=following)


@bp.post("/saved-products")
@member_required_api
def create_saved_product():
    return _write()


@bp.get("/saved-products/<int:item_id>")
@member_required_api
def get_saved_product(item_id: int):
    item = service.get_owned(bearer_user(), item_id)
    return jsonify(service.to_dict(item)) if item else _not_found()


@bp.patch("/saved-products/<int:item_id>")
@member_required_api
def update_saved_product(item_id: int):
    item = service.get_owned(bearer_user(), item_id)
    return _write(item) if item else _not_found()


@bp.delete("/saved-products/<int:item_id>")
@member_required_api
def delete_saved_product(item_id: int):
    item = service.get_owned(bearer_user(), item_id)
    if item is None:
        return _not_found()
    service.delete(item)
    db.session.commit()
    return "", 204
