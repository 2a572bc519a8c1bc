-- Gap filling with generate_series LEFT JOIN, dashboards over the rollups.

SELECT d, coalesce(x.n, 0) FROM generate_series(timestamptz '2024-03-08 00:00+00', timestamptz '2024-04-05 00:00+00', interval '1 day') d
LEFT JOIN (SELECT date_trunc('day', occurred_at) AS day, count(*) AS n FROM events WHERE site_id = 3 GROUP BY 1) x ON x.day = d;

SELECT d, count(e.event_id) FROM generate_series(timestamptz '2024-03-10 00:00+00', timestamptz '2024-03-10 23:00+00', interval '1 hour') d
LEFT JOIN events e ON e.occurred_at >= d AND e.occurred_at < d + interval '1 hour' AND e.site_id = 2 GROUP BY d;

SELECT d::date, s.site_id, coalesce(r.n, 0) FROM generate_series(date '2024-03-08', date '2024-03-21', interval '1 day') d
CROSS JOIN (SELECT site_id FROM sites WHERE site_id IN (1, 41)) s LEFT JOIN rollup_day r ON r.site_id = s.site_id AND r.day = d::date;

SELECT g.h, coalesce(sum(r.n), 0) AS n FROM generate_series(timestamptz '2024-03-09 22:00+00', timestamptz '2024-03-10 10:00+00', interval '1 hour') g(h)
LEFT JOIN rollup_hour r ON r.hour = g.h GROUP BY g.h;

SELECT g.m, coalesce(sum(r.n), 0) FROM generate_series(timestamptz '2024-03-08 00:00+00', timestamptz '2024-03-08 01:00+00', interval '1 minute') g(m)
LEFT JOIN rollup_minute r ON r.minute = g.m AND r.site_id = 1 GROUP BY g.m;

SET TimeZone = 'America/New_York';

SELECT d, coalesce(x.n, 0) FROM generate_series(timestamptz '2024-03-09 00:00', timestamptz '2024-03-12 00:00', interval '1 day') d
LEFT JOIN (SELECT date_trunc('day', occurred_at) AS day, count(*) AS n FROM events GROUP BY 1) x ON x.day = d;

SELECT d, coalesce(x.n, 0) FROM generate_series(timestamptz '2024-11-02 00:00', timestamptz '2024-11-04 00:00', interval '1 hour') d
LEFT JOIN (SELECT date_trunc('hour', occurred_at) AS h, count(*) AS n FROM events WHERE site_id = 1 GROUP BY 1) x ON x.h = d;

RESET TimeZone;

SELECT r.site_id, r.day, r.n, r.n - coalesce(lag(r.n) OVER (PARTITION BY r.site_id ORDER BY r.day), 0) AS change FROM rollup_day r WHERE r.site_id <= 3;

SELECT site_id, sum(n) AS events, sum(users) AS user_hours, sum(amount_sum) AS revenue FROM rollup_hour WHERE hour >= '2024-03-10' AND hour < '2024-03-12' GROUP BY site_id;

SELECT event_type, sum(n) FROM rollup_minute WHERE minute BETWEEN '2024-03-10 06:00+00' AND '2024-03-10 07:00+00' GROUP BY event_type;

SELECT r.site_id, s.name, sum(r.n) FROM rollup_day r JOIN sites s USING (site_id) WHERE r.day BETWEEN '2024-03-10' AND '2024-03-16' GROUP BY r.site_id, s.name HAVING sum(r.n) > 10;

SELECT t.category, sum(r.n) FROM rollup_hour r JOIN event_types t ON t.name = r.event_type GROUP BY t.category;

SELECT r.event_type, sum(r.n) AS rolled, (SELECT sum(n) FROM type_daily t WHERE t.event_type = r.event_type) AS typed FROM rollup_hour r GROUP BY r.event_type;

SELECT event_type, day, n, sites FROM type_daily WHERE event_type = 'purchase';

SELECT day, sum(n), count(*) FROM type_daily GROUP BY day;

SELECT h.hour, h.n, m.n FROM (SELECT date_trunc('hour', minute) AS hour, sum(n) AS n FROM rollup_minute WHERE site_id = 4 GROUP BY 1) m JOIN rollup_hour h ON h.hour = m.hour AND h.site_id = 4 AND h.event_type = 'view';
