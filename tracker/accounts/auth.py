"""Who is asking: Flask-Login for the website, Bearer tokens for the API."""
from __future__ import annotations

from functools import wraps

from flask import g, jsonify, request, url_for
from flask_login import LoginManager

from tracker.accounts import service
from tracker.extensions import db


def init_login(login_manager: LoginManager) -> None:
    """Sessions resolve through server-side LoginSession rows, so ending one refuses its cookies."""
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.user_loader(_load_user)


def _load_user(key: str):
    """Resolve the cookie's session key; persist the coarse last-seen stamp when it moved."""
    user = service.load_session(key)
    if user is not None and user.session_touched:
        db.session.commit()
    return user


def bearer_user():
    """The member named by `Authorization: Bearer TOKEN`, or None."""
    if "api_user" not in g:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        g.api_user = service.user_for_token(token.strip()) if scheme.lower() == "bearer" and token else None
        if g.api_user is not None:
            db.session.commit()  # last_used_at
    return g.api_user


def api_error(status: int, error: str, message: str, **extra):
    """The API's error shape: {"error": CODE, "message": ...}."""
    return jsonify(error=error, message=message, **extra), status


def token_required(view):
    """401 unless a live API token is presented."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if bearer_user() is None:
            resp = api_error(401, "unauthorized", "Send a personal API token as 'Authorization: Bearer TOKEN'.")
            resp[0].headers["WWW-Authenticate"] = 'Bearer realm="api"'
            return resp
        return view(*args, **kwargs)

    return wrapper


def member_required_api(view):
    """401 without a token; 402 membership_inactive for a member without access (saved data is kept)."""
    from tracker.billing.access import access_for

    @wraps(view)
    @token_required
    def wrapper(*args, **kwargs):
        access = access_for(bearer_user())
        if not access.active:
            return api_error(402, "membership_inactive", "Your membership is not active. Re-activate to use this.",
                             reason=access.reason or "none",
                             reactivate_url=reactivate_url())
        return view(*args, **kwargs)

    return wrapper


def reactivate_url() -> str:
    """Absolute link to the membership page (where Re-activate or Join lives)."""
    from flask import current_app

    return current_app.config["PUBLIC_BASE_URL"] + url_for("main.membership")

