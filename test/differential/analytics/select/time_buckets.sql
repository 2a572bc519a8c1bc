-- date_trunc / date_bin / EXTRACT grouping, AT TIME ZONE, SET TimeZone, DST boundaries.

SELECT date_trunc('day', occurred_at) AS d, count(*) FROM events GROUP BY 1;

SELECT date_trunc('hour', occurred_at) AS h, event_type, count(*), sum(amount) FROM events WHERE site_id = 1 GROUP BY 1, 2;

SELECT date_trunc('day', occurred_at AT TIME ZONE 'America/New_York') AS local_day, count(*) FROM events GROUP BY 1;

SELECT date_trunc('day', occurred_at, 'America/New_York') AS local_day, count(*), sum(amount) FROM events GROUP BY 1;

SELECT date_trunc('hour', occurred_at AT TIME ZONE 'America/New_York') AS h, count(*) FROM events
WHERE occurred_at >= '2024-03-10 05:00+00' AND occurred_at < '2024-03-10 09:00+00' GROUP BY 1;

SELECT date_trunc('hour', occurred_at AT TIME ZONE 'America/New_York') AS h, count(*) FROM events
WHERE occurred_at >= '2024-11-03 04:00+00' AND occurred_at < '2024-11-03 08:00+00' GROUP BY 1;

SELECT (occurred_at AT TIME ZONE 'Europe/Berlin')::date AS d, site_id, count(*) FROM events
WHERE occurred_at BETWEEN '2024-03-30 20:00+00' AND '2024-04-01 04:00+00' GROUP BY 1, 2;

SELECT date_bin('15 minutes', occurred_at, timestamptz '2024-03-08 00:00+00') AS bin, count(*) FROM events
WHERE occurred_at < '2024-03-09' GROUP BY 1;

SELECT date_bin('6 hours', occurred_at, timestamptz '2024-01-01 03:00+00') AS bin, event_type, count(*) FROM events WHERE site_id = 2 GROUP BY 1, 2;

SELECT date_bin(interval '1 day', occurred_at AT TIME ZONE 'Asia/Kolkata', timestamp '2024-01-01') AS bin, count(*) FROM events GROUP BY 1;

SELECT extract(dow FROM occurred_at) AS dow, extract(hour FROM occurred_at) AS hr, count(*) FROM events GROUP BY 1, 2;

SELECT extract(isodow FROM occurred_at AT TIME ZONE 'Australia/Sydney') AS dow, count(*) FROM events GROUP BY 1;

SELECT extract(epoch FROM date_trunc('hour', occurred_at)) AS epoch_hour, count(*) FROM events WHERE site_id = 7 GROUP BY 1;

SELECT extract(week FROM occurred_at) AS wk, extract(isoyear FROM occurred_at) AS y, count(DISTINCT site_id) FROM events GROUP BY 1, 2;

SELECT date_part('month', occurred_at) AS m, count(*) FROM events GROUP BY 1;

SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24') AS h, count(*) FROM events WHERE site_id = 1 AND occurred_at < '2024-03-09' GROUP BY 1;

SELECT s.site_id, date_trunc('day', e.occurred_at AT TIME ZONE s.tz) AS local_day, count(*)
FROM events e JOIN sites s ON s.site_id = e.site_id WHERE e.site_id <= 6 GROUP BY 1, 2;

SELECT s.tz, date_trunc('day', e.occurred_at, s.tz) AS local_day, count(*)
FROM events e JOIN sites s ON s.site_id = e.site_id GROUP BY 1, 2;

SELECT c.tz, (e.occurred_at AT TIME ZONE c.tz)::date AS d, count(*)
FROM sessions se JOIN countries c ON c.code = se.country JOIN events e ON e.site_id = se.site_id AND e.session_id = se.session_id
WHERE e.occurred_at < '2024-03-12' GROUP BY 1, 2;

SET TimeZone = 'America/New_York';

SELECT date_trunc('day', occurred_at) AS d, count(*) FROM events GROUP BY 1;

SELECT date_trunc('hour', occurred_at) AS h, count(*) FROM events WHERE occurred_at >= '2024-03-10 00:00' AND occurred_at < '2024-03-10 06:00' GROUP BY 1;

SELECT occurred_at::date AS d, count(*) FROM events WHERE site_id = 1 GROUP BY 1;

SELECT extract(hour FROM occurred_at) AS hr, count(*) FROM events WHERE site_id = 3 GROUP BY 1;

SELECT date_trunc('day', occurred_at) AS d, site_id, count(*) FROM events WHERE site_id IN (1, 2) AND occurred_at >= '2024-11-02' GROUP BY 1, 2;

SELECT site_id, count(*) FROM events WHERE occurred_at::date = '2024-03-10' GROUP BY site_id;

SELECT count(*) FROM events WHERE occurred_at >= '2024-03-10' AND occurred_at < timestamp '2024-03-11';

SELECT to_char(occurred_at, 'YYYY-MM-DD HH24:MI TZ') AS t, count(*) FROM events WHERE site_id = 1 AND occurred_at BETWEEN '2024-03-10 01:00' AND '2024-03-10 04:00' GROUP BY 1;

SELECT min(occurred_at)::text, max(occurred_at)::text FROM events;

SELECT site_id, min(occurred_at)::text AS first_seen FROM events WHERE site_id < 5 GROUP BY 1;

SELECT date_bin('1 day', occurred_at, '2024-03-01') AS bin, count(*) FROM events WHERE site_id = 1 GROUP BY 1;

SET TimeZone = 'Asia/Kolkata';

SELECT date_trunc('day', occurred_at) AS d, count(*), sum(amount) FROM events GROUP BY 1;

SELECT site_id, date_trunc('week', occurred_at) AS w, count(*) FROM events WHERE site_id BETWEEN 1 AND 4 GROUP BY 1, 2;

SELECT day, n FROM rollup_day WHERE site_id = 1 AND day >= '2024-03-10';

SELECT date_trunc('day', hour) AS d, sum(n) FROM rollup_hour WHERE site_id = 1 GROUP BY 1;

RESET TimeZone;

SELECT date_trunc('day', hour) AS d, sum(n), sum(users) FROM rollup_hour GROUP BY 1;

SELECT date_trunc('month', day) AS m, sum(n) FROM rollup_day GROUP BY 1;

SELECT minute::date AS d, count(*) AS minutes, sum(n) FROM rollup_minute WHERE site_id = 1 GROUP BY 1;

SELECT justify_interval(sum(dwell)) AS total, avg(dwell) AS avg, max(dwell) FROM events WHERE site_id = 1;

SELECT site_id, sum(dwell) AS total, min(dwell), count(dwell) FROM events GROUP BY site_id;

SELECT date_trunc('day', occurred_at) AS d, avg(ended_at - started_at) AS len FROM sessions s JOIN events e USING (site_id, session_id) WHERE site_id = 2 GROUP BY 1;

SELECT site_id, max(ended_at - started_at) AS longest, sum(events) FROM sessions GROUP BY site_id;

SELECT age(timestamptz '2024-04-01 00:00+00', created_at) AS age, site_id FROM sites WHERE site_id < 10;

SELECT count(*) FROM events WHERE occurred_at > timestamptz '2024-04-01 00:00+00' - interval '7 days';

SELECT count(*) FROM events WHERE occurred_at + dwell > timestamptz '2024-03-31 23:55+00' AND occurred_at < '2024-04-01';
