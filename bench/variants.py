"""`python -m bench.variants [--size N] [--rounds R]`: where the A3102-sized INSERT's time goes. The same rows (one
new recall's alerts and outbox rows, bulk.insert_alerts_and_outbox) are inserted under schema variants, each in a
transaction that is rolled back (the variant's DDL included): as is, without one index or one foreign key, without
any foreign key, with WAL compression; each with the WAL it wrote. Uses the bench database of that size
(BENCH_DATABASE_URL, as `python -m bench`) and changes nothing.

It answers "what would dropping X buy", not "drop X": the keys are the database's own integrity rules (README,
Alerts and notifications)."""
from __future__ import annotations

import argparse
import os
import statistics
import time

VARIANTS = {
    "as is": [],
    "without ix_alerts_status_created_at": ["DROP INDEX ix_alerts_status_created_at"],
    "without ix_alerts_user_id_status": ["DROP INDEX ix_alerts_user_id_status"],
    "without alert -> recall key": ["ALTER TABLE alerts DROP CONSTRAINT fk_alerts_recall_id_recalls"],
    "without alert -> product owner key": ["ALTER TABLE alerts DROP CONSTRAINT fk_alerts_saved_product_owner"],
    "without email -> alert owner key": ["ALTER TABLE notifications DROP CONSTRAINT fk_notifications_alert_owner"],
    # the first change to a page after a checkpoint writes the whole page to the WAL (full-page writes): compressed
    "as is, WAL compressed (lz4)": ["SET LOCAL wal_compression = lz4"],
    "without any foreign key": ["ALTER TABLE alerts DROP CONSTRAINT fk_alerts_recall_id_recalls",
                                "ALTER TABLE alerts DROP CONSTRAINT fk_alerts_saved_product_owner",
                                "ALTER TABLE notifications DROP CONSTRAINT fk_notifications_alert_owner"],
}


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.variants")
    ap.add_argument("--size", type=int, default=10_000_000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    from bench.__main__ import DEFAULT_DB

    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    from bench import report
    from bench.__main__ import app_for

    report.machine(os.environ["DATABASE_URL"])
    app = app_for(args.size)
    with app.app_context():
        times, wal = run(args.size, args.rounds)
    print(f"\nThe A3102-sized alert + outbox INSERT at {args.size:,} saved products, by schema variant "
          f"(median of {args.rounds}, each rolled back)")
    base = statistics.median(times["as is"])
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name:38s} {med:6.2f} s  ({med / base:4.0%} of as is; runs {', '.join(f'{t:.2f}' for t in ts)}); "
              f"WAL {statistics.median(wal[name]) / 2**20:5.0f} MB")


def run(n: int, rounds: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    from bench import crosscheck, data
    from tracker.alerts import bulk, candidates, service
    from tracker.extensions import db
    from tracker.models.base import utcnow
    from tracker.models.recalls import Recall
    from tracker.recalls import service as recalls

    data.ensure(db, n)
    recall_id = recalls.find(data.A3102).id
    crosscheck._clear(db, recall_id)
    recall = db.session.get(Recall, recall_id)
    facts = candidates.recall_facts(recall, bulk.recall_keys(recall.id))
    rows, _ = bulk.candidates(candidates.candidate_sql(facts), recall_id)
    new, verdicts = service.bulk_rows([(row, v) for row, v in service.decide(facts, rows).values() if v])
    version = recall.version
    db.session.rollback()
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    wal: dict[str, list[float]] = {name: [] for name in VARIANTS}  # bytes of WAL the INSERT wrote
    for _ in range(rounds):  # variants interleaved: drift on a shared machine hits them alike
        for name, ddl in VARIANTS.items():
            cur = bulk._cursor()
            for stmt in ddl:
                cur.execute(stmt)
            cur.execute("SELECT pg_current_wal_insert_lsn()")
            lsn = cur.fetchone()[0]
            t = time.perf_counter()
            bulk.insert_alerts_and_outbox(recall_id, version, utcnow(), new, verdicts)
            times[name].append(time.perf_counter() - t)
            cur.execute("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), %s)", (lsn,))
            wal[name].append(float(cur.fetchone()[0]))
            db.session.rollback()
    return times, wal


if __name__ == "__main__":
    main()
