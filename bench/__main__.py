"""`python -m bench [--sizes 100000,1000000] [--repeats 5] [--no-fanout] [--fanout-repeats 3]`: the speed suite of
issue 5.

Sizes come from --sizes or BENCH_SIZES (default 100000). Uses BENCH_DATABASE_URL (default the local
recall_tracker_bench database, which it empties and fills with generated data, cached between runs)."""
from __future__ import annotations

import argparse
import os

DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/recall_tracker_bench"


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench")
    ap.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "100000"))
    ap.add_argument("--repeats", type=int, default=int(os.environ.get("BENCH_REPEATS", "5")))
    ap.add_argument("--no-fanout", action="store_true", help="skip the email fan-out benchmark")
    ap.add_argument("--fanout-only", action="store_true", help="only the fan-out (on the largest size)")
    ap.add_argument("--fanout-repeats", type=int, default=int(os.environ.get("BENCH_FANOUT_REPEATS", "3")),
                    help="fan-out runs (each with its own baselines); the ratio reported is their median")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    from bench import crosscheck, fanout, report

    report.machine(os.environ["DATABASE_URL"])
    if not args.fanout_only:
        rows = []
        for n in sizes:
            rows += crosscheck.run(app_for(n), n, args.repeats)
        report.crosscheck_table(rows)
    if not args.no_fanout:
        app = app_for(max(sizes), broker=fanout.BROKER)
        report.fanout_table([fanout.run(app, max(sizes)) for _ in range(max(1, args.fanout_repeats))])


def app_for(n: int, broker: str | None = None):
    """The app on the bench database, with the search_path on the schema that holds size n (and its tasks sent to
    `broker`, with the app's own queues and routes)."""
    from bench.data import ensure_schema, schema_for
    from tracker import create_app

    url = os.environ["DATABASE_URL"]
    ensure_schema(url, schema_for(n))
    return create_app({"APP_ENV": "testing", "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                       "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-c search_path={schema_for(n)}"}},
                       **({"REDIS_URL": broker} if broker else {})})


if __name__ == "__main__":
    main()
