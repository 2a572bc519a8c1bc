-- RETURNING of dashboard writes: subqueries over colocated, reference and local tables,
-- expressions over the old and new rows, and writes whose RETURNING feeds a WITH query.

UPDATE rollup_day r SET n = n + 1 WHERE site_id = 3 AND day < '2024-03-12'
RETURNING site_id, day, n, (SELECT name FROM sites s WHERE s.site_id = r.site_id) AS site_name;

UPDATE rollup_day r SET n = n + 1 WHERE day = '2024-03-12'
RETURNING site_id, n, (SELECT count(*) FROM events) AS total, (SELECT max(weight) FROM event_types) AS w;

DELETE FROM rollup_hour r WHERE hour = '2024-03-08 05:00+00'
RETURNING site_id, event_type, n, (SELECT category FROM event_types t WHERE t.name = r.event_type) AS category;

UPDATE events e SET amount = amount * 2 WHERE site_id = 4 AND amount > 90
RETURNING event_id, amount, amount / 2 AS old_amount, (SELECT count(*) FROM plain.holidays) AS holidays;

INSERT INTO rollup_day AS t (site_id, day, n, users) VALUES (5, '2024-03-08', 1, 1), (45, '2024-03-08', 1, 1)
ON CONFLICT (site_id, day) DO UPDATE SET n = t.n + 1
RETURNING site_id, n, (SELECT plan FROM sites s WHERE s.site_id = t.site_id) AS plan;

WITH moved AS (DELETE FROM rollup_minute WHERE site_id = 6 RETURNING site_id, minute, n)
SELECT site_id, date_trunc('hour', minute) AS h, sum(n) FROM moved GROUP BY 1, 2;

WITH bumped AS (UPDATE rollup_day SET n = n * 10 WHERE site_id IN (7, 8) RETURNING site_id, n)
SELECT site_id, sum(n), count(*) FROM bumped GROUP BY site_id;

WITH gone AS (DELETE FROM events WHERE site_id = 9 AND event_type = 'error' RETURNING site_id, (occurred_at AT TIME ZONE 'UTC')::date AS day)
UPDATE rollup_day r SET n = r.n - g.k FROM (SELECT site_id, day, count(*) AS k FROM gone GROUP BY 1, 2) g WHERE r.site_id = g.site_id AND r.day = g.day
RETURNING r.site_id, r.day, r.n;
