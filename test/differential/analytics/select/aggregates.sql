-- FILTER, count(DISTINCT non-key), ordered aggregates, bool/bit aggregates, statistics.

SELECT count(*), count(user_id), count(DISTINCT user_id), count(DISTINCT event_type), count(DISTINCT device_id) FROM events;

SELECT site_id, count(DISTINCT user_id) AS users, count(DISTINCT session_id) AS sessions FROM events GROUP BY site_id;

SELECT event_type, count(DISTINCT site_id), count(DISTINCT user_id) FROM events GROUP BY event_type;

SELECT date_trunc('day', occurred_at) AS d, count(DISTINCT user_id) AS dau FROM events GROUP BY 1;

SELECT count(DISTINCT (site_id, user_id)) FROM events;

SELECT count(DISTINCT client_ip), count(DISTINCT host(client_ip)), count(DISTINCT payload ->> 'path') FROM events;

SELECT device_id, count(DISTINCT user_id) FILTER (WHERE event_type = 'purchase') AS buyers, count(DISTINCT user_id) AS users FROM events GROUP BY device_id;

SELECT count(*) FILTER (WHERE event_type = 'view') AS views, count(*) FILTER (WHERE event_type = 'click') AS clicks,
       count(*) FILTER (WHERE event_type IS NULL) AS untyped, sum(amount) FILTER (WHERE event_type = 'purchase') AS revenue FROM events;

SELECT site_id, count(*) FILTER (WHERE payload @> '{"ref": "google"}') AS google, avg(amount) FILTER (WHERE amount > 50)::numeric(12, 4) AS big_avg FROM events GROUP BY site_id;

SELECT event_type, max(amount) FILTER (WHERE device_id = 3), min(occurred_at) FILTER (WHERE tags @> ARRAY['t1']) FROM events GROUP BY event_type;

SELECT site_id, sum(amount), avg(amount)::numeric(14, 6), min(amount), max(amount) FROM events GROUP BY site_id;

SELECT round(sum(duration_ms)::numeric, 3), round(avg(duration_ms)::numeric, 6), min(duration_ms), max(duration_ms) FROM events;

SELECT site_id, round(avg(duration_ms)::numeric, 6) AS avg_ms FROM events GROUP BY site_id;

SELECT round(stddev(amount), 6), round(variance(amount), 4), round(stddev_pop(amount), 6), round(var_samp(amount), 4) FROM events;

SELECT site_id, round(stddev_samp(duration_ms)::numeric, 4), round(var_pop(duration_ms)::numeric, 2) FROM events GROUP BY site_id;

-- approx: 1e-9
SELECT corr(amount::float8, duration_ms), covar_pop(amount::float8, duration_ms), covar_samp(amount::float8, duration_ms) FROM events;

-- approx: 1e-9
SELECT regr_slope(duration_ms, amount::float8), regr_intercept(duration_ms, amount::float8), regr_r2(duration_ms, amount::float8), regr_count(duration_ms, amount::float8) FROM events;

-- approx: 1e-9
SELECT event_type, regr_avgx(duration_ms, event_id::float8), regr_avgy(duration_ms, event_id::float8), regr_sxx(duration_ms, event_id::float8), regr_syy(duration_ms, event_id::float8), regr_sxy(duration_ms, event_id::float8) FROM events GROUP BY event_type;

SELECT bool_and(amount > 0), bool_or(event_type = 'error'), every(device_id IS NOT NULL) FROM events;

SELECT site_id, bool_and(payload IS NOT NULL) AS all_payload, bool_or(tags @> '{t4}') AS any_t4 FROM events GROUP BY site_id;

SELECT bit_or(device_id), bit_and(device_id), bit_xor(device_id) FROM events;

SELECT site_id, bit_or(1 << (device_id - 1)) AS device_mask FROM events GROUP BY site_id;

SELECT site_id, string_agg(DISTINCT event_type, ',' ORDER BY event_type) AS types FROM events GROUP BY site_id;

SELECT site_id, string_agg(event_id::text, ' ' ORDER BY occurred_at, event_id) AS seq FROM events WHERE site_id BETWEEN 30 AND 33 GROUP BY site_id;

SELECT session_id, array_agg(event_type ORDER BY occurred_at, event_id) AS path FROM events WHERE site_id = 1 AND session_id < 30 GROUP BY session_id;

SELECT site_id, array_agg(DISTINCT device_id ORDER BY device_id) FROM events GROUP BY site_id;

SELECT event_type, jsonb_agg(event_id ORDER BY event_id) FILTER (WHERE amount > 99) FROM events GROUP BY event_type;

SELECT site_id, jsonb_object_agg(event_type, n ORDER BY event_type) FROM (SELECT site_id, coalesce(event_type, 'none') AS event_type, count(*) AS n FROM events GROUP BY 1, 2) x GROUP BY site_id;

SELECT site_id, jsonb_object_agg(coalesce(event_type, 'none'), amount ORDER BY event_id) FILTER (WHERE event_id % 997 = 0) FROM events WHERE site_id = 1 GROUP BY site_id;

SELECT json_agg(json_build_object('site', site_id, 'n', n) ORDER BY n DESC, site_id) FROM (SELECT site_id, count(*) AS n FROM events GROUP BY site_id) x;

SELECT site_id, array_agg(amount ORDER BY amount DESC NULLS LAST, event_id) FILTER (WHERE amount IS NOT NULL) AS amounts FROM events WHERE site_id > 35 GROUP BY site_id;

SELECT string_agg(DISTINCT payload ->> 'ref', '|' ORDER BY payload ->> 'ref') FROM events;

SELECT array_agg(DISTINCT t ORDER BY t) FROM events, unnest(tags) t;

SELECT site_id, max(tags), min(tags) FROM events GROUP BY site_id;

SELECT max(client_ip), min(client_ip), count(DISTINCT network(set_masklen(client_ip, 16))) FROM events;

SELECT site_id, sum(amount) / nullif(count(*), 0) AS per_event FROM events GROUP BY site_id;

SELECT sum(n), sum(amount_sum), max(users) FROM rollup_hour;

SELECT e.event_type, t.category, t.weight * count(*) AS score FROM events e JOIN event_types t ON t.name = e.event_type GROUP BY e.event_type, t.category, t.weight;

SELECT t.category, count(*), count(DISTINCT e.site_id) FROM events e JOIN event_types t ON t.name = e.event_type GROUP BY t.category;

SELECT count(*) FROM (SELECT DISTINCT user_id FROM events) u;

SELECT count(*) FROM (SELECT DISTINCT event_type, device_id FROM events) u;

SELECT sum(x) FROM (SELECT count(DISTINCT user_id) AS x FROM events GROUP BY date_trunc('day', occurred_at)) d;

SELECT avg(n)::numeric(12, 4), max(n) FROM (SELECT site_id, count(*) AS n FROM events GROUP BY site_id) s;
