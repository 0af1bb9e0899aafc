"""Public recall search and detail: `GET /api/v1/recalls?q=` and `GET /api/v1/recalls/NUMBER`."""
from __future__ import annotations

from flask import jsonify, request, url_for

from tracker.accounts.auth import api_error
from tracker.api import bp
from tracker.models.recalls import Recall
from tracker.recalls import queries, service
from tracker.recalls.views import parse_search


def summary(r: Recall) -> dict:
    """The list form of a recall."""
    return {"recall_number": r.display_number, "title": r.title,
            "recall_date": r.recall_date.isoformat() if r.recall_date else None,
            "brands": [b for b in r.brands.split("; ") if b], "hazard": r.hazard, "published_by_cpsc": r.published,
            "official_url": r.url or None, "page_url": url_for("recalls.show", number=r.display_number, _external=True)}


def detail(r: Recall) -> dict:
    """Everything parsed from the recall, for clients and for checking the matcher."""
    f = r.facts or {}
    return {**summary(r), "description": r.description, "remedy": r.remedy,
            "last_publish_date": r.last_publish_date.isoformat() if r.last_publish_date else None,
            "products": f.get("products", []), "injuries": f.get("injuries", []), "sold_at": f.get("sold_at", []),
            "contact": {"text": f.get("contact", ""), "phones": f.get("phones", []), "emails": f.get("emails", []),
                        "links": f.get("links", [])},
            "images": f.get("images", []),
            "models": [{"text": m.text, "key": m.model_key, "cued": m.cued, "excluded": m.excluded}
                       for m in r.model_keys],
            "brand_keys": [b.brand_key for b in r.brand_keys], "upcs": [u.upc for u in r.upcs], "scope": r.scope,
            "changes": [{"at": c.changed_at.isoformat(), "summary": c.summary} for c in r.changes]}


@bp.get("/recalls")
def recalls_search():
    sq, errors = parse_search(request.args)
    if errors:
        return api_error(422, "invalid", "Invalid search filters.", fields=errors)
    sq.per_page = min(max(request.args.get("per_page", 20, type=int) or 20, 1), 100)
    items, total = queries.search(sq)
    return jsonify(items=[summary(r) for r in items], total=total, page=sq.page, per_page=sq.per_page)


@bp.get("/recalls/<number>")
def recall_detail(number: str):
    recall = service.find(number)
    if recall is None:
        return api_error(404, "not_found", f"No recall numbered {number}.")
    return jsonify(detail(recall))
