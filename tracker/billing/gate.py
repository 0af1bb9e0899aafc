"""The membership gate for member-only web pages."""
from __future__ import annotations

from functools import wraps

from flask import redirect, url_for
from flask_login import current_user, login_required

from tracker.billing.access import access_for


def member_required(view):
    """Logged-in members with access pass; others go to the membership page (join, or the expired gate)."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not access_for(current_user).active:
            return redirect(url_for("main.membership"))
        return view(*args, **kwargs)

    return wrapper
