-- Window functions over time: moving averages with RANGE frames, lag/lead, ntile, cume_dist,
-- first_value/last_value with frames, top-N per group.

SELECT site_id, day, n, sum(n) OVER (PARTITION BY site_id ORDER BY day) AS running FROM rollup_day WHERE site_id <= 5;

SELECT site_id, day, n, avg(n) OVER (PARTITION BY site_id ORDER BY day RANGE BETWEEN interval '6 days' PRECEDING AND CURRENT ROW)::numeric(12, 4) AS avg7 FROM rollup_day;

SELECT site_id, hour, event_type, n, sum(n) OVER (PARTITION BY site_id, event_type ORDER BY hour RANGE BETWEEN interval '3 hours' PRECEDING AND CURRENT ROW) AS last4h FROM rollup_hour WHERE site_id IN (1, 2);

SELECT d, n, avg(n) OVER (ORDER BY d ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING)::numeric(12, 4) AS smooth
FROM (SELECT date_trunc('day', occurred_at) AS d, count(*) AS n FROM events GROUP BY 1) x;

SELECT d, n, n - lag(n) OVER (ORDER BY d) AS delta, lead(n, 1, 0) OVER (ORDER BY d) AS next
FROM (SELECT date_trunc('day', occurred_at) AS d, count(*) AS n FROM events WHERE site_id = 1 GROUP BY 1) x;

SELECT site_id, event_id, occurred_at, occurred_at - lag(occurred_at) OVER (PARTITION BY site_id ORDER BY occurred_at, event_id) AS gap FROM events WHERE site_id BETWEEN 20 AND 22;

SELECT site_id, session_id, event_id, lag(event_type) OVER w AS prev, lead(event_type) OVER w AS next
FROM events WHERE site_id = 1 AND session_id < 50 WINDOW w AS (PARTITION BY site_id, session_id ORDER BY occurred_at, event_id);

SELECT site_id, n, ntile(4) OVER (ORDER BY n, site_id) AS quartile FROM (SELECT site_id, count(*) AS n FROM events GROUP BY site_id) x;

SELECT site_id, n, cume_dist() OVER (ORDER BY n) AS cd, percent_rank() OVER (ORDER BY n) AS pr FROM (SELECT site_id, count(*) AS n FROM events GROUP BY site_id) x;

SELECT site_id, event_id, first_value(event_type) OVER w AS first_type, last_value(event_type) OVER w AS last_type
FROM events WHERE site_id IN (5, 6) WINDOW w AS (PARTITION BY site_id ORDER BY occurred_at, event_id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING);

SELECT site_id, event_id, nth_value(event_id, 2) OVER (PARTITION BY site_id ORDER BY occurred_at, event_id RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM events WHERE site_id = 9;

SELECT site_id, event_id, count(*) OVER (PARTITION BY site_id ORDER BY occurred_at RANGE BETWEEN interval '1 hour' PRECEDING AND interval '1 hour' FOLLOWING) AS nearby FROM events WHERE site_id IN (10, 11);

SELECT site_id, event_id, amount, sum(amount) OVER (PARTITION BY site_id ORDER BY amount RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING) AS near_sum FROM events WHERE site_id = 12;

SELECT site_id, event_id, row_number() OVER (PARTITION BY site_id ORDER BY occurred_at, event_id) FROM events WHERE site_id > 38;

SELECT site_id, event_id, rank() OVER (PARTITION BY site_id ORDER BY amount DESC NULLS LAST), dense_rank() OVER (PARTITION BY site_id ORDER BY amount DESC NULLS LAST) FROM events WHERE site_id BETWEEN 13 AND 14;

-- top 3 sites per event type
SELECT * FROM (SELECT event_type, site_id, count(*) AS n, row_number() OVER (PARTITION BY event_type ORDER BY count(*) DESC, site_id) AS rn FROM events GROUP BY event_type, site_id) x WHERE rn <= 3;

-- top 2 purchases per site
SELECT site_id, event_id, amount FROM (SELECT site_id, event_id, amount, rank() OVER (PARTITION BY site_id ORDER BY amount DESC, event_id) AS r FROM events WHERE event_type = 'purchase' AND amount IS NOT NULL) x WHERE r <= 2;

SELECT event_type, count(*), sum(count(*)) OVER () AS total, round(100.0 * count(*) / sum(count(*)) OVER (), 4) AS pct FROM events GROUP BY event_type;

SELECT site_id, count(*), rank() OVER (ORDER BY count(*) DESC) FROM events GROUP BY site_id;

SELECT date_trunc('day', occurred_at) AS d, site_id, count(*), sum(count(*)) OVER (PARTITION BY site_id ORDER BY date_trunc('day', occurred_at)) AS cum FROM events WHERE site_id < 4 GROUP BY 1, 2;

SELECT site_id, day, n, first_value(n) OVER (PARTITION BY site_id ORDER BY day RANGE BETWEEN interval '2 days' PRECEDING AND CURRENT ROW) AS two_days_ago FROM rollup_day WHERE site_id < 4;

SELECT site_id, day, n, max(n) OVER (PARTITION BY site_id ORDER BY day GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM rollup_day WHERE site_id IN (1, 40);

SELECT site_id, day, sum(n) OVER (PARTITION BY site_id ORDER BY day ROWS BETWEEN 3 PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW) FROM rollup_day WHERE site_id = 2;

SELECT site_id, count(*) OVER (PARTITION BY site_id) AS per_site, event_id FROM events WHERE event_id % 500 = 0;

SELECT site_id, user_id, count(*) AS n, lag(count(*)) OVER (PARTITION BY site_id ORDER BY user_id) FROM events WHERE site_id = 3 GROUP BY site_id, user_id;

SELECT site_id, session_id, started_at, started_at - lag(ended_at) OVER (PARTITION BY site_id, user_id ORDER BY started_at, session_id) AS since_last FROM sessions WHERE site_id = 4;

SELECT url, viewed_at, load_ms, avg(load_ms) OVER (PARTITION BY url ORDER BY viewed_at, view_id ROWS 9 PRECEDING)::numeric(10, 3) FROM page_views WHERE site_id = 1 AND url = '/p/3';

SELECT site_id, n, ntile(3) OVER (PARTITION BY n > 100 ORDER BY site_id) FROM (SELECT site_id, count(*) n FROM events GROUP BY 1) x;

SELECT site_id, event_id, percent_rank() OVER (PARTITION BY site_id ORDER BY duration_ms) FROM events WHERE site_id = 15;

SELECT site_id, sum(amount) OVER (PARTITION BY site_id ORDER BY occurred_at, event_id ROWS UNBOUNDED PRECEDING) FROM events WHERE site_id = 16;

SELECT event_id, site_id, lag(amount, 2) OVER (ORDER BY event_id) FROM events WHERE site_id = 17;
