"""CPU seconds used by groups of processes over a phase of a benchmark, read from /proc (Linux): per message,
they show where a fan-out's work goes (sink, Celery workers, PostgreSQL) independently of how busy the shared
machine was, which moves the rates themselves by ±20%."""
from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _processes() -> dict[int, tuple[int, float, str]]:
    """pid -> (parent pid, CPU seconds so far (user + system), command line) of every readable process."""
    out = {}
    for d in PROC.iterdir() if PROC.is_dir() else ():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue  # gone meanwhile, or not ours to read
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) ": state, ppid, ...; utime, stime 12, 13
        out[int(d.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK, cmd)
    return out


def snapshot(roots: dict[str, int], database: str | None = None, alone: tuple[str, ...] = ("bench",)) -> dict[str, float]:
    """CPU seconds so far per group: each named root pid with all its descendants (the `alone` ones without them:
    the bench process is the parent of the sink and the workers), plus "postgres": the server processes working for
    `database` (backends and autovacuum workers name it in their title)."""
    procs = _processes()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in procs.items():
        children.setdefault(ppid, []).append(pid)
    out = {}
    for name, root in roots.items():
        todo, total = [root], 0.0
        while todo:
            pid = todo.pop()
            total += procs.get(pid, (0, 0.0, ""))[1]
            todo += [] if name in alone else children.get(pid, [])
        out[name] = total
    if database:
        out["postgres"] = sum(s for _, s, cmd in procs.values() if cmd.startswith("postgres:") and f" {database} " in
                              f"{cmd} ")
    return out


def per_message(before: dict[str, float], after: dict[str, float], messages: int) -> dict[str, float]:
    """Milliseconds of CPU per message for each group between two snapshots."""
    return {k: 1000 * (after[k] - before.get(k, 0.0)) / max(messages, 1) for k in after}
