"""JSON API, version 1: `Authorization: Bearer TOKEN`; documented in openapi.json."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from tracker.api import alerts, me, recalls, saved_products  # noqa: E402,F401
