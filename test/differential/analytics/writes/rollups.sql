-- Rollup maintenance: INSERT ... SELECT ... GROUP BY ... ON CONFLICT DO UPDATE adding the new
-- counts to the old (colocated into rollup_*, not colocated into type_daily), incremental
-- rollups from a timestamp watermark.

INSERT INTO rollup_hour (site_id, hour, event_type, n, users, amount_sum)
SELECT site_id, date_trunc('hour', occurred_at), coalesce(event_type, 'unknown'), count(*), count(DISTINCT user_id), coalesce(sum(amount), 0)
FROM events WHERE occurred_at >= '2024-03-19' AND occurred_at < '2024-03-21'
GROUP BY 1, 2, 3
ON CONFLICT (site_id, hour, event_type) DO UPDATE SET n = rollup_hour.n + EXCLUDED.n, amount_sum = rollup_hour.amount_sum + EXCLUDED.amount_sum, users = greatest(rollup_hour.users, EXCLUDED.users);

SELECT count(*), sum(n), sum(users), sum(amount_sum) FROM rollup_hour;

INSERT INTO rollup_day AS t (site_id, day, n, users, amount_sum, max_duration)
SELECT site_id, (occurred_at AT TIME ZONE 'UTC')::date, count(*), count(DISTINCT user_id), coalesce(sum(amount), 0), max(duration_ms)
FROM events WHERE occurred_at >= '2024-03-18'
GROUP BY 1, 2
ON CONFLICT (site_id, day) DO UPDATE SET n = t.n + EXCLUDED.n, users = EXCLUDED.users, amount_sum = t.amount_sum + EXCLUDED.amount_sum,
    max_duration = greatest(t.max_duration, EXCLUDED.max_duration)
RETURNING site_id, day, n;

INSERT INTO rollup_minute AS t (site_id, minute, event_type, n, amount_sum)
SELECT site_id, date_trunc('minute', occurred_at), coalesce(event_type, 'unknown'), count(*), coalesce(sum(amount), 0)
FROM events WHERE site_id = 1 AND occurred_at >= '2024-03-19 23:00+00' AND occurred_at < '2024-03-20 01:00+00'
GROUP BY 1, 2, 3
ON CONFLICT (site_id, minute, event_type) DO UPDATE SET n = t.n + EXCLUDED.n, amount_sum = t.amount_sum + EXCLUDED.amount_sum
RETURNING site_id, minute, event_type, n, amount_sum;

-- not colocated: events by site into type_daily by event type
INSERT INTO type_daily AS t (event_type, day, n, sites)
SELECT coalesce(event_type, 'unknown'), (occurred_at AT TIME ZONE 'UTC')::date, count(*), count(DISTINCT site_id)
FROM events WHERE occurred_at >= '2024-03-14' AND occurred_at < '2024-03-17'
GROUP BY 1, 2
ON CONFLICT (event_type, day) DO UPDATE SET n = t.n + EXCLUDED.n, sites = greatest(t.sites, EXCLUDED.sites);

SELECT event_type, sum(n), max(sites) FROM type_daily GROUP BY event_type;

INSERT INTO type_daily (event_type, day, n, sites)
SELECT event_type, day, sum(n), count(*) FROM rollup_day r CROSS JOIN (VALUES ('all')) v(event_type) GROUP BY 1, 2
ON CONFLICT (event_type, day) DO UPDATE SET n = EXCLUDED.n, sites = EXCLUDED.sites WHERE type_daily.n <> EXCLUDED.n;

INSERT INTO rollup_hour (site_id, hour, event_type, n, users, amount_sum)
SELECT site_id, date_trunc('hour', minute), event_type, sum(n), 0, sum(amount_sum) FROM rollup_minute WHERE site_id <= 3 GROUP BY 1, 2, 3
ON CONFLICT (site_id, hour, event_type) DO NOTHING;

-- incremental rollup from the watermark in the local rollup_state table
BEGIN;
INSERT INTO rollup_hour AS t (site_id, hour, event_type, n, users, amount_sum)
SELECT site_id, date_trunc('hour', occurred_at), coalesce(event_type, 'unknown'), count(*), count(DISTINCT user_id), coalesce(sum(amount), 0)
FROM events WHERE occurred_at >= (SELECT done_until FROM rollup_state WHERE name = 'hourly') AND occurred_at < '2024-03-25'
GROUP BY 1, 2, 3
ON CONFLICT (site_id, hour, event_type) DO UPDATE SET n = t.n + EXCLUDED.n, users = t.users + EXCLUDED.users, amount_sum = t.amount_sum + EXCLUDED.amount_sum;
UPDATE rollup_state SET done_until = '2024-03-25' WHERE name = 'hourly';
COMMIT;

SELECT date_trunc('day', hour), sum(n) FROM rollup_hour GROUP BY 1;

PREPARE roll(timestamptz, timestamptz) AS
INSERT INTO rollup_hour AS t (site_id, hour, event_type, n, users, amount_sum)
SELECT site_id, date_trunc('hour', occurred_at), coalesce(event_type, 'unknown'), count(*), count(DISTINCT user_id), coalesce(sum(amount), 0)
FROM events WHERE occurred_at >= $1 AND occurred_at < $2
GROUP BY 1, 2, 3
ON CONFLICT (site_id, hour, event_type) DO UPDATE SET n = t.n + EXCLUDED.n, users = t.users + EXCLUDED.users, amount_sum = t.amount_sum + EXCLUDED.amount_sum;
EXECUTE roll('2024-03-25', '2024-03-26');
EXECUTE roll('2024-03-26', '2024-03-27');
EXECUTE roll('2024-03-27', '2024-03-28');
EXECUTE roll('2024-03-28', '2024-03-29');
EXECUTE roll('2024-03-29', '2024-03-30');
EXECUTE roll('2024-03-30', '2024-03-31');
EXECUTE roll('2024-03-31', '2024-04-01');
EXECUTE roll('2024-03-25', '2024-03-26');
DEALLOCATE roll;

SELECT site_id, sum(n), sum(users) FROM rollup_hour GROUP BY site_id;

-- rollup in the session's time zone
SET TimeZone = 'America/New_York';
INSERT INTO rollup_day AS t (site_id, day, n, users, amount_sum)
SELECT site_id, occurred_at::date, count(*), count(DISTINCT user_id), coalesce(sum(amount), 0)
FROM events WHERE occurred_at >= '2024-11-01' GROUP BY 1, 2
ON CONFLICT (site_id, day) DO UPDATE SET n = EXCLUDED.n, users = EXCLUDED.users, amount_sum = EXCLUDED.amount_sum;
INSERT INTO rollup_hour (site_id, hour, event_type, n, users)
SELECT site_id, date_trunc('day', occurred_at), 'daily-local', count(*), count(DISTINCT user_id) FROM events WHERE site_id < 5 GROUP BY 1, 2
ON CONFLICT DO NOTHING;
RESET TimeZone;
SELECT site_id, day, n FROM rollup_day WHERE day >= '2024-11-01';

-- upsert with a self-referencing update of the existing row
INSERT INTO rollup_day AS t (site_id, day, n, users)
SELECT site_id, day, n, users FROM rollup_day WHERE day = '2024-03-10'
ON CONFLICT (site_id, day) DO UPDATE SET n = t.n * 2, users = EXCLUDED.users + t.users;
SELECT site_id, n, users FROM rollup_day WHERE day = '2024-03-10';
