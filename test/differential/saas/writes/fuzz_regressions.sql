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
