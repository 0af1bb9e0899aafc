"""The beat schedule, in one place."""
import os

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    "purge-expired-auth-rows": {
        "task": "workers.maintenance.purge_expired_auth_rows",
        "schedule": crontab(minute=17),
    },
    "sync-cpsc-recalls": {
        "task": "workers.recalls.sync_recalls",
        "schedule": 60.0 * float(os.environ.get("RECALLS_SYNC_MINUTES", "5")),
        "options": {"expires": 240},
    },
    "requeue-crosschecks": {
        "task": "workers.recalls.requeue_crosschecks",
        "schedule": crontab(minute="*/30"),
    },
}
