"""Email fan-out: the A3102 recall's outbox rows sent by real Celery workers on Redis through a local aiosmtpd
sink, next to the sink's own capacity: plain smtplib replaying the very same messages (bytes and envelopes
captured by the sink) to a fresh sink, in the same run, over as many connections as there are worker processes and
over two and four times as many; the capacity is the best of those rates (one client per sink connection does not
keep the sink busy: it waits for each reply).

Pipeline time runs from the first enqueue (right after the cross-check commit) to the last message accepted. CPU
time per message of the sink, the workers, PostgreSQL's processes for the bench database and the bench process
itself (the baseline's client) is read from /proc for both runs (bench/cpu.py)."""
from __future__ import annotations

import os
import pickle
import smtplib
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
BROKER = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
# Mail worker processes: four times the cores, as the README's production command starts the worker of the "mail"
# queue (sending waits on the relay: four replies per message).
WORKERS = int(os.environ.get("BENCH_WORKERS", 4 * (os.cpu_count() or 1)))


def run(app, n: int) -> dict:
    """Figures for the fan-out at size n (its A3102 outbox: 0.69% of n owners, minus love items and mail-off)."""
    from bench import cpu, crosscheck, data
    from tracker.extensions import db
    from tracker.recalls import service as recalls

    port, tmp = _free_port(), Path(tempfile.mkdtemp(prefix="bench-fanout-"))
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    schema = data.schema_for(n)
    env = {**os.environ, "DATABASE_URL": f"{url}?options=-csearch_path%3D{schema}", "REDIS_URL": BROKER,
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(port), "APP_ENV": "testing", "SECRET_KEY": "bench",
           "PYTHONPATH": str(ROOT)}
    _purge(app)
    worker = subprocess.Popen([sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "-c", str(WORKERS),
                               "-P", "prefork", "-Q", "mail", "-l", "warning", "--without-gossip", "--without-mingle",
                               "--without-heartbeat", "-n", f"bench{port}@localhost"], env=env, cwd=ROOT)
    sink = _sink(port, tmp / "pipeline.pickle")
    database = url.rsplit("/", 1)[-1].split("?")[0]
    roots = {"sink": sink.pid, "workers": worker.pid, "bench": os.getpid()}
    try:
        with app.app_context():
            _wait_worker(app)
            recall_id = recalls.find(data.A3102).id
            crosscheck._clear(db, recall_id)
            _, out = crosscheck._crosscheck(db, recall_id)
            committed_at = time.time()
            ids = out.notification_ids
            from workers.alerts import enqueue_notifications

            cpu0 = cpu.snapshot(roots, database)
            t0 = time.time()
            enqueue_notifications(ids)
            enqueued_s = time.time() - t0
            _wait_done(db, ids, timeout=max(120, len(ids) / 20))
            cpu1 = cpu.snapshot(roots, database)
            alerts = db.session.scalar(text("SELECT count(*) FROM alerts WHERE recall_id = :r"), {"r": recall_id})
            expected = dict(db.session.execute(text("SELECT message_id, status FROM notifications WHERE id = ANY(:ids)"),
                                               {"ids": ids}).all())
            # Rows of digest and no-email members are skipped at sending time by rule (channels.delivery): not lost.
            quiet = set(db.session.scalars(text(
                "SELECT n.message_id FROM notifications n JOIN notification_preferences p ON p.user_id = n.user_id "
                "WHERE n.id = ANY(:ids) AND p.email_mode IN ('digest', 'off')"), {"ids": ids}))
    finally:
        got = _stop(sink, tmp / "pipeline.pickle")
        worker.terminate()
        worker.wait(60)
    accepted = [g for g in got if g[0] in expected]
    distinct = {g[0] for g in accepted}
    skipped = {m for m, status in expected.items() if status == "skipped"}
    pipeline_s = max(g[1] for g in accepted) - t0 if accepted else float("inf")
    baselines = {c: _baseline(accepted, tmp, c) for c in (WORKERS, 2 * WORKERS, 4 * WORKERS)}
    best = min(baselines, key=lambda c: baselines[c][0])
    baseline_s = baselines[best][0]
    return dict(messages=len(ids), workers=WORKERS, alerts=alerts, enqueue_s=enqueued_s,
                pipeline_rate=len(accepted) / pipeline_s, baseline_rate=len(accepted) / baseline_s,
                ratio=(len(accepted) / pipeline_s) / (len(accepted) / baseline_s),
                pipeline_cpu=cpu.per_message(cpu0, cpu1, len(accepted)), baseline_cpu=baselines[best][1],
                baselines={c: len(accepted) / s for c, (s, _) in baselines.items()},
                lost=len(set(expected) - quiet - distinct), misrouted=len(distinct & quiet) + len(quiet - skipped),
                duplicates=len(accepted) - len(distinct),
                alerts_first=bool(accepted) and min(g[1] for g in accepted) >= committed_at,
                baseline_note=f"{len(accepted):,} captured messages replayed; best over {best} connections, "
                              f"{baseline_s:.1f} s",
                pipeline_note=f"enqueue {enqueued_s:.2f} s, last email accepted {pipeline_s:.1f} s after the "
                              f"first enqueue; rows skipped by rule (digest or no-email members): {len(skipped):,}, "
                              f"sent or kept against the rule: {len(distinct & quiet) + len(quiet - skipped)}; "
                              f"rows neither sent nor skipped: "
                              f"{sum(1 for s in expected.values() if s not in ('sent', 'skipped'))}")


def _baseline(messages: list, tmp: Path, connections: int) -> tuple[float, dict[str, float]]:
    """Plain smtplib sends the same bytes to a fresh sink over `connections` connections (a thread each): seconds to
    the last accept, and CPU ms per message of the sink and of this process (the client)."""
    from bench import cpu

    port = _free_port()
    out = tmp / f"baseline{connections}.pickle"
    sink = _sink(port, out)
    parts = [messages[i::connections] for i in range(connections)]
    roots = {"sink": sink.pid, "bench": os.getpid()}

    def send(part):
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
            for _, _, sender, rcpts, content in part:
                smtp.sendmail(sender, rcpts, content)

    cpu0 = cpu.snapshot(roots)
    t0 = time.time()
    threads = [threading.Thread(target=send, args=(p,)) for p in parts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(3600)
    cpu1 = cpu.snapshot(roots)
    got = _stop(sink, out)
    return (max(g[1] for g in got) - t0 if got else float("inf")), cpu.per_message(cpu0, cpu1, len(got))


def _sink(port: int, out: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "bench.sink", str(port), str(out)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _stop(proc: subprocess.Popen, out: Path) -> list:
    proc.terminate()
    proc.wait(120)
    return pickle.loads(out.read_bytes()) if out.exists() else []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _purge(app) -> None:
    import redis

    redis.Redis.from_url(BROKER).flushdb()  # the bench's own Redis db: stale tasks from an aborted run


def _wait_worker(app, timeout: float = 60) -> None:
    celery = app.extensions["celery"]  # on BROKER (bench.__main__.app_for): the app that enqueues the sends
    deadline = time.time() + timeout
    while time.time() < deadline:
        if celery.control.ping(timeout=1):
            return
    raise SystemExit("fan-out: the Celery worker did not start")


def _wait_done(db, ids: list[int], timeout: float) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        left = db.session.scalar(text("SELECT count(*) FROM notifications WHERE id = ANY(:ids) AND status NOT IN "
                                      "('sent', 'failed', 'skipped')"), {"ids": ids})
        db.session.commit()
        if not left:
            return
        time.sleep(1.0)  # the finish time comes from the sink; polling a 47k-id query faster steals CPU
