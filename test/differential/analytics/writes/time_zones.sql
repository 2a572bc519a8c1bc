-- Retention and rollup writes whose time arithmetic depends on the session's TimeZone and
-- DateStyle: casts of timestamptz to date, date_trunc without a zone, text conversions.

SET TimeZone = 'America/New_York';

DELETE FROM events WHERE occurred_at::date < '2024-03-10' AND site_id > 30 RETURNING site_id, event_id;

DELETE FROM rollup_hour WHERE date_trunc('day', hour) = '2024-03-10' AND site_id IN (1, 2, 3, 4);

UPDATE rollup_day SET max_duration = extract(hour FROM day::timestamptz) WHERE site_id < 5;

UPDATE events SET payload = jsonb_set(coalesce(payload, '{}'), '{local_day}', to_jsonb(occurred_at::date::text)) WHERE site_id = 6 RETURNING event_id, payload ->> 'local_day';

UPDATE events SET tags = array_append(tags, to_char(occurred_at, 'Dy')) WHERE site_id = 7 AND tags IS NOT NULL;

INSERT INTO rollup_day AS t (site_id, day, n, users)
SELECT site_id, occurred_at::date, count(*), count(DISTINCT user_id) FROM events WHERE occurred_at >= '2024-11-02' GROUP BY 1, 2
ON CONFLICT (site_id, day) DO UPDATE SET n = EXCLUDED.n, users = EXCLUDED.users;

INSERT INTO type_daily AS t (event_type, day, n)
SELECT coalesce(event_type, 'unknown'), occurred_at::date, count(*) FROM events WHERE occurred_at >= '2024-11-02' GROUP BY 1, 2
ON CONFLICT (event_type, day) DO UPDATE SET n = EXCLUDED.n;

UPDATE rollup_state SET done_until = date_trunc('day', (SELECT max(occurred_at) FROM events)) WHERE name = 'daily';

SET DateStyle = 'German';

UPDATE events SET payload = payload || jsonb_build_object('seen', occurred_at::text) WHERE site_id = 8 AND event_id % 3 = 0 RETURNING event_id, payload ->> 'seen';

DELETE FROM page_views WHERE viewed_at::text LIKE '%.03.2024 0%' AND site_id = 9;

INSERT INTO rollup_hour (site_id, hour, event_type, n, users)
SELECT site_id, date_trunc('hour', occurred_at), 'stamp ' || min(occurred_at)::text, count(*), 0 FROM events WHERE site_id = 10 GROUP BY 1, 2;

-- RETURNING and ON CONFLICT DO UPDATE run on the workers, whose sessions print dates, intervals
-- and floats in fixed styles: under other styles such conversions there are refused (they once
-- answered in ISO style); each refusal is rolled back on both sides.
BEGIN;
-- expect-error: date/time or float values converted to text in RETURNING or ON CONFLICT
UPDATE events SET amount = amount WHERE site_id = 11 AND event_id % 4 = 0 RETURNING event_id, occurred_at::text, dwell::text;
ROLLBACK;

BEGIN;
-- expect-error: date/time or float values converted to text in RETURNING or ON CONFLICT
DELETE FROM page_views WHERE site_id = 12 AND view_id % 2 = 0 RETURNING view_id, viewed_at::text;
ROLLBACK;

BEGIN;
-- expect-error: date/time or float values converted to text in RETURNING or ON CONFLICT
INSERT INTO events AS t (site_id, event_id, occurred_at) SELECT site_id, event_id, occurred_at FROM events WHERE site_id = 13 AND event_id % 2 = 0
ON CONFLICT (site_id, event_id) DO UPDATE SET event_type = t.occurred_at::text, payload = jsonb_build_object('d', EXCLUDED.occurred_at::date::text)
RETURNING event_id, event_type, occurred_at::text;
ROLLBACK;

