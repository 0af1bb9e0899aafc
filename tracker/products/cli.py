"""`flask catalog import PATH` and `flask catalog seed`."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from tracker.extensions import db
from tracker.products import catalog

catalog_cli = AppGroup("catalog", help="Load the product catalog members pick from.")


def _summary(counts: dict[str, int]) -> str:
    return " ".join(f"{k}={v}" for k, v in counts.items())


@catalog_cli.command("import")
@click.argument("path", type=click.File("r", encoding="utf-8-sig"))
def import_(path) -> None:
    """Upsert catalog products from a CSV (brand, model_number, name, upc, category, source)."""
    try:
        counts = catalog.import_csv(path)
    except (UnicodeDecodeError, KeyError, ValueError) as exc:
        db.session.rollback()
        raise click.ClickException(f"could not read {path.name}: {exc}") from None
    db.session.commit()
    click.echo(_summary(counts))


@catalog_cli.command("seed")
def seed() -> None:
    """Load the bundled starter catalog (idempotent)."""
    counts = catalog.load_seed()
    db.session.commit()
    click.echo(_summary(counts))
