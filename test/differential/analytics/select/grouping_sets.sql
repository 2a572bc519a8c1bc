-- GROUP BY ROLLUP / CUBE / GROUPING SETS with GROUPING(), HAVING, CASE bucketing.

SELECT site_id, event_type, count(*) FROM events WHERE site_id <= 5 GROUP BY ROLLUP (site_id, event_type);

SELECT site_id, event_type, count(*), sum(amount), GROUPING(site_id, event_type) AS g FROM events GROUP BY ROLLUP (site_id, event_type);

SELECT event_type, device_id, count(*), GROUPING(event_type) AS ge, GROUPING(device_id) AS gd FROM events GROUP BY CUBE (event_type, device_id);

SELECT date_trunc('day', occurred_at) AS d, event_type, count(*) FROM events WHERE site_id = 1 GROUP BY GROUPING SETS ((1), (2), ());

SELECT site_id, date_trunc('day', occurred_at) AS d, count(*) FROM events GROUP BY GROUPING SETS ((site_id), (date_trunc('day', occurred_at)));

SELECT s.plan, s.country, count(e.*) FROM sites s LEFT JOIN events e ON e.site_id = s.site_id GROUP BY ROLLUP (s.plan, s.country);

SELECT c.region, e.event_type, count(*) FROM events e JOIN sites s ON s.site_id = e.site_id LEFT JOIN countries c ON c.code = s.country GROUP BY CUBE (c.region, e.event_type);

SELECT site_id, event_type, count(*) FROM events GROUP BY ROLLUP (site_id, event_type) HAVING count(*) > 100;

SELECT CASE WHEN GROUPING(site_id) = 1 THEN 'all' ELSE site_id::text END AS site, count(DISTINCT user_id) FROM events GROUP BY ROLLUP (site_id);

SELECT d.kind, d.os, count(*) FROM events e JOIN devices d ON d.device_id = e.device_id GROUP BY ROLLUP (d.kind, d.os);

SELECT site_id, event_type, count(*) FROM events WHERE site_id = 3 GROUP BY CUBE (site_id, event_type);

SELECT event_type, count(*), GROUPING(event_type) FROM events GROUP BY GROUPING SETS (event_type, ()) HAVING GROUPING(event_type) = 1 OR count(*) > 2000;

SELECT site_id, payload ->> 'ref' AS ref, count(*) FROM events WHERE site_id IN (1, 2, 3) GROUP BY GROUPING SETS ((site_id, payload ->> 'ref'), (payload ->> 'ref'));

SELECT channel, country, count(*), sum(events) FROM sessions GROUP BY CUBE (channel, country);

SELECT site_id, channel, count(*) FROM sessions GROUP BY ROLLUP (site_id, channel) HAVING site_id IS NULL OR site_id < 4;

SELECT event_type, date_trunc('day', hour) AS d, sum(n) FROM rollup_hour GROUP BY ROLLUP (event_type, date_trunc('day', hour));

SELECT site_id, sum(n) FILTER (WHERE event_type = 'purchase') AS purchases, sum(n) FROM rollup_hour GROUP BY ROLLUP (site_id);

SELECT CASE WHEN amount IS NULL THEN 'none' WHEN amount < 10 THEN 'small' WHEN amount < 50 THEN 'medium' ELSE 'large' END AS bucket, count(*), sum(amount)
FROM events GROUP BY 1;

SELECT width_bucket(amount, 0, 100, 10) AS bucket, count(*), min(amount), max(amount) FROM events GROUP BY 1;

SELECT width_bucket(duration_ms, 0, 625, 5) AS bucket, site_id = 1 AS big, count(*) FROM events GROUP BY 1, 2;

SELECT width_bucket(amount, ARRAY[0, 5, 25, 75]::numeric[]) AS bucket, count(*) FROM events GROUP BY 1;

SELECT site_id, count(*) FROM events GROUP BY site_id HAVING count(*) > 300 AND sum(amount) > 0;

SELECT site_id, count(*) FROM events GROUP BY site_id HAVING count(DISTINCT event_type) = 8;

SELECT site_id, max(occurred_at) FROM events GROUP BY site_id HAVING max(occurred_at) < '2024-11-01';

SELECT event_type, count(*) FROM events GROUP BY event_type HAVING avg(amount) > (SELECT avg(amount) FROM events);

SELECT site_id, count(*) AS n FROM events GROUP BY site_id HAVING count(*) > 2 * (SELECT count(*) FROM events WHERE site_id = 40);
