-- Dashboards under session settings: TimeZone in transactions (SET LOCAL), IntervalStyle,
-- DateStyle, prepared statements and cursors whose plans outlive a SET.

BEGIN;
SET LOCAL TimeZone = 'Europe/Berlin';
SELECT date_trunc('day', occurred_at) AS d, count(*) FROM events WHERE site_id = 1 GROUP BY 1;
SELECT occurred_at::date AS d, count(*) FROM events GROUP BY 1;
SELECT site_id, occurred_at::date AS d, count(*) FROM events WHERE site_id = 2 GROUP BY 1, 2;
COMMIT;

SELECT occurred_at::date AS d, count(*) FROM events WHERE site_id = 2 GROUP BY 1;

SET TimeZone = 'Pacific/Chatham';
SELECT site_id, date_trunc('day', occurred_at)::text AS d, count(*) FROM events WHERE site_id = 1 GROUP BY 1, 2;
SELECT to_char(occurred_at, 'YYYY-MM-DD') AS d, count(*) FROM events GROUP BY 1;
SELECT extract(timezone_hour FROM occurred_at) AS tzh, count(*) FROM events GROUP BY 1;
SELECT occurred_at::timestamp::date AS d, count(*) FROM events WHERE site_id = 5 GROUP BY 1;
SELECT date_trunc('month', occurred_at)::date AS m, count(*) FROM events WHERE site_id IN (1, 2) GROUP BY 1;
SELECT count(*) FROM events WHERE occurred_at::date = '2024-03-31';
SELECT count(*) FROM events WHERE site_id = 1 AND occurred_at::date = '2024-03-31';
SELECT count(*) FROM events WHERE occurred_at::time < '06:00';
SELECT count(*) FROM events WHERE occurred_at < '2024-03-20 12:00';
SELECT count(*) FROM events WHERE site_id = 3 AND occurred_at < '2024-03-20 12:00';
RESET TimeZone;

SET IntervalStyle = 'iso_8601';
SELECT site_id, sum(dwell)::text FROM events WHERE site_id < 4 GROUP BY site_id;
SELECT site_id, max(ended_at - started_at)::text AS longest FROM sessions WHERE site_id = 1 GROUP BY site_id;
SELECT (ended_at - started_at)::text AS len, count(*) FROM sessions GROUP BY 1;
SELECT dwell::text, count(*) FROM events WHERE site_id = 1 GROUP BY 1;
RESET IntervalStyle;

SET DateStyle = 'SQL, DMY';
SELECT occurred_at::date::text AS d, count(*) FROM events GROUP BY 1;
SELECT occurred_at::text AS t FROM events WHERE site_id = 1 AND event_id < 40;
SELECT count(*) FROM events WHERE occurred_at::date < '01/04/2024';
SELECT day::text, sum(n) FROM rollup_day GROUP BY day;
RESET DateStyle;

SET TimeZone = 'America/New_York';
PREPARE daily(bigint) AS SELECT date_trunc('day', occurred_at) AS d, count(*) FROM events WHERE site_id = $1 GROUP BY 1;
EXECUTE daily(1);
EXECUTE daily(2);
EXECUTE daily(3);
EXECUTE daily(4);
EXECUTE daily(5);
EXECUTE daily(6);
SET TimeZone = 'Asia/Tokyo';
EXECUTE daily(1);
EXECUTE daily(7);
DEALLOCATE daily;

PREPARE all_daily(timestamptz) AS SELECT occurred_at::date AS d, count(*) FROM events WHERE occurred_at >= $1 GROUP BY 1;
EXECUTE all_daily('2024-03-30');
EXECUTE all_daily('2024-03-30');
EXECUTE all_daily('2024-03-30');
EXECUTE all_daily('2024-03-30');
EXECUTE all_daily('2024-03-30');
EXECUTE all_daily('2024-03-30');
SET TimeZone = 'UTC';
EXECUTE all_daily('2024-03-30');
SET TimeZone = 'Australia/Sydney';
EXECUTE all_daily('2024-03-30');
DEALLOCATE all_daily;

PREPARE hist(text) AS SELECT date_trunc('hour', occurred_at)::time AS h, count(*) FROM events WHERE event_type = $1 GROUP BY 1;
EXECUTE hist('purchase');
EXECUTE hist('refund');
EXECUTE hist('view');
EXECUTE hist('click');
EXECUTE hist('error');
EXECUTE hist('signup');
SET TimeZone = 'America/Sao_Paulo';
EXECUTE hist('purchase');
DEALLOCATE hist;

BEGIN;
DECLARE c CURSOR FOR SELECT occurred_at::date AS d, count(*) FROM events GROUP BY 1 ORDER BY 1;
FETCH 3 FROM c;
SET LOCAL TimeZone = 'UTC';
FETCH 3 FROM c;
CLOSE c;
COMMIT;
RESET TimeZone;

SET extra_float_digits = 0;
SELECT site_id, avg(duration_ms) FROM events WHERE site_id < 5 GROUP BY site_id;
SELECT sum(duration_ms) / 7 FROM events;
SELECT percentile_cont(0.37) WITHIN GROUP (ORDER BY duration_ms) FROM events;
RESET extra_float_digits;

SET work_mem = '64kB';
SELECT count(DISTINCT (user_id, session_id)), count(DISTINCT payload) FROM events;
SELECT event_type, count(DISTINCT payload ->> 'path') FROM events GROUP BY event_type;
RESET work_mem;
