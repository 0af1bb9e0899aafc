"""Plain-text tables for the benchmark figures."""
from __future__ import annotations


def machine(url: str) -> None:
    """What the figures were measured on: cores, load, and the PostgreSQL settings that move them most."""
    import os

    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        version = conn.execute(text("SHOW server_version")).scalar()
        settings = dict(conn.execute(text("SELECT name, current_setting(name) FROM pg_settings WHERE name IN "
                                          "('shared_buffers', 'synchronous_commit', 'work_mem')")).all())
    engine.dispose()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, load average {load}; PostgreSQL {version}, "
          + ", ".join(f"{k}={v}" for k, v in sorted(settings.items())))


def crosscheck_table(rows: list[dict]) -> None:
    """N, case, floor seconds, cross-check seconds, ratio, alerts committed (targets: see the README)."""
    print("\nCross-check one new recall (PostgreSQL; median of repeats; floor = raw indexed SQL lookup, same run)")
    print("(cross-check s and ratio: through COMMIT; before commit: the same run's time up to the COMMIT)")
    print("(floor w/o names: the same lookup without the printed-name pairs, for reference; ratios use the floor)")
    head = (f"{'N':>10}  {'case':<26} {'floor s':>9} {'w/o names':>10} {'cross-check s':>14} {'ratio':>7} "
            f"{'before commit':>14} {'ratio':>7} {'alerts':>7} {'outbox':>7}")
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['n']:>10,}  {r['case']:<26} {r['floor_s']:>9.4f} {r['floor_no_names_s']:>10.4f} "
              f"{r['crosscheck_s']:>14.4f} {r['ratio']:>6.1f}x "
              f"{r['before_commit_s']:>14.4f} {r['before_ratio']:>6.1f}x {r['alerts']:>7,} {r['outbox']:>7,}")
    for n in dict.fromkeys(r["n"] for r in rows):
        gen = next(r["generated_s"] for r in rows if r["n"] == n)
        print(f"dataset {n:,}: " + (f"generated in {gen:.0f} s" if gen else "reused (generated in an earlier run)"))


def fanout_table(runs: list[dict]) -> None:
    """Per run: sink capacity (the best smtplib baseline) next to the Celery pipeline, with loss, duplicates and
    ordering, the capacity by connection count and CPU per message; then the median ratio over the runs."""
    import statistics

    r = runs[0]
    print(f"\nEmail fan-out of {r['messages']:,} outbox rows through a local aiosmtpd sink "
          f"({r['workers']} Celery worker processes on Redis), {len(runs)} run(s)")
    head = (f"{'run':>4} {'capacity msgs/s':>16} {'pipeline msgs/s':>16} {'ratio':>7} {'lost':>5} {'dupes':>6} "
            f"{'misrouted':>10} {'alerts before 1st email':>24}")
    print(head)
    print("-" * len(head))
    for i, r in enumerate(runs, 1):
        print(f"{i:>4} {r['baseline_rate']:>16.0f} {r['pipeline_rate']:>16.0f} {r['ratio']:>6.0%} {r['lost']:>5} "
              f"{r['duplicates']:>6} {r['misrouted']:>10} {('yes' if r['alerts_first'] else 'NO'):>24}")
    for i, r in enumerate(runs, 1):
        print(f"run {i}: baseline: {r['baseline_note']}; pipeline: {r['pipeline_note']}")
        print("  sink capacity by connections: " + ", ".join(f"{c}: {rate:.0f} msgs/s" for c, rate in
                                                            r["baselines"].items()))
        for name in ("pipeline", "baseline"):
            cpu = r[f"{name}_cpu"]
            print(f"  CPU ms per message, {name}: " + ", ".join(f"{k} {v:.2f}" for k, v in cpu.items())
                  + f"; total {sum(cpu.values()):.2f}")
    print(f"median ratio over {len(runs)} run(s): {statistics.median(r['ratio'] for r in runs):.0%}; "
          f"lost {sum(r['lost'] for r in runs)}, duplicates {sum(r['duplicates'] for r in runs)}, "
          f"alerts before the first email in every run: {'yes' if all(r['alerts_first'] for r in runs) else 'NO'}")
