"""Cross-check speed on PostgreSQL: one recall against N generated saved products, next to its floor (the raw
indexed SQL lookup of the same candidate keys through the driver, rows fetched), measured in the same run.

Each case runs once unmeasured (warm-up), then `repeats` times on a clean slate (the recall's alerts and outbox rows deleted and vacuumed first);
the median is reported, through COMMIT and (second figure) before it. The cross-check time covers loading the
recall, its facts, the candidate lookup, the verdicts, membership and preference lookups, the alert + outbox INSERT
and the COMMIT."""
from __future__ import annotations

import statistics
import time

from sqlalchemy import text

from bench import data


def run(app, n: int, repeats: int = 5) -> list[dict]:
    """Figures for both cases at size n (generating or reusing the dataset)."""
    from tracker.extensions import db
    from tracker.recalls import service as recalls

    with app.app_context():
        info = data.ensure(db, n)
        rows = []
        for case, number in (("few owners", info["few_recall"]), ("A3102-sized", data.A3102)):
            recall_id = recalls.find(number).id
            floors, model_floors, times, before, outcome = [], [], [], [], None
            _clear(db, recall_id)  # one unmeasured round first: both sides then run on warm caches
            _floor(db, recall_id)
            _crosscheck(db, recall_id)
            for _ in range(repeats):
                _clear(db, recall_id)
                floors.append(_floor(db, recall_id))
                model_floors.append(_floor(db, recall_id, names=False))
                took, outcome = _crosscheck(db, recall_id, before)
                times.append(took)
            floor, took = statistics.median(floors), statistics.median(times)
            rows.append(dict(n=n, case=f"{case} ({number})", generated_s=info["seconds"], floor_s=floor,
                             floor_no_names_s=statistics.median(model_floors),
                             crosscheck_s=took, ratio=took / floor, before_commit_s=statistics.median(before),
                             before_ratio=statistics.median(before) / floor, alerts=outcome.created,
                             outbox=len(outcome.notification_ids)))
        return rows


def _crosscheck(db, recall_id: int, before: list | None = None):
    """Seconds through COMMIT (appending the seconds before COMMIT to `before`), and the outcome."""
    from tracker.alerts import service
    from tracker.models.recalls import Recall

    db.session.expire_all()
    t = time.perf_counter()
    out = service.crosscheck_recall(db.session.get(Recall, recall_id))
    if before is not None:
        before.append(time.perf_counter() - t)
    db.session.commit()
    return time.perf_counter() - t, out


def _floor(db, recall_id: int, names: bool = True) -> float:
    """The same candidate lookup as raw SQL on the driver: the time a perfect cross-check can't beat.
    names=False: without the printed-name pairs (candidates.lookups "pair"), shown next to it: that part of the
    lookup is the price of finding members who typed a product name as the model."""
    from tracker.alerts import bulk, candidates
    from tracker.models.recalls import Recall

    facts = candidates.recall_facts(db.session.get(Recall, recall_id))
    if names:
        sql, params = candidates.candidate_sql(facts)
    else:
        sql, params = candidates.candidate_sql(facts, kinds=("in", "prefix"))
    db.session.commit()
    cur = db.session.connection().connection.driver_connection.cursor()
    cur.execute(bulk.OLTP)  # the planner settings the cross-check's transaction runs its lookup with (no JIT)
    t = time.perf_counter()
    cur.execute(sql, params, prepare=False)
    cur.fetchall()
    took = time.perf_counter() - t
    db.session.commit()
    return took


def _clear(db, recall_id: int) -> None:
    """Back to "new recall": no alerts or outbox rows for it; dead rows vacuumed so every repeat starts equal."""
    db.session.execute(text("DELETE FROM notifications WHERE alert_id IN (SELECT id FROM alerts WHERE recall_id = :r)"),
                       {"r": recall_id})
    db.session.execute(text("DELETE FROM alerts WHERE recall_id = :r"), {"r": recall_id})
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE alerts, notifications"))
