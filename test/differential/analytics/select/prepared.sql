-- Dashboard queries as prepared statements, run past the switch to generic plans: parameters
-- as date_trunc units, time ranges, RANGE frame offsets, LIMIT, arrays of tenants.

PREPARE series(text, bigint) AS SELECT date_trunc($1, occurred_at) AS b, count(*), sum(amount) FROM events WHERE site_id = $2 GROUP BY 1;
EXECUTE series('day', 1);
EXECUTE series('hour', 2);
EXECUTE series('week', 3);
EXECUTE series('day', 4);
EXECUTE series('day', 5);
EXECUTE series('month', 1);
EXECUTE series('day', 41);
EXECUTE series('minute', 40);
DEALLOCATE series;

PREPARE span(timestamptz, timestamptz) AS SELECT site_id, count(*), count(DISTINCT user_id) FROM events WHERE occurred_at >= $1 AND occurred_at < $2 GROUP BY site_id;
EXECUTE span('2024-03-10', '2024-03-11');
EXECUTE span('2024-03-10 12:00', '2024-03-10 13:00');
EXECUTE span('2024-03-01', '2024-04-01');
EXECUTE span('2024-11-03 05:00+00', '2024-11-03 07:00+00');
EXECUTE span('2024-03-31', '2024-04-01');
EXECUTE span('2024-03-20', '2024-03-21');
EXECUTE span('2025-01-01', '2025-02-01');
DEALLOCATE span;

PREPARE moving(interval, bigint) AS SELECT day, n, sum(n) OVER (ORDER BY day RANGE BETWEEN $1 PRECEDING AND CURRENT ROW) FROM rollup_day WHERE site_id = $2;
EXECUTE moving('2 days', 1);
EXECUTE moving('7 days', 2);
EXECUTE moving('0 days', 3);
EXECUTE moving('1 day', 4);
EXECUTE moving('3 days', 5);
EXECUTE moving('7 days', 1);
DEALLOCATE moving;

PREPARE top(int) AS SELECT site_id, count(*) FROM events GROUP BY site_id ORDER BY count(*) DESC, site_id LIMIT $1;
EXECUTE top(1);
EXECUTE top(3);
EXECUTE top(5);
EXECUTE top(0);
EXECUTE top(10);
EXECUTE top(50);
DEALLOCATE top;

PREPARE tenants(bigint[]) AS SELECT site_id, event_type, count(*) FROM events WHERE site_id = ANY ($1) GROUP BY ROLLUP (site_id, event_type);
EXECUTE tenants('{1}');
EXECUTE tenants('{2,3}');
EXECUTE tenants('{}');
EXECUTE tenants('{41,42,43}');
EXECUTE tenants('{5,6,7,8}');
EXECUTE tenants('{1,40}');
DEALLOCATE tenants;

PREPARE pct(float8, text) AS SELECT site_id, percentile_cont($1) WITHIN GROUP (ORDER BY duration_ms) FROM events WHERE event_type = $2 GROUP BY site_id;
EXECUTE pct(0.5, 'view');
EXECUTE pct(0.9, 'click');
EXECUTE pct(0.1, 'purchase');
EXECUTE pct(0.99, 'view');
EXECUTE pct(0.5, 'error');
EXECUTE pct(0.75, 'signup');
DEALLOCATE pct;

PREPARE funnel(bigint, text, text) AS
WITH s AS (SELECT user_id, min(occurred_at) FILTER (WHERE event_type = $2) AS a, min(occurred_at) FILTER (WHERE event_type = $3) AS b FROM events WHERE site_id = $1 GROUP BY user_id)
SELECT count(a), count(b) FILTER (WHERE b > a) FROM s;
EXECUTE funnel(1, 'view', 'purchase');
EXECUTE funnel(2, 'view', 'click');
EXECUTE funnel(1, 'signup', 'purchase');
EXECUTE funnel(3, 'click', 'refund');
EXECUTE funnel(1, 'view', 'click');
EXECUTE funnel(7, 'view', 'purchase');
DEALLOCATE funnel;

PREPARE filler(bigint, date, date) AS
SELECT d::date, coalesce(r.n, 0) FROM generate_series($2::timestamp, $3::timestamp, interval '1 day') d LEFT JOIN rollup_day r ON r.site_id = $1 AND r.day = d::date;
EXECUTE filler(1, '2024-03-08', '2024-03-12');
EXECUTE filler(41, '2024-03-08', '2024-03-10');
EXECUTE filler(2, '2024-03-15', '2024-03-22');
EXECUTE filler(3, '2024-03-08', '2024-03-09');
EXECUTE filler(4, '2024-03-18', '2024-03-21');
EXECUTE filler(1, '2024-03-19', '2024-03-21');
DEALLOCATE filler;

PREPARE bucket(numeric, numeric, int) AS SELECT width_bucket(amount, $1, $2, $3) AS b, count(*) FROM events GROUP BY 1;
EXECUTE bucket(0, 100, 4);
EXECUTE bucket(0, 50, 5);
EXECUTE bucket(10, 90, 8);
EXECUTE bucket(0, 100, 10);
EXECUTE bucket(0, 100, 2);
EXECUTE bucket(0, 100, 4);
DEALLOCATE bucket;

PREPARE js(jsonb) AS SELECT site_id / 10, count(*) FROM events WHERE payload @> $1 GROUP BY 1;
EXECUTE js('{"ref": "google"}');
EXECUTE js('{"ab": {"variant": "A"}}');
EXECUTE js('{}');
EXECUTE js('{"score": 3}');
EXECUTE js('{"ref": "news"}');
EXECUTE js('{"ref": "google"}');
DEALLOCATE js;

SELECT site_id, day, n, users, revenue FROM daily_site_stats WHERE site_id IN (1, 2) AND day BETWEEN '2024-03-09' AND '2024-03-11';

SELECT day, sum(n), sum(revenue) FROM daily_site_stats GROUP BY day;

SELECT channel, count(*), sum(views), round(avg(avg_load), 4) FROM session_summary GROUP BY channel;

SELECT site_id, max(length), percentile_disc(0.5) WITHIN GROUP (ORDER BY views) FROM session_summary WHERE site_id < 6 GROUP BY site_id;

BEGIN;
DECLARE c SCROLL CURSOR FOR SELECT site_id, count(*) AS n FROM events GROUP BY site_id ORDER BY n DESC, site_id;
FETCH 3 FROM c;
FETCH ABSOLUTE 10 FROM c;
FETCH BACKWARD 2 FROM c;
FETCH LAST FROM c;
CLOSE c;
COMMIT;
