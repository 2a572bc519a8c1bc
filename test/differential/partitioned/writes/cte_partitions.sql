-- Data-modifying WITH queries on a partitioned table, with the rest of the statement reading one
-- of its partitions (or the other way round). PostgreSQL runs everything on one snapshot: the rest
-- sees the rows before the WITH query's change. Tessera runs the WITH query first, so it must refuse
-- (found while fuzzing the write path: the rest counted the rows after the DELETE, without error).
-- Each refused statement runs in a transaction rolled back, so both sides keep equal rows.

BEGIN;
-- expect-error: which the rest of the SELECT
WITH d AS (DELETE FROM events WHERE tenant_id = 2 RETURNING event_id)
SELECT (SELECT count(*) FROM d), (SELECT count(*) FROM events_2024 WHERE tenant_id = 2);
ROLLBACK;

BEGIN;
-- expect-error: which the rest of the SELECT
WITH d AS (DELETE FROM events_2024 WHERE tenant_id = 2 RETURNING event_id)
SELECT (SELECT count(*) FROM d), (SELECT count(*) FROM events WHERE tenant_id = 2);
ROLLBACK;

BEGIN;
-- expect-error: which the rest of the INSERT
WITH d AS (DELETE FROM events_2025 WHERE tenant_id = 3 RETURNING tenant_id, event_id, ts)
INSERT INTO metrics (tenant_id, metric, value) SELECT 3, 'cnt', count(*) FROM events WHERE tenant_id = 3 RETURNING value;
ROLLBACK;

BEGIN;
-- expect-error: which the rest of the UPDATE
WITH d AS (DELETE FROM events WHERE tenant_id = 3 RETURNING tenant_id)
UPDATE metrics SET value = (SELECT count(*) FROM events_default WHERE tenant_id = 3) WHERE tenant_id = 3 AND metric = 'cpu' RETURNING value;
ROLLBACK;

-- still supported: the rest reads another table
WITH d AS (DELETE FROM events_2025 WHERE tenant_id = 3 RETURNING event_id)
SELECT (SELECT count(*) FROM d), (SELECT count(*) FROM metrics WHERE tenant_id = 3);
