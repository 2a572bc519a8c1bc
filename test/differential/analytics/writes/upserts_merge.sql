-- Upserts of dashboard counters (VALUES, EXCLUDED in WHERE, ON CONSTRAINT, xmax to tell inserts
-- from updates), MERGE into rollups, UPDATE/DELETE with subqueries over other tables,
-- read-your-writes in a transaction.

INSERT INTO rollup_day AS t (site_id, day, n, users) VALUES (1, '2024-03-10', 5, 1), (2, '2024-03-10', 7, 2), (44, '2024-03-10', 1, 1), (45, '2024-05-01', 3, 3)
ON CONFLICT (site_id, day) DO UPDATE SET n = t.n + EXCLUDED.n, users = t.users + EXCLUDED.users
RETURNING site_id, day, n, users, xmax = 0 AS inserted;

INSERT INTO rollup_day AS t (site_id, day, n, users) VALUES (1, '2024-03-10', 1, 1), (3, '2024-03-10', 100000, 0)
ON CONFLICT ON CONSTRAINT rollup_day_pkey DO UPDATE SET n = EXCLUDED.n WHERE EXCLUDED.n > t.n
RETURNING site_id, n;

INSERT INTO rollup_minute AS t (site_id, minute, event_type, n)
SELECT site_id, date_trunc('minute', occurred_at), 'late', count(*) FROM events WHERE event_id % 50 = 0 GROUP BY 1, 2
ON CONFLICT (site_id, minute, event_type) DO UPDATE SET n = t.n + EXCLUDED.n, amount_sum = EXCLUDED.amount_sum + 1
RETURNING site_id, minute, n, amount_sum, xmax = 0 AS inserted;

INSERT INTO rollup_minute AS t (site_id, minute, event_type, n)
SELECT site_id, date_trunc('minute', occurred_at), 'late', count(*) FROM events WHERE event_id % 100 = 0 GROUP BY 1, 2
ON CONFLICT (site_id, minute, event_type) DO UPDATE SET n = t.n + EXCLUDED.n
RETURNING site_id, minute, n, xmax = 0 AS inserted;

-- MERGE into a distributed table from a colocated aggregate
MERGE INTO rollup_day AS t
USING (SELECT site_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n, count(DISTINCT user_id) AS users FROM events WHERE occurred_at >= '2024-03-19' AND occurred_at < '2024-03-22' GROUP BY 1, 2) s
ON t.site_id = s.site_id AND t.day = s.day
WHEN MATCHED AND s.n = 0 THEN DELETE
WHEN MATCHED THEN UPDATE SET n = s.n, users = s.users
WHEN NOT MATCHED THEN INSERT (site_id, day, n, users) VALUES (s.site_id, s.day, s.n, s.users);

SELECT site_id, day, n, users FROM rollup_day WHERE day >= '2024-03-19' AND day < '2024-03-22';

-- MERGE into the local watermark table from distributed and reference tables
MERGE INTO rollup_state AS t
USING (SELECT 'latest-' || coalesce(event_type, 'none') AS name, max(occurred_at) AS done_until FROM events GROUP BY event_type
       UNION ALL SELECT 'hourly', max(hour) FROM rollup_hour
       UNION ALL SELECT 'type-' || name, timestamptz '2024-01-01 00:00+00' + weight * interval '1 hour' FROM event_types) s
ON t.name = s.name
WHEN MATCHED THEN UPDATE SET done_until = s.done_until
WHEN NOT MATCHED THEN INSERT VALUES (s.name, s.done_until);

SELECT name, done_until FROM rollup_state;

UPDATE rollup_day r SET n = (SELECT count(*) FROM events e WHERE e.site_id = r.site_id AND (e.occurred_at AT TIME ZONE 'UTC')::date = r.day) WHERE r.day = '2024-03-15';

UPDATE rollup_day r SET users = (SELECT count(DISTINCT user_id) FROM events e WHERE (e.occurred_at AT TIME ZONE 'UTC')::date = r.day) WHERE r.day = '2024-03-16' RETURNING site_id, users;

UPDATE rollup_hour r SET n = r.n * 10 FROM event_types t WHERE t.name = r.event_type AND t.is_conversion AND r.hour < '2024-03-09';

UPDATE rollup_hour r SET users = x.n FROM (SELECT event_type, count(*) AS n FROM events GROUP BY event_type) x WHERE x.event_type = r.event_type AND r.hour < '2024-03-09 06:00+00';

UPDATE rollup_day r SET n = 0 FROM plain.holidays h WHERE h.day = r.day RETURNING r.site_id, r.day;

DELETE FROM rollup_hour r USING event_types t WHERE t.name = r.event_type AND t.category = 'health';

DELETE FROM rollup_hour r USING (SELECT site_id FROM sites WHERE plan IS NULL) s WHERE s.site_id = r.site_id;

DELETE FROM rollup_hour WHERE (site_id, event_type) IN (SELECT site_id, event_type FROM events WHERE amount > 99.9);

DELETE FROM events e WHERE e.session_id IN (SELECT session_id FROM sessions WHERE channel = 'social' AND site_id = e.site_id) AND e.site_id < 4;

DELETE FROM type_daily t WHERE t.n < (SELECT avg(n) FROM type_daily) RETURNING event_type, day;

DELETE FROM type_daily WHERE day IN (SELECT day FROM plain.holidays);

BEGIN;
INSERT INTO events (site_id, event_id, occurred_at, event_type, amount) SELECT s, 800000 + s, '2024-04-02 12:00+00', 'purchase', s FROM generate_series(1, 45) s;
SELECT count(*), sum(amount) FROM events WHERE event_id >= 800000;
SELECT event_type, count(*) FROM events WHERE occurred_at >= '2024-04-02' GROUP BY event_type;
UPDATE events SET amount = amount * 2 WHERE event_id >= 800000 AND site_id % 3 = 0;
SELECT site_id / 10, sum(amount) FROM events WHERE event_id >= 800000 GROUP BY 1;
DELETE FROM events WHERE event_id >= 800000 AND site_id > 40;
SELECT count(*) FROM events WHERE event_id >= 800000;
COMMIT;

COPY rollup_day (site_id, day, n, users, amount_sum, max_duration) FROM STDIN (FORMAT csv, HEADER true, NULL 'NULL');
site_id,day,n,users,amount_sum,max_duration
500,2024-03-08,1,1,0.5,NULL
500,2024-03-09,2,1,"1.25",2.5
501,2024-03-08,3,0,0,NULL
\.

COPY rollup_day (site_id, day, n, users) FROM STDIN (FORMAT csv);
502,2024-03-08,1,1
\.

SELECT site_id, day, n, users, amount_sum, max_duration FROM rollup_day WHERE site_id >= 500;
