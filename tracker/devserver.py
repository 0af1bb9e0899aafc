"""`make run`: web, Celery worker and beat together, each line prefixed; Ctrl-C stops all three."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

BIN = Path(sys.executable).parent
PORT = os.environ.get("PORT", "5000")
PROCS = {
    "web": [str(BIN / "flask"), "--app", "app", "run", "--port", PORT, "--debug"],
    "worker": [str(BIN / "celery"), "-A", "workers.celery_app", "worker", "--loglevel=INFO", "-c", "2"],
    "beat": [str(BIN / "celery"), "-A", "workers.celery_app", "beat", "--loglevel=INFO"],
}


def _pump(name: str, proc: subprocess.Popen) -> None:
    for line in iter(proc.stdout.readline, b""):
        sys.stdout.write(f"{name:>6} | {line.decode(errors='replace')}")
        sys.stdout.flush()


def main() -> int:
    """Start the three processes, print where to go, and stop them all when one exits or on Ctrl-C."""
    from tracker.cli import DEMO_EMAIL, DEMO_PASSWORD

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    procs = {n: subprocess.Popen(a, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 start_new_session=True) for n, a in PROCS.items()}
    for n, p in procs.items():
        threading.Thread(target=_pump, args=(n, p), daemon=True).start()
    print(f"\n  Recall Tracker is starting at http://127.0.0.1:{PORT}/\n"
          f"  Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}\n  Press Ctrl-C to stop.\n", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            if any(p.poll() is not None for p in procs.values()):
                break
    except KeyboardInterrupt:
        pass
    _stop(procs)
    return 0


def _stop(procs: dict[str, subprocess.Popen]) -> None:
    """Warm shutdown: Celery's main process stops its own pool; the web reloader goes with its process group."""
    for name, p in procs.items():
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM) if name == "web" else p.terminate()
    for p in procs.values():
        try:
            p.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


if __name__ == "__main__":
    sys.exit(main())