BEGIN;
-- expect-error: date/time or float values converted to text in RETURNING or ON CONFLICT
INSERT INTO events AS t (site_id, event_id, occurred_at) VALUES (14, 999991, '2024-03-12 10:00+00'), (15, 999992, '2024-03-12 11:00+00')
ON CONFLICT (site_id, event_id) DO NOTHING RETURNING event_id, occurred_at::text;
ROLLBACK;

BEGIN;
-- expect-error: date/time or float values converted to text in RETURNING or ON CONFLICT
INSERT INTO events AS t (site_id, event_id, occurred_at) VALUES (14, 999991, '2024-03-12 12:00+00'), (15, 999992, '2024-03-12 13:00+00')
ON CONFLICT (site_id, event_id) DO UPDATE SET event_type = EXCLUDED.occurred_at::text || ' ' || t.occurred_at::text;
ROLLBACK;

BEGIN;
-- expect-error: date/time or float values converted to text in RETURNING or ON CONFLICT
UPDATE rollup_day SET max_duration = max_duration WHERE site_id = 2 RETURNING day, max_duration::text, (max_duration / 3)::text;
ROLLBACK;

PREPARE late(bigint) AS UPDATE events SET amount = amount WHERE site_id = $1 AND event_id % 7 = 0 RETURNING event_id, occurred_at::text;
RESET DateStyle;

-- the same statements under the workers' styles run there
SET extra_float_digits = 2;
UPDATE events SET amount = amount WHERE site_id = 11 AND event_id % 4 = 0 RETURNING event_id, occurred_at::text, dwell::text;

DELETE FROM page_views WHERE site_id = 12 AND view_id % 2 = 0 RETURNING view_id, viewed_at::text;

INSERT INTO events AS t (site_id, event_id, occurred_at) SELECT site_id, event_id, occurred_at FROM events WHERE site_id = 13 AND event_id % 2 = 0
ON CONFLICT (site_id, event_id) DO UPDATE SET event_type = t.occurred_at::text, payload = jsonb_build_object('d', EXCLUDED.occurred_at::date::text)
RETURNING event_id, event_type, occurred_at::text;

INSERT INTO events AS t (site_id, event_id, occurred_at) VALUES (14, 999991, '2024-03-12 10:00+00'), (15, 999992, '2024-03-12 11:00+00')
ON CONFLICT (site_id, event_id) DO NOTHING RETURNING event_id, occurred_at::text;

INSERT INTO events AS t (site_id, event_id, occurred_at) VALUES (14, 999991, '2024-03-12 12:00+00'), (15, 999992, '2024-03-12 13:00+00')
ON CONFLICT (site_id, event_id) DO UPDATE SET event_type = EXCLUDED.occurred_at::text || ' ' || t.occurred_at::text;

UPDATE rollup_day SET max_duration = max_duration WHERE site_id = 2 RETURNING day, max_duration::text, (max_duration / 3)::text;

SELECT event_id, event_type FROM events WHERE event_id > 999990;

RESET extra_float_digits;
EXECUTE late(16);
SET DateStyle = 'German';
BEGIN;
-- expect-error: date/time or float values converted to text in RETURNING or ON CONFLICT
EXECUTE late(17);
ROLLBACK;
RESET DateStyle;

