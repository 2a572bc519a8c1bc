-- Ordered-set and hypothetical-set aggregates.

SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) FROM events;

SELECT percentile_disc(0.9) WITHIN GROUP (ORDER BY amount) FROM events;

SELECT site_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) AS median, percentile_disc(0.95) WITHIN GROUP (ORDER BY amount) AS p95 FROM events GROUP BY site_id;

SELECT event_type, percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY duration_ms) FROM events GROUP BY event_type;

SELECT percentile_disc(ARRAY[0.1, 0.5, 0.99]) WITHIN GROUP (ORDER BY occurred_at) FROM events;

SELECT mode() WITHIN GROUP (ORDER BY event_type) FROM events;

SELECT site_id, mode() WITHIN GROUP (ORDER BY device_id) FROM events GROUP BY site_id;

SELECT date_trunc('day', occurred_at) AS d, mode() WITHIN GROUP (ORDER BY payload ->> 'path') FROM events WHERE site_id = 1 GROUP BY 1;

SELECT rank(50) WITHIN GROUP (ORDER BY amount), dense_rank(50) WITHIN GROUP (ORDER BY amount), percent_rank(50) WITHIN GROUP (ORDER BY amount), cume_dist(50) WITHIN GROUP (ORDER BY amount) FROM events;

SELECT site_id, rank(timestamptz '2024-03-20 00:00+00') WITHIN GROUP (ORDER BY occurred_at) FROM events GROUP BY site_id;

SELECT event_type, rank(100) WITHIN GROUP (ORDER BY duration_ms DESC) FROM events GROUP BY event_type;

SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY load_ms) FROM page_views WHERE site_id = 1;

SELECT url, percentile_cont(0.9) WITHIN GROUP (ORDER BY load_ms) AS p90, count(*) FROM page_views GROUP BY url;

SELECT s.plan, percentile_disc(0.5) WITHIN GROUP (ORDER BY e.amount) FROM events e JOIN sites s USING (site_id) GROUP BY s.plan;

SELECT site_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) FILTER (WHERE event_type = 'purchase') FROM events WHERE site_id < 6 GROUP BY site_id;

SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY dwell) FROM events;

SELECT event_type, percentile_cont(0.5) WITHIN GROUP (ORDER BY n) FROM (SELECT event_type, site_id, count(*) AS n FROM events GROUP BY 1, 2) x GROUP BY event_type;

SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ended_at - started_at) FROM sessions;

SELECT site_id, mode() WITHIN GROUP (ORDER BY channel) FROM sessions GROUP BY site_id;
