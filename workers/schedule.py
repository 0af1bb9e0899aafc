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
    "reconcile-stripe": {
        "task": "workers.billing.reconcile_stripe",
        "schedule": crontab(minute="*/15"),
    },
    # A full paged pass over every subscription (~1,000 requests per 100k members): daily is enough, as the
    # 15-minute job already takes in every event Stripe sent; this heals what no event says.
    "reconcile-stripe-subscriptions": {
        "task": "workers.billing.reconcile_subscriptions",
        "schedule": crontab(minute=23, hour=3),
    },
    "notify-grace-ended": {
        "task": "workers.billing.notify_grace_ended",
        "schedule": crontab(minute=7),
    },
}
BEAT_SCHEDULE.update({
    "requeue-notifications": {"task": "workers.alerts.requeue_notifications", "schedule": 120.0},
    "send-alert-digests": {"task": "workers.alerts.send_digests",
                           "schedule": crontab(minute=0, hour=int(os.environ.get("ALERTS_DIGEST_HOUR_UTC", "13")))},
    "send-alert-reminders": {"task": "workers.alerts.send_reminders", "schedule": crontab(minute=41, hour="*/6")},
})
