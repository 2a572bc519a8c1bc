-- Grouping, windows and DISTINCT over expressions of the distribution column that are not the
-- column itself (site_id / 10, abs(site_id - 20), site_id % 2): groups that span shards.

SELECT site_id / 10 AS decade, count(*), sum(amount) FROM events GROUP BY site_id / 10;

SELECT abs(site_id - 20) AS dist20, count(*) FROM events GROUP BY 1;

SELECT site_id % 2 AS parity, event_type, count(*) FROM events GROUP BY 1, 2;

SELECT site_id / 10 AS decade, count(DISTINCT user_id) FROM events GROUP BY 1;

SELECT site_id / 10 AS decade, percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) FROM events GROUP BY 1;

SELECT site_id / 10 AS decade, string_agg(DISTINCT site_id::text, ',' ORDER BY site_id::text) FROM events GROUP BY 1;

SELECT site_id / 10 AS decade, count(*) FROM events GROUP BY 1 HAVING count(*) > 1000;

SELECT site_id, event_id, count(*) OVER (PARTITION BY site_id / 10) FROM events WHERE event_id % 400 = 0;

SELECT site_id, event_id, row_number() OVER (PARTITION BY abs(site_id - 20) ORDER BY event_id) FROM events WHERE event_id % 300 = 0;

SELECT site_id, sum(count(*)) OVER (PARTITION BY site_id % 3) FROM events GROUP BY site_id;

SELECT DISTINCT site_id / 10 FROM events;

SELECT DISTINCT abs(site_id - 20), event_type FROM events WHERE site_id BETWEEN 15 AND 25;

SELECT DISTINCT ON (site_id / 10) site_id / 10, event_id FROM events ORDER BY site_id / 10, event_id;

SELECT count(*) FROM (SELECT DISTINCT site_id % 5 AS b FROM events) x;

SELECT greatest(site_id, 10) AS g, count(*) FROM events GROUP BY 1;

SELECT CASE WHEN site_id = 1 THEN 'big' ELSE 'rest' END AS tier, count(*), count(DISTINCT session_id) FROM events GROUP BY 1;

SELECT (site_id > 5) AS later, date_trunc('day', occurred_at) AS d, count(*) FROM events GROUP BY 1, 2;

SELECT site_id / 10, site_id % 10, count(*) FROM events GROUP BY ROLLUP (site_id / 10, site_id % 10);

SELECT s.site_id / 10, count(*) FROM sessions s GROUP BY s.site_id / 10 HAVING count(*) > 5;

SELECT site_id::text AS s, count(*) FROM events GROUP BY 1;

SELECT site_id + 0 AS s, count(*) FROM events GROUP BY 1;

SELECT coalesce(site_id, 0) AS s, count(*) FROM events GROUP BY 1;

SELECT x, count(*) FROM (SELECT site_id / 10 AS x FROM events) e GROUP BY x;

SELECT site_id / 10 AS decade, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 2;

SELECT user_id, count(*) FROM events GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 10;

SELECT event_type, device_id, count(*) FROM events GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 5;

SELECT payload ->> 'path', count(DISTINCT user_id) FROM events GROUP BY 1 ORDER BY 2 DESC, 1 NULLS FIRST LIMIT 3;

SELECT site_id, count(*) FROM events GROUP BY site_id ORDER BY count(*) DESC, site_id LIMIT 5 OFFSET 2;

SELECT site_id, count(*) FROM events GROUP BY site_id ORDER BY count(*) FETCH FIRST 2 ROWS WITH TIES;

SELECT event_type, count(*) FROM events GROUP BY event_type ORDER BY count(*) DESC FETCH FIRST 1 ROWS WITH TIES;

SELECT site_id, event_id FROM events ORDER BY amount DESC NULLS LAST, site_id, event_id LIMIT 7;

SELECT url, count(*) FROM page_views GROUP BY url ORDER BY count(*) DESC, url LIMIT 5;

SELECT date_trunc('day', occurred_at), count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3;

SELECT user_id, sum(amount) FROM events WHERE user_id IS NOT NULL GROUP BY user_id HAVING sum(amount) IS NOT NULL ORDER BY sum(amount) DESC, user_id LIMIT 10;

SELECT site_id, generate_series(1, 2) AS g, count(*) FROM events WHERE site_id < 4 GROUP BY site_id;

SELECT v.t, count(e.*) FROM (VALUES ('view'), ('click'), ('share')) v(t) LEFT JOIN events e ON e.event_type = v.t GROUP BY v.t;

SELECT event_type, string_agg(site_id::text, ',' ORDER BY site_id, event_id) FILTER (WHERE event_id % 700 = 0) FROM events GROUP BY event_type;

SELECT event_type, count(DISTINCT user_id), count(DISTINCT device_id) FROM events GROUP BY ROLLUP (event_type);

SELECT site_id / 10 AS d, event_type, count(DISTINCT user_id), percentile_disc(0.5) WITHIN GROUP (ORDER BY amount) FROM events GROUP BY GROUPING SETS ((1), (2), ());
