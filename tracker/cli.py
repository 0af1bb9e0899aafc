"""Operator commands: `flask members ...` and `flask demo load`."""
from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import AppGroup

from tracker.accounts import service
from tracker.accounts.service import AccountError
from tracker.extensions import db
from tracker.models.base import utcnow

members_cli = AppGroup("members", help="Create members, grant memberships, issue API tokens.")
demo_cli = AppGroup("demo", help="Demo data for development.")


def _user_or_exit(email: str):
    user = service.find_user(email)
    if user is None:
        raise click.ClickException(f"No member with email {email}.")
    return user


@members_cli.command("create")
@click.argument("email")
@click.option("--password", help="Asked for when not given.")
@click.option("--admin", is_flag=True, help="Give the admin role.")
def create(email: str, password: str | None, admin: bool) -> None:
    """Create an account."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = service.create_user(email, password)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    user.is_admin = admin
    db.session.commit()
    click.echo(f"created {user.email}")


@members_cli.command("grant")
@click.argument("email")
@click.option("--days", type=click.IntRange(min=1), required=True, help="Length of the complimentary membership.")
def grant(email: str, days: int) -> None:
    """Complimentary membership: active for N days from now (or from the end of a current grant)."""
    from tracker.billing.service import grant_complimentary

    user = _user_or_exit(email)
    until = grant_complimentary(user, timedelta(days=days))
    db.session.commit()
    click.echo(f"granted {user.email} membership until {until.isoformat()}")


@members_cli.command("token")
@click.argument("email")
@click.option("--name", default="CLI token")
def token(email: str, name: str) -> None:
    """Create a personal API token and print it (last word of the last line)."""
    user = _user_or_exit(email)
    raw = service.create_api_token(user, name)
    db.session.commit()
    click.echo(raw)


@members_cli.command("admin")
@click.argument("email")
@click.option("--revoke", is_flag=True, help="Take the admin role away.")
def admin(email: str, revoke: bool) -> None:
    """Grant (or revoke) the admin role."""
    user = _user_or_exit(email)
    user.is_admin = not revoke
    db.session.commit()
    click.echo(f"{user.email} admin={user.is_admin}")


DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "recall-demo-2026"


@demo_cli.command("load")
def load() -> None:
    """Idempotent demo data: a member with a year of complimentary membership, the catalog, saved products."""
    from tracker.billing.service import grant_complimentary
    from tracker.products.demo import load_demo_products

    user = service.find_user(DEMO_EMAIL) or service.create_user(DEMO_EMAIL, DEMO_PASSWORD)
    m = getattr(user, "membership", None)
    if m is None or m.comp_until is None or m.comp_until < utcnow() + timedelta(days=30):
        grant_complimentary(user, timedelta(days=365))
    db.session.flush()
    load_demo_products(user)
    db.session.commit()
    click.echo(f"demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}")
