"""Home page, membership overview and health check."""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, render_template
from flask_login import login_required
from sqlalchemy import text

from tracker.extensions import db

logger = logging.getLogger(__name__)
bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    return render_template("index.html")


@bp.route("/membership")
@login_required
def membership():
    """Join page, the expired gate, or the member's overview (built by the billing area)."""
    from tracker.billing.views import membership_page

    return membership_page()


@bp.route("/healthz")
def healthz():
    """200 when the database (and the broker, when configured) answer; 503 otherwise."""
    checks = {"database": _check_db(), "broker": _check_broker()}
    ok = all(v in ("ok", "embedded") for v in checks.values())
    return jsonify(status="ok" if ok else "error", **checks), (200 if ok else 503)


def _check_db() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
        logger.warning("health: database: %s", exc)
        return "error"
    finally:
        db.session.rollback()


def _check_broker() -> str:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return "embedded"
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2).ping()
        return "ok"
    except redis.RedisError as exc:
        logger.warning("health: redis: %s", exc)
        return "error"
