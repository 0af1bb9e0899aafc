"""Public recall pages: search and browse, and the recall page with its "check your product" step."""
from __future__ import annotations

import re
from datetime import date

from flask import Blueprint, abort, render_template, request
from markupsafe import Markup, escape

from tracker.recalls import checks, queries, service
from tracker.recalls.text import EMAIL_RE, PHONE_RE, URL_RE, href
from tracker.web import add_nav

bp = Blueprint("recalls", __name__, url_prefix="/recalls")
add_nav("recalls.index", "Recalls")


def parse_search(args) -> tuple[queries.SearchQuery, dict]:
    """Search filters from query args, with per-field errors for bad dates."""
    errors: dict[str, str] = {}
    sq = queries.SearchQuery(q=args.get("q", "")[:200], brand=args.get("brand", "")[:100],
                             hazard=args.get("hazard", "")[:100], page=args.get("page", 1, type=int) or 1)
    for field, attr in (("from", "date_from"), ("to", "date_to")):
        value = args.get(field, "").strip()
        if value:
            try:
                setattr(sq, attr, date.fromisoformat(value))
            except ValueError:
                errors[field] = "Use a date like 2025-01-31."
    return sq, errors


@bp.get("/")
def index():
    sq, errors = parse_search(request.args)
    items, total = queries.search(sq)
    pages = max((total + sq.per_page - 1) // sq.per_page, 1)
    return render_template("recalls/index.html", items=items, total=total, sq=sq, errors=errors, pages=pages,
                           args={k: v for k, v in request.args.items() if k != "page"})


@bp.get("/<number>")
def show(number: str):
    recall = service.find(number) or abort(404)
    serial, code = request.args.get("serial", "")[:64], request.args.get("date_code", "")[:64]
    results = {}
    if serial.strip():
        results["serial"] = checks.check_serial(recall.scope, serial)
    if code.strip():
        results["date_code"] = checks.check_date_code(recall.scope, code)
    return render_template("recalls/show.html", recall=recall, f=recall.facts, scope=recall.scope,
                           checkable=checks.checkable(recall.scope), results=results, serial=serial, code=code)


_LINKABLE = re.compile(f"({URL_RE.pattern})|({EMAIL_RE.pattern})|({PHONE_RE.pattern})", re.I)


@bp.app_template_filter("linkify")
def linkify(text: str) -> Markup:
    """Escape source text, then turn its web links, emails and phone numbers into links."""
    def repl(m: re.Match) -> str:
        s = m.group(0)
        trail = re.search(r"[.,;:!?'’]+$", s)
        s, tail = (s[:trail.start()], trail.group(0)) if trail and m.group(1) else (s, "")
        if m.group(1):
            return f'<a href="{escape(href(s))}" rel="nofollow noopener">{escape(s)}</a>{escape(tail)}'
        if "@" in s:
            return f'<a href="mailto:{escape(s)}">{escape(s)}</a>'
        return f'<a href="tel:{re.sub(r"[^0-9+]", "", s)}">{escape(s)}</a>'

    out, pos = [], 0
    for m in _LINKABLE.finditer(text or ""):
        out += [str(escape(text[pos:m.start()])), repl(m)]
        pos = m.end()
    out.append(str(escape((text or "")[pos:])))
    return Markup("".join(out))


@bp.app_template_filter("safe_url")
def safe_url(url: str | None) -> str:
    """Only http(s) links from source data are rendered as links or images."""
    return url if url and re.match(r"https?://", url, re.I) else ""
