-- date_trunc bucketing with time zones, generate_series joins, intervals; session TimeZone.

SELECT date_trunc('day', occurred_at) AS day, count(*) FROM events GROUP BY 1;
SELECT date_trunc('day', occurred_at AT TIME ZONE 'America/New_York') AS ny_day, count(*) FROM events WHERE tenant_id = 1 GROUP BY 1;
SELECT date_trunc('day', occurred_at, 'Asia/Tokyo') AS tokyo_day, count(*) FROM events GROUP BY 1;
SELECT date_trunc('week', occurred_at)::date AS week, kind, count(*) FROM events GROUP BY 1, 2;
SELECT date_trunc('month', created_at) AS m, count(*), count(completed_at) FROM tasks GROUP BY 1;
SELECT extract(dow FROM occurred_at) AS dow, extract(hour FROM occurred_at) AS h, count(*) FROM events GROUP BY 1, 2;
SELECT to_char(occurred_at, 'YYYY-MM-DD HH24:MI TZ') AS s FROM events WHERE tenant_id = 2 AND event_id <= 5;

SET TIME ZONE 'America/Los_Angeles';
SELECT date_trunc('day', occurred_at) AS day, count(*) FROM events GROUP BY 1;
SELECT tenant_id, event_id, occurred_at, occurred_at::date AS d, occurred_at::time AS t FROM events WHERE tenant_id = 3 AND event_id < 10;
SELECT count(*) FROM events WHERE occurred_at >= '2024-03-10' AND occurred_at < '2024-03-11';
SELECT count(*) FROM events WHERE occurred_at::date = date '2024-03-10';
SELECT min(occurred_at), max(occurred_at) FROM events WHERE tenant_id <= 5;
SELECT tenant_id, min(started_at)::text FROM sessions GROUP BY tenant_id;
-- the DST switch in Los Angeles is on 2024-03-10
SELECT date_trunc('hour', occurred_at) AS h, count(*) FROM events WHERE occurred_at BETWEEN '2024-03-10 00:00' AND '2024-03-10 05:00' GROUP BY 1;
SET TIME ZONE 'Asia/Kolkata';
SELECT date_trunc('day', created_at) AS d, count(*) FROM tasks WHERE tenant_id = 2 GROUP BY 1;
SELECT count(*) FROM tasks WHERE created_at::date = '2024-01-15';
RESET TIME ZONE;

-- generate_series calendars joined to distributed tables
SELECT d::date AS day, count(e.event_id)
FROM generate_series(timestamptz '2024-03-01 00:00+00', '2024-03-15 00:00+00', interval '1 day') d
LEFT JOIN events e ON e.occurred_at >= d AND e.occurred_at < d + interval '1 day' AND e.tenant_id = 2
GROUP BY d;

SELECT d::date AS day, count(e.event_id)
FROM generate_series(timestamptz '2024-03-01 00:00+00', '2024-03-07 00:00+00', interval '1 day') d
LEFT JOIN events e ON date_trunc('day', e.occurred_at) = d
GROUP BY d;

SELECT g AS priority, count(t.task_id) FROM generate_series(0, 6) g LEFT JOIN tasks t ON t.priority = g AND t.tenant_id = 1 GROUP BY g;

SELECT m::date, coalesce(sum(i.amount), 0) AS billed
FROM generate_series(date '2023-01-01', date '2024-12-01', interval '1 month') m
LEFT JOIN invoices i ON date_trunc('month', i.issued_on) = m
GROUP BY m;

-- intervals, ages, overdue
SELECT tenant_id, count(*) FILTER (WHERE due_date < date '2024-04-01' AND completed_at IS NULL) AS overdue FROM tasks GROUP BY tenant_id;
SELECT status, round(extract(epoch FROM avg(completed_at - created_at)) / 3600, 3) AS avg_hours FROM tasks WHERE completed_at IS NOT NULL GROUP BY status;
SELECT justify_interval(sum(duration)), max(duration), min(duration) FROM sessions;
SELECT tenant_id, sum(duration) FROM sessions GROUP BY tenant_id;
SELECT count(*) FROM sessions WHERE started_at + duration > timestamptz '2024-03-20 00:00+00';
SELECT age(timestamptz '2025-01-01 00:00+00', created_at) AS age, tenant_id FROM tenants WHERE tenant_id < 6;
SELECT count(*) FROM tasks WHERE due_date BETWEEN date '2024-04-01' AND date '2024-04-30';
SELECT count(*) FROM tasks WHERE created_at > timestamptz '2024-01-01 00:00+00' + interval '30 days';
SELECT issued_on, issued_on + 30 AS due, (paid_at - issued_on::timestamptz) > interval '5 days' AS late FROM invoices WHERE tenant_id = 2;
SELECT date_bin('15 minutes', occurred_at, timestamptz '2024-01-01 00:00+00') AS bin, count(*) FROM events WHERE tenant_id = 1 AND event_id < 100 GROUP BY 1;
