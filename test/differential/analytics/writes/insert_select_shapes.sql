-- INSERT ... SELECT into colocated rollups whose SELECT does not keep rows on their shard:
-- groups that are not by the distribution column, key expressions, constants, window
-- functions, LIMIT, DISTINCT ON, reference and local sources.

-- grouped by day only: each group spans shards
INSERT INTO rollup_day AS t (site_id, day, n, users)
SELECT min(site_id), (occurred_at AT TIME ZONE 'UTC')::date, count(*), count(DISTINCT user_id) FROM events WHERE occurred_at >= '2024-03-25' AND occurred_at < '2024-04-01' GROUP BY 2
ON CONFLICT (site_id, day) DO UPDATE SET n = t.n + EXCLUDED.n, users = EXCLUDED.users;

SELECT site_id, day, n, users FROM rollup_day WHERE day >= '2024-03-25';

-- the key moved by an expression: rows belong on other shards
INSERT INTO rollup_day (site_id, day, n, users)
SELECT site_id + 100, day, n, users FROM rollup_day WHERE site_id < 10;

SELECT site_id, count(*), sum(n) FROM rollup_day WHERE site_id > 100 GROUP BY site_id;

INSERT INTO rollup_day AS t (site_id, day, n, users)
SELECT 46 - site_id, day, n, users FROM rollup_day WHERE site_id BETWEEN 1 AND 45 AND day = '2024-03-12'
ON CONFLICT (site_id, day) DO UPDATE SET n = t.n + EXCLUDED.n;

SELECT site_id, n FROM rollup_day WHERE day = '2024-03-12';

-- a constant key
INSERT INTO rollup_day (site_id, day, n, users)
SELECT 0, (occurred_at AT TIME ZONE 'UTC')::date, count(*), count(DISTINCT site_id) FROM events GROUP BY 2;

-- the key from a join with a reference table
INSERT INTO rollup_hour (site_id, hour, event_type, n, users)
SELECT 200 + d.device_id, date_trunc('day', e.occurred_at), d.kind, count(*), count(DISTINCT e.user_id)
FROM events e JOIN devices d USING (device_id) GROUP BY 1, 2, 3;

SELECT site_id, count(*), sum(n) FROM rollup_hour WHERE site_id > 200 GROUP BY site_id;

-- window functions and LIMIT in the SELECT
INSERT INTO rollup_hour (site_id, hour, event_type, n, users)
SELECT site_id, hour, 'rank-' || event_type, rank() OVER (PARTITION BY event_type ORDER BY n DESC, site_id), 0 FROM rollup_hour WHERE hour = '2024-03-10 12:00+00';

INSERT INTO rollup_hour (site_id, hour, event_type, n, users)
SELECT site_id, date_trunc('hour', occurred_at), 'top', count(*), 0 FROM events GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 5;

INSERT INTO rollup_hour (site_id, hour, event_type, n, users)
SELECT DISTINCT ON (site_id) site_id, occurred_at, 'last', event_id, 0 FROM events ORDER BY site_id, occurred_at DESC, event_id DESC;

SELECT event_type, count(*), sum(n) FROM rollup_hour WHERE event_type LIKE 'rank-%' OR event_type IN ('top', 'last') GROUP BY event_type;

-- running totals across a site's days stay on the site's shard
INSERT INTO rollup_day (site_id, day, n, users)
SELECT site_id + 1000, day, sum(n) OVER (PARTITION BY site_id ORDER BY day), 0 FROM rollup_day WHERE site_id BETWEEN 1 AND 3;

-- from a local table and from generate_series
INSERT INTO rollup_day AS t (site_id, day, n, users)
SELECT coalesce(c.site_id, 0), c.starts::date, 1, 0 FROM plain.campaigns c
ON CONFLICT (site_id, day) DO UPDATE SET n = t.n + 1;

INSERT INTO rollup_day AS t (site_id, day, n, users)
SELECT s.site_id, d::date, 0, 0 FROM sites s CROSS JOIN generate_series(date '2024-03-08', date '2024-03-12', interval '1 day') d WHERE s.site_id > 40
ON CONFLICT (site_id, day) DO NOTHING;

SELECT count(*), sum(n) FROM rollup_day;

-- INSERT ... SELECT from events into events (new ids, same sites)
INSERT INTO events (site_id, event_id, occurred_at, event_type, user_id, amount)
SELECT site_id, event_id + 1000000, occurred_at + interval '1 day', 'replay', user_id, amount FROM events WHERE event_type = 'purchase' AND site_id < 4;

-- and onto other sites
INSERT INTO events (site_id, event_id, occurred_at, event_type, user_id)
SELECT 42, event_id + 2000000, occurred_at, event_type, user_id FROM events WHERE site_id = 41 OR event_id % 1000 = 1;

