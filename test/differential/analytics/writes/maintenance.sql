-- Retention and fixes: DELETE of old time ranges, UPDATE with jsonb_set, COPY of events then
-- rollup, TRUNCATE and reload in a transaction.

DELETE FROM events WHERE occurred_at < '2024-03-09';

DELETE FROM rollup_minute WHERE minute < timestamptz '2024-03-10 00:00+00' RETURNING site_id, minute, event_type, n;

DELETE FROM rollup_hour WHERE hour >= '2024-03-15' AND hour < '2024-03-16' AND site_id IN (1, 2, 3);

DELETE FROM page_views pv WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.site_id = pv.site_id AND e.event_id = pv.view_id);

DELETE FROM sessions s WHERE s.ended_at < '2024-03-09 06:00+00' AND s.site_id = 1 RETURNING session_id, events;

SET TimeZone = 'Australia/Sydney';
DELETE FROM rollup_day WHERE day < '2024-03-12';
DELETE FROM events WHERE occurred_at < '2024-03-10' AND site_id > 20;
RESET TimeZone;

UPDATE events SET payload = jsonb_set(payload, '{ab,variant}', '"D"') WHERE payload @> '{"ab": {"variant": "C"}}' AND site_id < 10;

UPDATE events SET payload = jsonb_set(coalesce(payload, '{}'), '{reviewed}', 'true', true) WHERE event_type = 'error';

UPDATE events SET payload = payload - 'items', tags = array_append(tags, 'trimmed') WHERE jsonb_array_length(payload -> 'items') = 0 AND site_id = 7 RETURNING event_id, tags;

UPDATE events SET amount = round(amount * 1.1, 2) WHERE event_type = 'purchase' AND occurred_at >= '2024-03-30' RETURNING site_id, event_id, amount;

UPDATE events e SET device_id = NULL FROM devices d WHERE d.device_id = e.device_id AND d.os IS NULL;

UPDATE sessions s SET events = x.n FROM (SELECT site_id, session_id, count(*) AS n FROM events GROUP BY 1, 2) x WHERE x.site_id = s.site_id AND x.session_id = s.session_id AND x.n <> s.events;

UPDATE rollup_day r SET n = x.n, amount_sum = x.a FROM (SELECT site_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n, coalesce(sum(amount), 0) AS a FROM events GROUP BY 1, 2) x
WHERE x.site_id = r.site_id AND x.day = r.day;

SELECT count(*), sum(n) FROM rollup_day;

COPY events (site_id, event_id, occurred_at, event_type, user_id, session_id, device_id, payload, amount, duration_ms, tags, client_ip, dwell) FROM STDIN;
1	900001	2024-04-02 10:00:00+00	purchase	1005	900	3	{"ref": "google", "path": "/p/1"}	12.50	100.5	{t1,t2}	10.9.9.9	00:01:00
1	900002	2024-04-02 10:00:00+00	view	1005	900	3	\N	\N	\N	\N	\N	\N
2	900003	2024-04-02 23:30:00+00	click	2001	901	\N	{"ab": {"variant": "A"}}	0.99	2.25	{}	10.0.0.1	00:00:05
41	900004	2024-04-03 00:15:00+00	signup	41000	902	5	{}	\N	0	{new}	\N	01:00:00
\.

INSERT INTO rollup_hour AS t (site_id, hour, event_type, n, users, amount_sum)
SELECT site_id, date_trunc('hour', occurred_at), coalesce(event_type, 'unknown'), count(*), count(DISTINCT user_id), coalesce(sum(amount), 0)
FROM events WHERE event_id >= 900000 GROUP BY 1, 2, 3
ON CONFLICT (site_id, hour, event_type) DO UPDATE SET n = t.n + EXCLUDED.n, users = t.users + EXCLUDED.users, amount_sum = t.amount_sum + EXCLUDED.amount_sum
RETURNING *;

BEGIN;
TRUNCATE rollup_day;
INSERT INTO rollup_day (site_id, day, n, users, amount_sum, max_duration)
SELECT site_id, (occurred_at AT TIME ZONE 'UTC')::date, count(*), count(DISTINCT user_id), coalesce(sum(amount), 0), max(duration_ms) FROM events GROUP BY 1, 2;
SELECT count(*), sum(n), sum(amount_sum) FROM rollup_day;
COMMIT;

BEGIN;
TRUNCATE rollup_minute, rollup_hour;
INSERT INTO rollup_hour (site_id, hour, event_type, n, users, amount_sum)
SELECT site_id, date_trunc('hour', occurred_at), coalesce(event_type, 'unknown'), count(*), count(DISTINCT user_id), coalesce(sum(amount), 0) FROM events GROUP BY 1, 2, 3;
ROLLBACK;

SELECT count(*), sum(n) FROM rollup_hour;

BEGIN;
TRUNCATE type_daily;
INSERT INTO type_daily (event_type, day, n, sites)
SELECT coalesce(event_type, 'unknown'), (occurred_at AT TIME ZONE 'UTC')::date, count(*), count(DISTINCT site_id) FROM events GROUP BY 1, 2;
SAVEPOINT s1;
DELETE FROM type_daily WHERE event_type = 'unknown';
ROLLBACK TO SAVEPOINT s1;
COMMIT;

SELECT event_type, count(*), sum(n) FROM type_daily GROUP BY event_type;

WITH moved AS (DELETE FROM events WHERE event_type = 'error' AND site_id = 3 RETURNING *)
INSERT INTO rollup_day AS t (site_id, day, n, users) SELECT site_id, (occurred_at AT TIME ZONE 'UTC')::date, -count(*), 0 FROM moved GROUP BY 1, 2
ON CONFLICT (site_id, day) DO UPDATE SET n = t.n + EXCLUDED.n;

SELECT site_id, sum(n) FROM rollup_day WHERE site_id = 3 GROUP BY site_id;
