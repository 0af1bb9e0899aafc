"""Configuration from environment variables (and `.env` in development)."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from kombu import Queue

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


class ConfigError(RuntimeError):
    """Raised when the environment cannot run the app (e.g. production without secrets)."""


def _bool(name: str, default: bool = False) -> bool:
    val = os.environ.get(name)
    return default if val is None else val.strip().lower() in ("1", "true", "yes", "on")


def _dev_secret_key() -> str:
    """A random key per development instance, kept in instance/ so sessions survive restarts."""
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


# Tasks that talk to the SMTP relay (queue "mail").
MAIL_TASKS = ("workers.alerts.send_notification", "workers.alerts.send_notifications", "workers.mail.send_email")


def _celery(broker: str | None, broker_dir: str | None) -> dict:
    """One CELERY dict: Redis when REDIS_URL is set, otherwise the embedded filesystem broker."""
    conf = {
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_ignore_result": True,
        "task_serializer": "json",
        "accept_content": ["json"],
        "timezone": "UTC",
        "broker_connection_retry_on_startup": True,
        "beat_schedule_filename": str(INSTANCE / "celerybeat-schedule"),
        # Sending email waits on the relay, so it has a queue of its own ("mail") that production serves with a
        # larger pool of its own; a big fan-out then never holds up the next recall's cross-check on "celery".
        # A worker started without -Q serves both (make run, the tests).
        "task_default_queue": "celery",
        "task_queues": (Queue("celery", routing_key="celery"), Queue("mail", routing_key="mail")),
        "task_routes": {name: {"queue": "mail"} for name in MAIL_TASKS},
    }
    if broker:
        conf["broker_url"] = broker
        # Longer than the longest task; unacked tasks are redelivered after this.
        conf["broker_transport_options"] = {"visibility_timeout": 3600}
    else:
        folder = Path(broker_dir) if broker_dir else INSTANCE / "broker"
        conf["broker_url"] = "filesystem://"
        conf["broker_transport_options"] = {
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "processed_folder": str(folder / "processed"),
            "control_folder": str(folder / "control"),  # broadcast/pidbox; kombu defaults to ./control
            "store_processed": False,
            "polling_interval": 0.2,  # a directory listing per poll; keeps development alerts quick
        }
    return conf


def load(overrides: dict | None = None) -> dict:
    """Build the config mapping for APP_ENV, refusing to start production without its secrets."""
    overrides = dict(overrides or {})
    env = overrides.get("APP_ENV") or os.environ.get("APP_ENV", "development")
    if env not in ("production", "development", "testing"):
        raise ConfigError(f"APP_ENV must be production, development or testing, not {env!r}")
    production = env == "production"
    get = lambda k, d=None: overrides.get(k, os.environ.get(k, d))  # noqa: E731
    if production:
        missing = [k for k in ("SECRET_KEY", "DATABASE_URL", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET")
                   if not get(k)]
        if missing:
            raise ConfigError("Refusing to start in production: set " + ", ".join(missing)
                              + " (see README, 'Running in production').")
    redis_url = get("REDIS_URL") or None
    cfg = {
        "APP_ENV": env,
        "TESTING": env == "testing",
        "SECRET_KEY": get("SECRET_KEY") or _dev_secret_key(),
        "SQLALCHEMY_DATABASE_URI": get("DATABASE_URL") or f"sqlite:///{INSTANCE / 'recall_tracker.sqlite3'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        "PUBLIC_BASE_URL": (get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000").rstrip("/"),
        # Cookies: HttpOnly + SameSite=Lax everywhere, Secure outside development.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "REMEMBER_COOKIE_DURATION": timedelta(days=30),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_REFRESH_EACH_REQUEST": False,
        "HSTS": production,
        "WTF_CSRF_TIME_LIMIT": None,  # token lives as long as the session
        "PROXY_COUNT": int(get("PROXY_COUNT", "0")),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True) if "RATELIMIT_ENABLED" not in overrides
        else overrides["RATELIMIT_ENABLED"],
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_KEY_PREFIX": get("RATELIMIT_KEY_PREFIX", "rt"),
        "PASSWORD_RESET_MAX_AGE": timedelta(hours=1),
        "MAIL_SERVER": get("MAIL_SERVER"),
        "MAIL_PORT": int(get("MAIL_PORT", "25")),
        "MAIL_USERNAME": get("MAIL_USERNAME"),
        "MAIL_PASSWORD": get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS"),
        "MAIL_DEFAULT_SENDER": get("MAIL_DEFAULT_SENDER", "Recall Tracker <alerts@recalltracker.local>"),
        "MAIL_DIR": str(INSTANCE / "mail"),
        "STRIPE_SECRET_KEY": get("STRIPE_SECRET_KEY"),
        "STRIPE_WEBHOOK_SECRET": get("STRIPE_WEBHOOK_SECRET"),
        "STRIPE_PRICE_MONTHLY": get("STRIPE_PRICE_MONTHLY"),
        "STRIPE_PRICE_YEARLY": get("STRIPE_PRICE_YEARLY"),
        "STRIPE_API_BASE": get("STRIPE_API_BASE"),
        "BILLING_GRACE_DAYS": float(get("BILLING_GRACE_DAYS", "7")),
        "CPSC_API_URL": get("CPSC_API_URL", "https://www.saferproducts.gov/RestWebServices/Recall"),
        "CPSC_TIMEOUT": float(get("CPSC_TIMEOUT", "30")),
        "CPSC_RETRIES": int(get("CPSC_RETRIES", "4")),
        "CPSC_BACKOFF": float(get("CPSC_BACKOFF", "1")),
        "CPSC_SYNC_START": get("CPSC_SYNC_START", "1973-01-01"),  # first sync with no watermark starts here
        "CPSC_SYNC_WINDOW_DAYS": int(get("CPSC_SYNC_WINDOW_DAYS", "365")),
        "ALERTS_SEND_LEASE_SECONDS": int(get("ALERTS_SEND_LEASE_SECONDS", "300")),  # a claim's lease (outbox)
        "ALERTS_RETRY_BASE_SECONDS": int(get("ALERTS_RETRY_BASE_SECONDS", "30")),  # first SMTP retry, doubling
        "ALERTS_REMINDER_DAYS": int(get("ALERTS_REMINDER_DAYS", "14")),  # reminder for alerts still open
        "CELERY": _celery(redis_url, get("BROKER_DIR")),
    }
    cfg.update({k: v for k, v in overrides.items() if k != "CELERY"})
    if "CELERY" in overrides:
        cfg["CELERY"] = {**cfg["CELERY"], **overrides["CELERY"]}
    return cfg