SELECT site_id, count(*) FROM events WHERE event_id > 1000000 GROUP BY site_id;

-- upsert with a subquery in SET and a WHERE on the conflict
INSERT INTO rollup_day AS t (site_id, day, n, users)
SELECT site_id, day, n, users FROM rollup_day WHERE day = '2024-03-11'
ON CONFLICT (site_id, day) DO UPDATE SET n = t.n + (SELECT count(*) FROM event_types) WHERE t.site_id % 2 = 0;

SELECT site_id, n FROM rollup_day WHERE day = '2024-03-11';

-- the same target row twice in one upsert fails on both sides
-- error
INSERT INTO rollup_day AS t (site_id, day, n, users)
SELECT 1, day, n, users FROM rollup_day WHERE site_id IN (1, 2) AND day = '2024-03-13'
ON CONFLICT (site_id, day) DO UPDATE SET n = t.n + EXCLUDED.n;

-- type_daily (by event_type) from rollup_hour (by site): not colocated, grouped by the target key
INSERT INTO type_daily AS t (event_type, day, n, sites)
SELECT event_type, (hour AT TIME ZONE 'UTC')::date, sum(n), count(DISTINCT site_id) FROM rollup_hour WHERE hour >= '2024-03-14' GROUP BY 1, 2
ON CONFLICT (event_type, day) DO UPDATE SET n = t.n + EXCLUDED.n, sites = EXCLUDED.sites
RETURNING event_type, day, n, sites;

-- and back: rollup_hour rows from type_daily
INSERT INTO rollup_hour (site_id, hour, event_type, n, users)
SELECT 300, day::timestamptz, event_type, n, sites FROM type_daily
ON CONFLICT DO NOTHING;

SELECT count(*), sum(n) FROM rollup_hour WHERE site_id = 300;

-- independent subqueries in ON CONFLICT of INSERT ... SELECT (once refused): over a distributed
-- table, a local table, with IN and EXISTS, in the WHERE of DO UPDATE, prepared with a parameter
INSERT INTO rollup_day AS t (site_id, day, n, users)
SELECT site_id, day, n, users FROM rollup_day WHERE day = '2024-03-13' AND site_id < 20
ON CONFLICT (site_id, day) DO UPDATE SET n = t.n + (SELECT count(*) FROM events WHERE event_type = 'refund'),
    users = (SELECT max(users) FROM rollup_day WHERE day = '2024-03-13')
WHERE t.site_id IN (SELECT site_id FROM sites WHERE plan = 'pro') OR EXISTS (SELECT 1 FROM plain.holidays WHERE day = '2024-03-17')
RETURNING site_id, n, users;

INSERT INTO type_daily AS t (event_type, day, n, sites)
SELECT event_type, day, n, sites FROM type_daily WHERE day = '2024-03-09'
ON CONFLICT (event_type, day) DO UPDATE SET sites = (SELECT count(*) FROM sites WHERE country = 'DE') WHERE t.event_type IN (SELECT name FROM event_types WHERE is_conversion);

SELECT event_type, day, n, sites FROM type_daily WHERE day = '2024-03-09';


PREPARE bump2(text) AS
INSERT INTO rollup_hour AS t (site_id, hour, event_type, n, users)
SELECT site_id, hour, event_type, n, users FROM rollup_hour WHERE hour = '2024-03-11 08:00+00'
ON CONFLICT (site_id, hour, event_type) DO UPDATE SET n = t.n + (SELECT count(*) FROM events WHERE event_type = $1);
EXECUTE bump2('click');
EXECUTE bump2('view');
EXECUTE bump2('purchase');
EXECUTE bump2('refund');
EXECUTE bump2('error');
EXECUTE bump2('signup');
EXECUTE bump2('click');

SELECT site_id, event_type, n FROM rollup_hour WHERE hour = '2024-03-11 08:00+00';

-- a subquery over the existing row would run on the workers: refused (rolled back on both sides)
BEGIN;
-- expect-error: subqueries that refer to the existing or excluded row in ON CONFLICT
INSERT INTO rollup_day AS t (site_id, day, n, users)
SELECT site_id, day, n, users FROM rollup_day WHERE day = '2024-03-14'
ON CONFLICT (site_id, day) DO UPDATE SET n = (SELECT count(*) FROM events e WHERE e.site_id = t.site_id);
ROLLBACK;

BEGIN;
-- expect-error: subqueries that refer to the existing or excluded row in ON CONFLICT
INSERT INTO rollup_hour AS t (site_id, hour, event_type, n, users)
SELECT site_id, hour, event_type, n, users FROM rollup_hour WHERE hour = '2024-03-11 08:00+00'
ON CONFLICT (site_id, hour, event_type) DO UPDATE SET n = t.n + (SELECT count(*) FROM events WHERE event_type = EXCLUDED.event_type AND site_id = t.site_id % 7);
ROLLBACK;
