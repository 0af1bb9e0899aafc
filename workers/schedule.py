"""The beat schedule, in one place."""
from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    "purge-expired-auth-rows": {
        "task": "workers.maintenance.purge_expired_auth_rows",
        "schedule": crontab(minute=17),
    },
    "reconcile-stripe": {
        "task": "workers.billing.reconcile_stripe",
        "schedule": crontab(minute="*/15"),
    },
}
