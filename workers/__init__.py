"""Celery tasks and schedule. Start with `celery -A workers.celery_app worker` and `... beat`."""
