"""Cross-cutting web behaviour: security headers, error pages, template globals."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError

# Navigation entries (endpoint, label, members_only); each area adds its own with add_nav().
NAV_LINKS: list[tuple[str, str, bool]] = []


def add_nav(endpoint: str, label: str, members_only: bool = False) -> None:
    """Show a link in the main navigation (idempotent); members_only links show only to logged-in people."""
    if (endpoint, label, members_only) not in NAV_LINKS:
        NAV_LINKS.append((endpoint, label, members_only))


CSP = ("default-src 'self'; img-src 'self' data: https:; object-src 'none'; base-uri 'self'; "
       "frame-ancestors 'none'")


def register(app: Flask) -> None:
    """Attach headers, error handlers and template context to the app."""
    app.after_request(security_headers)
    for code in (400, 403, 404, 405, 429, 500):
        app.register_error_handler(code, error_page)
    app.register_error_handler(CSRFError, csrf_error)
    app.context_processor(template_globals)


def security_headers(response):
    """CSP, nosniff, referrer policy, framing and (outside development) HSTS on every response."""
    from flask import current_app

    h = response.headers
    h.setdefault("Content-Security-Policy", CSP)
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    h.setdefault("X-Frame-Options", "DENY")
    if current_app.config["HSTS"]:
        h.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
    if request.endpoint and not request.endpoint.startswith("static"):
        h.setdefault("Cache-Control", "no-store")
    return response


MESSAGES = {
    400: ("Bad request", "We couldn't understand that request."),
    403: ("Not allowed", "You don't have access to this page."),
    404: ("Page not found", "We couldn't find that page. It may have moved, or the link may be mistyped."),
    405: ("Not allowed", "That action isn't available here."),
    429: ("Too many attempts", "Too many attempts from you in a short time. Wait a few minutes and try again."),
    500: ("Something went wrong", "An error on our side stopped this page. We've logged it; please try again."),
}


def error_page(err):
    """Site-styled error pages; JSON for the API."""
    code = getattr(err, "code", None) or 500
    title, text = MESSAGES.get(code, MESSAGES[500])
    if request.path.startswith("/api/"):
        names = {400: "bad_request", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed",
                 429: "rate_limited", 500: "server_error"}
        return jsonify(error=names.get(code, "error"), message=text), code
    return render_template("errors/error.html", code=code, title=title, text=text), code


def csrf_error(err):
    """A missing or stale CSRF token: ask the person to reload the form, change nothing."""
    import logging

    logging.getLogger(__name__).info("CSRF refused on %s: %s", request.path, err.description)
    return render_template("errors/error.html", code=400, title="Please try again",
                           text="This form expired or was sent from another site. Reload the page and "
                                "submit it again."), 400


def template_globals() -> dict:
    """Membership state for the navigation."""
    from flask_login import current_user

    from tracker.billing.access import access_for

    # Outside a request (emails rendered by a worker) there is no current_user at all.
    access = access_for(current_user) if getattr(current_user, "is_authenticated", False) else None
    return {"nav_access": access, "nav_links": NAV_LINKS}
