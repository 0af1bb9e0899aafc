"""Celery entry point: `celery -A workers.celery_app worker|beat`."""
from tracker import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]

# Task modules register themselves with @shared_task on import.
import workers.tasks  # noqa: E402,F401
