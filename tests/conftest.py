"""Fixtures: a real database (SQLite file by default, PostgreSQL when DATABASE_URL is set), migrated with Alembic
once per run and emptied after each test; the CSRF-aware `client`; `auth` helpers; the development `mailbox`."""
from __future__ import annotations

import email
import email.policy
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.helpers import Browser

TMP = Path(tempfile.mkdtemp(prefix="recall-tracker-tests-"))
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{TMP / 'test.sqlite3'}"
REDIS_URL = os.environ.get("REDIS_URL") or None


def test_settings() -> dict:
    """Settings every test app (and every worker process a test starts) shares."""
    return {
        "APP_ENV": "testing",
        "SECRET_KEY": "testing-secret-key",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL or "",
        "BROKER_DIR": str(TMP / "broker"),
        "MAIL_DIR": str(TMP / "mail"),
        "PUBLIC_BASE_URL": "http://localhost",
    }


test_settings.__test__ = False  # a helper, not a test


@pytest.fixture(scope="session")
def app():
    from tracker import create_app

    os.environ.update({k: v for k, v in test_settings().items() if k not in ("MAIL_DIR",)})
    application = create_app({"APP_ENV": "testing", "MAIL_DIR": str(TMP / "mail"), "MAIL_SERVER": None})
    with application.app_context():
        _fresh_schema(application)
    yield application
    _dispose(application)
    shutil.rmtree(TMP, ignore_errors=True)


def _dispose(application) -> None:
    """Close pooled connections (psycopg warns about connections left open at exit)."""
    from tracker.extensions import db

    with application.app_context():
        db.engine.dispose()


@pytest.fixture()
def make_app():
    """Build extra apps with other settings (production, proxies...); their connections are closed afterwards."""
    from tracker import create_app

    made = []

    def make(overrides: dict):
        application = create_app({"SECRET_KEY": "k", "DATABASE_URL": DATABASE_URL, **overrides})
        made.append(application)
        return application

    yield make
    for application in made:
        _dispose(application)


def _fresh_schema(application) -> None:
    """Drop whatever a previous run left, then build the schema through the real migrations."""
    from flask_migrate import upgrade

    from tracker.extensions import db

    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade()


@pytest.fixture(autouse=True)
def _clean(request, app):
    """Each test starts with empty tables, fresh rate limits and an empty mailbox."""
    from tracker.extensions import db, limiter

    ctx = app.app_context()
    ctx.push()
    limiter.reset()
    shutil.rmtree(app.config["MAIL_DIR"], ignore_errors=True)
    yield
    db.session.remove()
    _truncate(db)
    ctx.pop()


def _truncate(db) -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for t in tables:
                conn.execute(text(f'DELETE FROM "{t}"'))


@pytest.fixture()
def db(app):
    from tracker.extensions import db as _db

    return _db


@pytest.fixture()
def client(app) -> Browser:
    return Browser(app.test_client())


@pytest.fixture()
def make_user(db):
    """Create a member (optionally with a complimentary membership) and return it."""
    from datetime import timedelta

    from tracker.accounts import service
    from tracker.billing.service import grant_complimentary

    def make(email="member@example.com", password="Correct-Horse-Battery-9", days: int | None = None):
        user = service.create_user(email, password)
        if days:
            grant_complimentary(user, timedelta(days=days))
        db.session.commit()
        return user

    return make


@pytest.fixture()
def auth(client, make_user):
    """Log in a new member through the real form."""

    class Auth:
        password = "Correct-Horse-Battery-9"

        def login(self, email="member@example.com", password=None, remember=False, create=True, days=None):
            if create:
                make_user(email, password or self.password, days=days)
            return client.submit("/login", {"email": email, "password": password or self.password,
                                            **({"remember": "y"} if remember else {})})

        def logout(self):
            return client.submit("/", {}, action="/logout")

    return Auth()


class Mailbox:
    """The development mail folder: one .eml file per message."""

    def __init__(self, folder: Path):
        self.folder = folder

    def messages(self) -> list[email.message.EmailMessage]:
        if not self.folder.exists():
            return []
        return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
                for p in sorted(self.folder.glob("*.eml"))]

    def text_of(self, msg) -> str:
        return msg.get_body(preferencelist=("plain",)).get_content()

    def links(self, msg) -> list[str]:
        return re.findall(r"https?://[^\s\"'<>]+", self.text_of(msg))


@pytest.fixture()
def mailbox(app) -> Mailbox:
    return Mailbox(Path(app.config["MAIL_DIR"]))


@pytest.fixture()
def smtp_sink():
    """A real SMTP server (aiosmtpd) on a free loopback port, not wired to any app."""
    from aiosmtpd.controller import Controller

    from tests.helpers import Sink, free_port

    sink = Sink()
    ctl = Controller(sink, hostname="127.0.0.1", port=free_port())
    ctl.start()
    sink.port = ctl.port
    yield sink
    ctl.stop()


@pytest.fixture()
def smtp(app, smtp_sink):
    """The session app sends through the sink for this test."""
    old = {k: app.config[k] for k in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_sink.port)
    yield smtp_sink
    app.config.update(old)
