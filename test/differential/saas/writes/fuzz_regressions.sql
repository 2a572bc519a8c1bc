-- Statements that found write-path bugs (fuzz/generate_writes.py and ad-hoc probes), minimised.

-- A pulled INSERT ... SELECT (more rows than one batch of 20000) whose ON CONFLICT DO UPDATE
-- moves the row out of the key: PostgreSQL updates (2, 1) to (2, 1000001) for the first row and
-- inserts (2, 1) again for the last one. Tessera's batches cannot tell, so it must refuse rather
-- than claim "cannot affect row a second time" (in a transaction rolled back, so that both sides
-- continue from equal rows).
BEGIN;
-- expect-error: not supported when rows more than 20000 apart propose the same key
INSERT INTO events (tenant_id, event_id, kind, occurred_at)
SELECT 2, CASE WHEN g IN (1, 25000) THEN 1 ELSE 5000000 + g END, 'k' || g, timestamptz '2024-01-01 00:00:00+00'
FROM generate_series(1, 25000) g ORDER BY g
ON CONFLICT (tenant_id, event_id) DO UPDATE SET event_id = events.event_id + 1000000, kind = EXCLUDED.kind;
ROLLBACK;

-- The same rows assigning the key to itself (and a DO UPDATE leaving the key alone): the second
-- proposal of (2, 1) affects the row a second time, in PostgreSQL and here.
-- error
INSERT INTO events (tenant_id, event_id, kind, occurred_at)
SELECT 2, CASE WHEN g IN (1, 25000) THEN 1 ELSE 5000000 + g END, 'k' || g, timestamptz '2024-01-01 00:00:00+00'
FROM generate_series(1, 25000) g ORDER BY g
ON CONFLICT (tenant_id, event_id) DO UPDATE SET event_id = events.event_id, kind = EXCLUDED.kind;

-- error
INSERT INTO events (tenant_id, event_id, kind, occurred_at)
SELECT 2, CASE WHEN g IN (1, 25000) THEN 1 ELSE 5000000 + g END, 'k' || g, timestamptz '2024-01-01 00:00:00+00'
FROM generate_series(1, 25000) g ORDER BY g
ON CONFLICT ON CONSTRAINT events_pkey DO UPDATE SET kind = EXCLUDED.kind;

SELECT count(*), min(event_id), max(event_id) FROM events WHERE tenant_id = 2;

-- A colocated INSERT ... SELECT pushed down to the shards whose RETURNING (or ON CONFLICT) reads
-- other shards: a subquery over the target table itself answered each shard's own count, and one
-- over a table of another colocation group (audit_log) named that table's shard with the target
-- shard's suffix ("relation audit_log_<garbage> does not exist"). Such subqueries are computed once
-- on the coordinator before the write, as PostgreSQL's statement snapshot sees them.
INSERT INTO events (tenant_id, event_id, kind, occurred_at)
SELECT tenant_id, 800000 + task_id, 'ret', created_at FROM tasks WHERE tenant_id IN (2, 3) AND priority = 1
RETURNING tenant_id, event_id, (SELECT count(*) FROM events) AS all_events,
          (SELECT count(*) FROM events e WHERE e.tenant_id = events.tenant_id) AS tenant_events;

INSERT INTO events (tenant_id, event_id, kind, occurred_at)
SELECT tenant_id, 810000 + task_id, 'ret', created_at FROM tasks WHERE tenant_id IN (2, 3, 4) AND priority = 2
RETURNING tenant_id, event_id, (SELECT count(*) FROM audit_log) AS audit_rows,
          (SELECT max(seq) FROM audit_log a WHERE a.tenant_id = 2) AS audit_max;

INSERT INTO events (tenant_id, event_id, kind, occurred_at)
SELECT tenant_id, 800000 + task_id, 'again', created_at FROM tasks WHERE tenant_id IN (2, 3) AND priority = 1
ON CONFLICT (tenant_id, event_id) DO UPDATE SET kind = EXCLUDED.kind || (SELECT count(*) FROM audit_log)::text
RETURNING tenant_id, event_id, kind, (SELECT sum(amount) FROM invoices) AS invoiced;

PREPARE h87_ret(bigint) AS
INSERT INTO events (tenant_id, event_id, kind, occurred_at)
SELECT tenant_id, 2000000 + task_id * 10 + $1, 'prep', created_at FROM tasks WHERE tenant_id IN (2, 5) AND priority = 3
RETURNING event_id, (SELECT count(*) FROM events WHERE event_id >= 2000000) AS prepared_before, (SELECT count(*) FROM audit_log) AS audit_rows;
EXECUTE h87_ret(0);
EXECUTE h87_ret(1);
EXECUTE h87_ret(2);
EXECUTE h87_ret(3);
EXECUTE h87_ret(4);
EXECUTE h87_ret(5);
EXECUTE h87_ret(6);
DEALLOCATE h87_ret;

SELECT tenant_id, count(*), max(kind) FROM events WHERE event_id >= 800000 GROUP BY tenant_id;
