-- Funnel and retention queries with CTEs.

WITH steps AS (
    SELECT site_id, user_id,
           min(occurred_at) FILTER (WHERE event_type = 'view') AS viewed,
           min(occurred_at) FILTER (WHERE event_type = 'click') AS clicked,
           min(occurred_at) FILTER (WHERE event_type = 'purchase') AS bought
    FROM events WHERE user_id IS NOT NULL GROUP BY site_id, user_id)
SELECT site_id, count(viewed) AS v, count(clicked) FILTER (WHERE clicked > viewed) AS c, count(bought) FILTER (WHERE bought > clicked AND clicked > viewed) AS b
FROM steps GROUP BY site_id;

WITH steps AS (
    SELECT user_id, bool_or(event_type = 'view') AS v, bool_or(event_type = 'signup') AS s, bool_or(event_type = 'purchase') AS p
    FROM events WHERE site_id = 1 GROUP BY user_id)
SELECT count(*) FILTER (WHERE v), count(*) FILTER (WHERE v AND s), count(*) FILTER (WHERE v AND s AND p) FROM steps;

WITH v AS (SELECT DISTINCT site_id, user_id FROM events WHERE event_type = 'view'),
     p AS (SELECT DISTINCT site_id, user_id FROM events WHERE event_type = 'purchase')
SELECT v.site_id, count(*) AS viewers, count(p.user_id) AS buyers, round(count(p.user_id)::numeric / count(*), 4) AS rate
FROM v LEFT JOIN p ON p.site_id = v.site_id AND p.user_id = v.user_id GROUP BY v.site_id;

WITH first_seen AS (SELECT site_id, user_id, min(occurred_at)::date AS cohort FROM events WHERE user_id IS NOT NULL GROUP BY 1, 2),
     activity AS (SELECT DISTINCT site_id, user_id, occurred_at::date AS d FROM events)
SELECT f.cohort, a.d - f.cohort AS day_n, count(*) FROM first_seen f JOIN activity a USING (site_id, user_id)
WHERE f.site_id = 1 AND a.d - f.cohort < 4 GROUP BY 1, 2;

WITH daily AS (SELECT date_trunc('day', occurred_at) AS d, count(*) AS n, count(DISTINCT user_id) AS u FROM events GROUP BY 1)
SELECT d, n, u, round(n::numeric / u, 4) FROM daily WHERE u > 0;

WITH site_totals AS (SELECT site_id, sum(amount) AS revenue FROM events GROUP BY site_id)
SELECT s.plan, sum(t.revenue), count(*) FROM site_totals t JOIN sites s USING (site_id) GROUP BY s.plan;

WITH big AS (SELECT site_id FROM events GROUP BY site_id HAVING count(*) > 400)
SELECT event_type, count(*) FROM events WHERE site_id IN (SELECT site_id FROM big) GROUP BY event_type;

WITH RECURSIVE hours(h) AS (SELECT timestamptz '2024-03-10 00:00+00' UNION ALL SELECT h + interval '1 hour' FROM hours WHERE h < '2024-03-10 23:00+00')
SELECT h, coalesce(sum(r.n), 0) FROM hours LEFT JOIN rollup_hour r ON r.hour = hours.h AND r.site_id = 1 GROUP BY h;

WITH ranked AS MATERIALIZED (SELECT site_id, event_id, amount, row_number() OVER (PARTITION BY site_id ORDER BY amount DESC NULLS LAST, event_id) AS rn FROM events)
SELECT site_id, sum(amount) FROM ranked WHERE rn <= 5 GROUP BY site_id;

WITH x AS NOT MATERIALIZED (SELECT * FROM events WHERE event_type = 'error')
SELECT site_id, count(*) FROM x WHERE site_id < 10 GROUP BY site_id;

WITH sess AS (SELECT site_id, session_id, count(*) AS n, bool_or(event_type = 'purchase') AS converted FROM events GROUP BY 1, 2)
SELECT n, count(*), count(*) FILTER (WHERE converted) FROM sess GROUP BY n;

WITH s AS (SELECT site_id, session_id, channel FROM sessions WHERE channel IS NOT NULL),
     e AS (SELECT site_id, session_id, sum(amount) AS rev FROM events GROUP BY 1, 2)
SELECT s.channel, count(*), sum(e.rev) FROM s JOIN e USING (site_id, session_id) GROUP BY s.channel;

WITH bounce AS (SELECT site_id, session_id FROM page_views GROUP BY 1, 2 HAVING count(*) = 1)
SELECT site_id, count(*) FROM bounce GROUP BY site_id;

WITH per_user AS (SELECT site_id, user_id, count(*) AS n FROM events WHERE user_id IS NOT NULL GROUP BY 1, 2)
SELECT width_bucket(n, 0, 200, 4) AS b, count(*) FROM per_user GROUP BY 1;

WITH a AS (SELECT site_id, count(*) AS n FROM events WHERE occurred_at < '2024-03-20' GROUP BY 1),
     b AS (SELECT site_id, sum(n) AS n FROM rollup_day GROUP BY 1)
SELECT a.site_id, a.n, b.n, a.n = b.n AS same FROM a FULL JOIN b USING (site_id);

WITH ins AS (SELECT site_id, count(*) AS n FROM events GROUP BY site_id)
SELECT (SELECT count(*) FROM ins), (SELECT max(n) FROM ins), (SELECT sum(n) FROM ins);
