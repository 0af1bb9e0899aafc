"""Operator commands (`flask members ...`, `flask demo load`)."""
from datetime import timedelta

from sqlalchemy import select

from tracker.models.accounts import User
from tracker.models.base import utcnow


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def test_members_create_grant_token(app, client):
    r = run(app, "members", "create", "Ada@Example.com", "--password", "Correct-Horse-Battery-9")
    assert r.exit_code == 0, r.output
    r = run(app, "members", "grant", "ada@example.com", "--days", "30")
    assert r.exit_code == 0 and "until" in r.output
    token = run(app, "members", "token", "ada@example.com").output.strip().splitlines()[-1].split()[-1]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json
    assert me["membership"]["active"] is True


def test_members_create_asks_for_password(app, db):
    r = run(app, "members", "create", "bob@example.com", input="Correct-Horse-Battery-9\nCorrect-Horse-Battery-9\n")
    assert r.exit_code == 0, r.output
    assert db.session.scalar(select(User.email)) == "bob@example.com"


def test_members_errors_are_clear(app, make_user):
    make_user("ada@example.com")
    r = run(app, "members", "create", "ada@example.com", "--password", "Correct-Horse-Battery-9")
    assert r.exit_code != 0 and "already exists" in r.output
    r = run(app, "members", "create", "x@example.com", "--password", "short")
    assert r.exit_code != 0 and "at least 10" in r.output
    r = run(app, "members", "grant", "nobody@example.com", "--days", "3")
    assert r.exit_code != 0 and "No member" in r.output


def test_grant_extends_and_never_shortens(app, make_user, db):
    user = make_user("ada@example.com", days=100)
    run(app, "members", "grant", "ada@example.com", "--days", "10")
    db.session.refresh(user.membership)
    assert user.membership.comp_until > utcnow() + timedelta(days=109)


def test_members_admin_role(app, make_user, db):
    user = make_user("ada@example.com")
    assert run(app, "members", "admin", "ada@example.com").exit_code == 0
    db.session.refresh(user)
    assert user.is_admin


def test_demo_load_is_idempotent(app, client):
    assert run(app, "demo", "load").exit_code == 0
    assert run(app, "demo", "load").exit_code == 0
    from tracker.cli import DEMO_EMAIL, DEMO_PASSWORD

    assert client.submit("/login", {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}).status_code == 302
