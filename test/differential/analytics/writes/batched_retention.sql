-- Retention in batches. The rows to delete chosen by a subquery over ctid (a row's address,
-- unique within one table, but only within one shard of a distributed table): the subquery's
-- ctids were compared with the rows of every shard, so `UPDATE ... WHERE ctid IN (SELECT ctid
-- ... WHERE site_id = 1 LIMIT 20)` updated 480 rows. Such statements are now refused (each
-- refusal rolled back on both sides); batches by key are the supported way.

BEGIN;
-- expect-error: system columns of distributed table
DELETE FROM events WHERE ctid IN (SELECT ctid FROM events WHERE occurred_at < '2024-03-09' ORDER BY site_id, event_id LIMIT 50);
ROLLBACK;

BEGIN;
-- expect-error: system columns of distributed table
DELETE FROM events WHERE ctid = ANY (ARRAY(SELECT ctid FROM events WHERE occurred_at < '2024-03-09' ORDER BY site_id, event_id LIMIT 40));
ROLLBACK;

BEGIN;
-- expect-error: system columns of distributed table
DELETE FROM page_views WHERE (site_id, ctid) IN (SELECT site_id, ctid FROM page_views WHERE viewed_at < '2024-03-09' ORDER BY site_id, view_id LIMIT 30);
ROLLBACK;

BEGIN;
-- expect-error: system columns of distributed table
UPDATE events SET event_type = 'archived' WHERE ctid IN (SELECT ctid FROM events WHERE site_id = 1 ORDER BY event_id LIMIT 20);
ROLLBACK;

BEGIN;
-- expect-error: system columns of distributed table
WITH batch AS (SELECT ctid FROM rollup_minute WHERE minute < '2024-03-08 12:00+00' ORDER BY site_id, minute, event_type LIMIT 25)
DELETE FROM rollup_minute WHERE ctid IN (SELECT ctid FROM batch);
ROLLBACK;

BEGIN;
-- expect-error: system columns of distributed table
DELETE FROM events WHERE site_id = 1 AND ctid IN (SELECT ctid FROM events WHERE site_id = 1 AND occurred_at < '2024-03-10' ORDER BY event_id LIMIT 10);
ROLLBACK;

BEGIN;
-- expect-error: system columns of distributed table
DELETE FROM events e USING (SELECT ctid AS c FROM events WHERE site_id = 2 ORDER BY event_id LIMIT 5) x WHERE e.ctid = x.c;
ROLLBACK;

-- ctid in the statement's own condition names one row per shard
BEGIN;
-- expect-error: are not supported in DELETE across shards
DELETE FROM events WHERE ctid = '(0,1)';
ROLLBACK;

BEGIN;
-- expect-error: are not supported in UPDATE across shards
UPDATE rollup_day SET n = 0 WHERE ctid < '(1,0)' AND site_id IN (1, 2, 3, 4, 5, 6, 7);
ROLLBACK;

-- batches by key
DELETE FROM events WHERE (site_id, event_id) IN (SELECT site_id, event_id FROM events WHERE occurred_at < '2024-03-09' ORDER BY site_id, event_id LIMIT 50);

SELECT count(*) FROM events;

-- an array of anonymous records computed first cannot be sent to the workers (known limitation)
BEGIN;
-- expect-error: input of anonymous composite types is not implemented
DELETE FROM events WHERE (site_id, event_id) = ANY (ARRAY(SELECT (site_id, event_id) FROM events WHERE occurred_at < '2024-03-09' ORDER BY site_id, event_id LIMIT 40));
ROLLBACK;

DELETE FROM events WHERE (site_id, event_id) IN (SELECT site_id, event_id FROM events WHERE occurred_at < '2024-03-09' ORDER BY site_id, event_id LIMIT 40);

DELETE FROM page_views WHERE (site_id, view_id) IN (SELECT site_id, view_id FROM page_views WHERE viewed_at < '2024-03-09' ORDER BY site_id, view_id LIMIT 30);

UPDATE events SET event_type = 'archived' WHERE site_id = 1 AND event_id IN (SELECT event_id FROM events WHERE site_id = 1 ORDER BY event_id LIMIT 20);

WITH batch AS (SELECT site_id, minute, event_type FROM rollup_minute WHERE minute < '2024-03-08 12:00+00' ORDER BY site_id, minute, event_type LIMIT 25)
DELETE FROM rollup_minute r USING batch b WHERE r.site_id = b.site_id AND r.minute = b.minute AND r.event_type = b.event_type;

SELECT event_type, count(*) FROM events GROUP BY event_type;

SELECT count(*) FROM rollup_minute;

SELECT count(*) FROM page_views;
