"""`flask alerts rematch [--recall NUMBER]`: re-run the cross-check in this process (backfills, matcher upgrades)."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from tracker.alerts import service
from tracker.extensions import db
from tracker.models.recalls import Recall
from tracker.recalls import service as recalls

alerts_cli = AppGroup("alerts", help="Cross-check saved products against recalls.")


@alerts_cli.command("rematch")
@click.option("--recall", "number", help="Only this recall (25056 or 25-056).")
def rematch(number: str | None) -> None:
    """Cross-check now, creating only alerts that don't exist yet; prints alerts_created=N last."""
    from workers.alerts import enqueue_notifications

    if number:
        recall = recalls.find(number)
        if recall is None:
            raise click.ClickException(f"No recall {number}.")
        ids = [recall.id]
    else:
        ids = list(db.session.scalars(select(Recall.id).order_by(Recall.id)))
    created = updated = 0
    for rid in ids:  # one transaction per recall: a long backfill commits as it goes
        recall = db.session.get(Recall, rid, with_for_update=True)
        out = service.crosscheck_recall(recall)
        recall.crosschecked_version = recall.version
        db.session.commit()
        enqueue_notifications(out.notification_ids)
        created, updated = created + out.created, updated + out.updated
    click.echo(f"recalls={len(ids)} alerts_updated={updated}")
    click.echo(f"alerts_created={created}")
