"""Health check, error pages, layout, migrations."""
import pytest
from sqlalchemy.exc import OperationalError


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json["status"] == "ok" and r.json["database"] == "ok"


def test_healthz_reports_a_broken_database(client, monkeypatch):
    from tracker.extensions import db

    def broken(*a, **k):
        raise OperationalError("SELECT 1", {}, Exception("down"))

    monkeypatch.setattr(db.session, "execute", broken)
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json["database"] == "error"


def test_404_page_in_site_style(client):
    r = client.get("/no-such-page")
    assert r.status_code == 404 and "Page not found" in r.get_data(as_text=True) and "Recall Tracker" in r.get_data(as_text=True)


def test_500_page_in_site_style(make_app):
    from tests.helpers import Browser

    app = make_app({"APP_ENV": "testing", "TESTING": False})

    @app.get("/_boom")
    def boom():
        raise RuntimeError("boom")

    r = Browser(app.test_client()).get("/_boom")
    assert r.status_code == 500 and "Something went wrong" in r.get_data(as_text=True)


def test_navigation_shows_membership_state(client, auth):
    assert "Log in" in client.text("/")
    auth.login("ada@example.com")
    assert "Join" in client.text("/")
    client.submit("/", {}, action="/logout")
    auth.login("paid@example.com", days=10)
    assert "Member" in client.text("/")


def test_models_and_migrations_agree(app, db):
    """Autogenerate finds nothing to do: every model change has a migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


def test_member_links_hidden_from_visitors(client, auth):
    assert "My products" not in client.text("/") and "Recalls" in client.text("/")
    auth.login("ada@example.com", days=5)
    assert "My products" in client.text("/")
