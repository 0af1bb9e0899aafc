"""Security headers, cookie flags, production start-up rules."""
import subprocess
import sys

import pytest

from tests.conftest import DATABASE_URL
from tests.helpers import Browser
from tracker.config import ConfigError

PROD = {"APP_ENV": "production", "SECRET_KEY": "s" * 64, "DATABASE_URL": DATABASE_URL,
        "STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x", "MAIL_DIR": "/tmp/rt-prod-mail"}


@pytest.fixture()
def prod_client(make_app):
    return Browser(make_app(dict(PROD)).test_client())


def test_security_headers_on_every_response(client):
    for path in ("/", "/login", "/no-such-page", "/api/v1/me", "/healthz"):
        h = client.get(path).headers
        csp = h["Content-Security-Policy"]
        for part in ("default-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'"):
            assert part in csp, (path, csp)
        assert h["X-Content-Type-Options"] == "nosniff"
        assert h["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "Strict-Transport-Security" not in h  # development/testing: plain http


def test_hsts_and_secure_cookies_in_production(prod_client):
    r = prod_client.get("/login")
    assert "max-age=" in r.headers["Strict-Transport-Security"]
    cookie = r.headers["Set-Cookie"].lower()
    assert cookie.startswith("session=") and "httponly" in cookie and "secure" in cookie and "samesite=lax" in cookie


def test_cookies_httponly_lax_but_not_secure_in_development(client, auth):
    r = auth.login("ada@example.com", remember=True)
    cookies = [c.lower() for c in r.headers.getlist("Set-Cookie")]
    assert any(c.startswith("session=") for c in cookies) and any(c.startswith("remember_token=") for c in cookies)
    for c in cookies:
        assert "httponly" in c and "samesite=lax" in c and "secure" not in c


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"])
def test_production_refuses_to_start_without_secrets(missing, monkeypatch, make_app):
    monkeypatch.delenv(missing, raising=False)
    with pytest.raises(ConfigError, match=missing):
        make_app({**PROD, missing: ""})


def test_production_refusal_is_a_clear_message_from_the_entry_point(tmp_path):
    env = {"APP_ENV": "production", "DATABASE_URL": DATABASE_URL, "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-c", "import app"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and "SECRET_KEY" in r.stderr


def test_csrf_required_on_state_changing_forms(client, auth):
    auth.login("ada@example.com")
    for path in ("/logout", "/account/password", "/account/email", "/account/tokens", "/account/delete",
                 "/account/sessions/end-others"):
        assert client.post(path, data={}).status_code == 400, path
    assert client.logged_in()


def test_api_with_bearer_token_needs_no_csrf(client, make_user):
    from tracker.accounts import service
    from tracker.extensions import db

    user = make_user("ada@example.com")
    token = service.create_api_token(user)
    db.session.commit()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_password_is_never_logged(client, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    secret = "Very-Secret-Passphrase-77"
    client.submit("/signup", {"email": "ada@example.com", "password": secret})
    client.submit("/login", {"email": "ada@example.com", "password": secret})
    client.submit("/login", {"email": "ada@example.com", "password": secret + "x"})
    assert secret not in caplog.text


def test_rate_limits_use_redis_when_configured():
    from tracker.config import load

    assert load({"APP_ENV": "testing", "SECRET_KEY": "k", "REDIS_URL": "redis://10.0.0.1:6379/3"})[
        "RATELIMIT_STORAGE_URI"] == "redis://10.0.0.1:6379/3"
    assert load({"APP_ENV": "testing", "SECRET_KEY": "k", "REDIS_URL": ""})["RATELIMIT_STORAGE_URI"] == "memory://"


def test_login_session_records_last_seen(client, auth, db):
    from datetime import timedelta

    from sqlalchemy import select, update

    from tracker.models.accounts import LoginSession
    from tracker.models.base import utcnow

    auth.login("ada@example.com")
    old = utcnow() - timedelta(hours=1)
    db.session.execute(update(LoginSession).values(last_seen_at=old))
    db.session.commit()
    client.get("/")
    db.session.expire_all()
    assert db.session.scalar(select(LoginSession.last_seen_at)) > old + timedelta(minutes=30)
