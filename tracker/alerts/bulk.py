"""Set-based writes and reads for the cross-check on PostgreSQL: a recall's new alerts and their outbox rows in one
statement (one round trip, no ORM objects), the recall's keys and the candidate rows.

The statement is the same rule as the portable path in service.py (ON CONFLICT DO NOTHING on the alert's UNIQUE
key, then one outbox row per alert that emails, idempotent on UNIQUE (alert_id, channel, kind)); the caller's transaction commits."""
from __future__ import annotations

from datetime import datetime

from tracker.extensions import db

INSERT_ALERTS_AND_OUTBOX = """
WITH v AS (
    SELECT t.ord AS idx, t.level, t.reason, t.rule
    FROM unnest(%(levels)s::text[], %(reasons)s::text[], %(rules)s::text[]) WITH ORDINALITY AS t(level, reason, rule, ord)
), d AS (
    SELECT * FROM unnest(%(spids)s::int[], %(uids)s::int[], %(vidx)s::int[], %(kinds)s::text[])
        AS t(spid, uid, idx, kind)
), ins AS (
    INSERT INTO alerts (user_id, saved_product_id, recall_id, level, reason, rule, recall_version, status,
                        created_at, updated_at)
    SELECT d.uid, d.spid, %(recall_id)s, v.level, v.reason, v.rule, %(version)s, 'open', %(now)s, %(now)s
    FROM d JOIN v USING (idx) ORDER BY d.spid
    ON CONFLICT (saved_product_id, recall_id) DO NOTHING
    RETURNING id, user_id, saved_product_id
), notes AS (
    INSERT INTO notifications (user_id, alert_id, channel, kind, dedupe_key, status, message_id, payload, attempts,
                               created_at)
    SELECT ins.user_id, ins.id, 'email', d.kind, 'alert:' || ins.id || ':email:' || d.kind, 'pending',
           '<' || replace(gen_random_uuid()::text, '-', '') || '@recalltracker.local>', '{}', 0, %(now)s
    FROM ins JOIN d ON d.spid = ins.saved_product_id
    WHERE d.kind IS NOT NULL
    ORDER BY ins.id
    ON CONFLICT (alert_id, channel, kind) DO NOTHING
    RETURNING id
)
SELECT (SELECT count(*) FROM ins), (SELECT coalesce(array_agg(id ORDER BY id), '{}'::int[]) FROM notes)
"""


def insert_alerts_and_outbox(recall_id: int, version: int, now: datetime, new: list[tuple], verdicts: list) -> tuple[int, list[int]]:
    """Insert alerts for `new` rows (saved_product_id, user_id, verdict index, email kind or None) with the distinct
    `verdicts` they point at (1-based), plus their outbox rows; returns (alerts created, notification ids)."""
    if not new:
        return 0, []
    spids, uids, vidx, kinds = (list(col) for col in zip(*new))
    params = dict(levels=[v.level for v in verdicts], reasons=[v.reason for v in verdicts],
                  rules=[v.rule for v in verdicts], spids=spids, uids=uids, vidx=vidx, kinds=kinds,
                  recall_id=recall_id, version=version, now=now)
    with _cursor() as cur:
        cur.execute(INSERT_ALERTS_AND_OUTBOX, params, prepare=True)  # planned once per connection
        created, ids = cur.fetchone()
    return created, list(ids)


def _cursor():
    """A DB-API cursor on the session's own connection (same transaction as the ORM work around it)."""
    return db.session.connection().connection.driver_connection.cursor()


RECALL_KEYS = """
SELECT coalesce((SELECT json_agg(json_build_array(model_key, text, excluded) ORDER BY id) FROM recall_model_keys
                 WHERE recall_id = %(r)s), '[]'),
       coalesce((SELECT array_agg(upc ORDER BY id) FROM recall_upcs WHERE recall_id = %(r)s), '{}'),
       coalesce((SELECT array_agg(name ORDER BY id) FROM recall_brand_keys WHERE recall_id = %(r)s), '{}')
"""


# The cross-check's lookups are OLTP index probes: a parallel plan's worker start-up or a JIT compile (planners pick
# both from row estimates that IN lists of model families inflate) costs more than the whole lookup. This
# transaction only; sent in the same round trip as the recall's keys.
OLTP = "SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0; "


def recall_keys(recall_id: int) -> tuple[list, list[str], list[str]]:
    """A recall's (model_key, text, excluded) rows, UPCs and brand-key names in one round trip (id order); also
    sets the transaction's planner options for the lookups that follow (OLTP)."""
    with _cursor() as cur:
        cur.execute(OLTP + RECALL_KEYS.replace("%(r)s", str(int(recall_id))))  # several statements: no parameters
        while cur.nextset():
            pass
        models, upcs, names = cur.fetchone()
    return [tuple(m) for m in models], list(upcs), list(names)


def candidates(lookup: tuple[str, dict], recall_id: int) -> tuple[list[tuple], bool]:
    """Candidate rows (ITEM_COLUMNS) of a lookup (candidates.candidate_sql) and whether the recall already has
    alerts, in one round trip. Members' facts come later (members()), for the candidates that alert only: most
    candidates of a model family don't."""
    sql, params = lookup
    with _cursor() as cur:
        cur.execute(CANDIDATES.format(candidates=sql), {**params, "recall_id": recall_id}, prepare=False)
        rows = cur.fetchall()
    if not rows:
        return [], _has_alerts(recall_id)
    return [r[:-1] for r in rows], rows[0][-1]


CANDIDATES = """
SELECT c.*, EXISTS (SELECT 1 FROM alerts WHERE recall_id = %(recall_id)s) FROM ({candidates}) AS c
"""


def _has_alerts(recall_id: int) -> bool:
    with _cursor() as cur:
        cur.execute("SELECT EXISTS (SELECT 1 FROM alerts WHERE recall_id = %(r)s)", {"r": recall_id})
        return cur.fetchone()[0]