-- conversions of constants between text and dates, intervals or floats follow the session's
-- styles (they once ran on the workers in theirs, or were refused in RETURNING and ON
-- CONFLICT): in new values, conditions, RETURNING and ON CONFLICT, on one shard or several,
-- through prepared statements and the statement cache planned under other styles
PREPARE stamp(date, bigint) AS UPDATE events SET event_type = $1::text WHERE site_id = $2 AND event_id % 5 = 2;
EXECUTE stamp('2024-01-05', 21);
PREPARE upsert_stamp(bigint, bigint, date) AS INSERT INTO events AS t (site_id, event_id, occurred_at) VALUES ($1, $2, '2024-03-12 10:00+00')
ON CONFLICT (site_id, event_id) DO UPDATE SET event_type = $3::text RETURNING event_id, event_type, $3::text;
EXECUTE upsert_stamp(27, 999993, '2024-01-12');
UPDATE events SET event_type = '2024-01-06'::date::text WHERE site_id = 23 AND event_id % 5 = 3;
SET DateStyle = 'SQL, DMY';
SET IntervalStyle = 'sql_standard';
SET extra_float_digits = 0;
UPDATE events SET event_type = '2024-01-07'::date::text WHERE site_id = 21 AND event_id % 5 = 4;
UPDATE events SET event_type = '1 day 2 hours'::interval::text || ' ' || (1 / 3.0)::float8::text WHERE site_id IN (21, 22) AND event_id % 5 = 1;
DELETE FROM page_views WHERE site_id = 21 AND '2024-01-07'::date::text = '07/01/2024' AND view_id % 2 = 0;
UPDATE page_views SET url = 'day first' WHERE viewed_at >= '13/03/2024'::text::date AND site_id IN (22, 23);
EXECUTE stamp('2024-01-08', 22);
UPDATE events SET event_type = '2024-01-09'::date::text WHERE site_id = 24 AND event_id % 5 = 3;
UPDATE events SET event_type = (SELECT '2024-01-10'::timestamp::text) WHERE site_id = 25 AND event_id % 5 = 4;
MERGE INTO events t USING (SELECT 26 AS site_id) s ON t.site_id = s.site_id
WHEN MATCHED AND t.event_id % 5 = 4 THEN UPDATE SET event_type = '2024-01-11'::date::text;
UPDATE events SET amount = amount WHERE site_id = 27 AND event_id % 5 = 1 RETURNING event_id, '2024-01-12'::date::text, (2 / 3.0)::float8::text;
EXECUTE upsert_stamp(27, 999993, '2024-01-13');
EXECUTE upsert_stamp(27, 999993, '2024-01-14');
INSERT INTO events AS t (site_id, event_id, occurred_at) VALUES (28, 999994, '2024-03-12 10:00+00')
ON CONFLICT (site_id, event_id) DO UPDATE SET event_type = '2024-01-15'::date::text RETURNING event_id, '1 hour'::interval::text;
INSERT INTO events AS t (site_id, event_id, occurred_at) VALUES (28, 999994, '2024-03-12 10:00+00')
ON CONFLICT (site_id, event_id) DO UPDATE SET event_type = '2024-01-16'::date::text RETURNING event_id, event_type;
RESET extra_float_digits;
RESET IntervalStyle;
RESET DateStyle;
SELECT site_id, event_id, event_type FROM events WHERE site_id BETWEEN 21 AND 28 ORDER BY site_id, event_id;
SELECT site_id, count(*), count(*) FILTER (WHERE url = 'day first') FROM page_views WHERE site_id BETWEEN 21 AND 23 GROUP BY site_id ORDER BY site_id;

SET TimeZone = 'Australia/Lord_Howe';

DELETE FROM rollup_minute WHERE minute::time BETWEEN '00:00' AND '00:30' AND site_id < 20;

UPDATE sessions SET country = 'AU' WHERE started_at::date = ended_at::date - 1 AND site_id = 1 RETURNING session_id;

RESET TimeZone;

SELECT site_id, count(*) FROM events GROUP BY site_id;

-- floats printed over the rows follow extra_float_digits (the workers keep 3)
SET extra_float_digits = 0;
UPDATE events SET payload = jsonb_set(coalesce(payload, '{}'), '{ms}', to_jsonb(duration_ms / 3)) WHERE site_id = 18;
UPDATE events SET event_type = (duration_ms / 7)::text WHERE site_id = 19 AND duration_ms IS NOT NULL;
DELETE FROM events WHERE site_id = 20 AND (duration_ms / 3)::text LIKE '%.333333333333333';
RESET extra_float_digits;
SELECT site_id, count(*), count(DISTINCT payload ->> 'ms'), min(event_type) FROM events WHERE site_id IN (18, 19, 20) GROUP BY site_id;
