"""Recall Tracker: the Flask application factory."""
from __future__ import annotations

import logging

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from tracker import config as config_mod


def create_app(config: dict | None = None) -> Flask:
    """Build the app from the environment (plus `config` overrides); only wiring happens here."""
    _load_dotenv(config)
    settings = config_mod.load(config)
    app = Flask(__name__, instance_path=str(config_mod.INSTANCE), template_folder="../templates",
                static_folder="static")
    app.config.from_mapping(settings)
    config_mod.INSTANCE.mkdir(exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    logging.getLogger("kombu.connection").setLevel(logging.ERROR)  # "no hostname" for the embedded broker
    if app.config["PROXY_COUNT"]:
        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    register_extensions(app)
    register_blueprints(app)
    register_cli(app)
    from tracker import web

    web.register(app)
    return app


def _load_dotenv(config: dict | None) -> None:
    """Read `.env` in development only (never in tests, never over real environment variables)."""
    import os

    env = (config or {}).get("APP_ENV") or os.environ.get("APP_ENV", "development")
    if env == "development":
        from dotenv import load_dotenv

        load_dotenv(config_mod.ROOT / ".env", override=False)


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions to this app."""
    from tracker import models  # noqa: F401  (every table registered before Alembic looks)
    from tracker.extensions import celery_init_app, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(config_mod.ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    celery_init_app(app)
    from tracker.accounts import auth

    auth.init_login(login_manager)


def register_blueprints(app: Flask) -> None:
    """One blueprint per area."""
    from tracker.accounts.views import bp as accounts_bp
    from tracker.api import bp as api_bp
    from tracker.billing.dev import bp as billing_dev_bp
    from tracker.billing.views import bp as billing_bp
    from tracker.billing.webhooks import bp as webhooks_bp
    from tracker.extensions import csrf
    from tracker.main import bp as main_bp
    from tracker.recalls.admin import bp as recalls_admin_bp
    from tracker.recalls.views import bp as recalls_bp
    from tracker.products.views import bp as products_bp
    from tracker.alerts.views import bp as alerts_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(recalls_bp)
    app.register_blueprint(recalls_admin_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(products_bp)
    app.register_blueprint(billing_bp)
    app.register_blueprint(billing_dev_bp)
    app.register_blueprint(webhooks_bp)
    csrf.exempt(webhooks_bp)  # Stripe signs its webhooks; there is no browser session to forge
    app.register_blueprint(alerts_bp)
    csrf.exempt(api_bp)  # Bearer-token API: no cookies are accepted there, so no CSRF to forge


def register_cli(app: Flask) -> None:
    """`flask members ...`, `flask demo ...`, `flask catalog ...`."""
    from tracker.cli import demo_cli, members_cli
    from tracker.recalls.cli import recalls_cli
    from tracker.products.cli import catalog_cli
    from tracker.alerts.cli import alerts_cli

    app.cli.add_command(members_cli)
    app.cli.add_command(recalls_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(catalog_cli)
    app.cli.add_command(alerts_cli)
