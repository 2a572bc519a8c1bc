-- Less common aggregate and row shapes: DISTINCT inside numeric aggregates, range and
-- multirange aggregates, whole-row values, windowed FILTER, multi-argument hypothetical sets.

SELECT event_type, sum(DISTINCT amount), avg(DISTINCT amount)::numeric(12, 4), count(DISTINCT amount) FROM events GROUP BY event_type;

SELECT device_id, sum(DISTINCT duration_ms), max(DISTINCT user_id) FROM events GROUP BY device_id;

SELECT site_id, range_agg(tstzrange(started_at, ended_at, '[]')) FROM sessions WHERE site_id BETWEEN 30 AND 32 GROUP BY site_id;

SELECT range_intersect_agg(tstzrange(started_at - interval '30 days', ended_at + interval '30 days')) FROM sessions WHERE site_id > 35;

SELECT channel, range_agg(int8range(session_id, session_id + 3)) FROM sessions WHERE site_id = 9 GROUP BY channel;

SELECT jsonb_agg(e ORDER BY e.event_id) FROM events e WHERE site_id = 41 OR event_id IN (7, 70, 700);

SELECT site_id, jsonb_agg(to_jsonb(r) - 'amount_sum' ORDER BY r.day) FROM rollup_day r WHERE site_id IN (40, 39) GROUP BY site_id;

SELECT row_to_json(s) FROM sites s WHERE site_id < 4;

SELECT s::text FROM sites s WHERE site_id BETWEEN 40 AND 45;

SELECT e.site_id, count(e) FROM events e GROUP BY e.site_id;

SELECT (array_agg(e ORDER BY occurred_at DESC, event_id DESC))[1] FROM events e WHERE site_id = 25;

SELECT site_id, (max(ROW(amount, event_id)::text)) FROM events WHERE site_id < 4 GROUP BY site_id;

SELECT site_id, event_id, count(*) FILTER (WHERE event_type = 'click') OVER (PARTITION BY site_id ORDER BY occurred_at, event_id ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) FROM events WHERE site_id = 26;

SELECT event_type, count(*), sum(count(*)) FILTER (WHERE event_type IS NOT NULL) OVER () FROM events GROUP BY event_type;

SELECT rank(50, 100) WITHIN GROUP (ORDER BY amount, duration_ms), dense_rank('click', 3) WITHIN GROUP (ORDER BY event_type, device_id) FROM events;

SELECT site_id, percentile_disc(0.5) WITHIN GROUP (ORDER BY amount DESC NULLS FIRST) FROM events WHERE site_id < 8 GROUP BY site_id;

SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY amount DESC) FROM events;

SELECT event_type, count(*) FROM (SELECT * FROM events ORDER BY occurred_at DESC, site_id, event_id LIMIT 300) x GROUP BY event_type;

SELECT event_type, count(*) FROM (SELECT * FROM events ORDER BY occurred_at, site_id, event_id OFFSET 19800) x GROUP BY event_type;

SELECT DISTINCT ON (event_type) event_type, site_id, count(*) FROM events GROUP BY event_type, site_id ORDER BY event_type, count(*) DESC, site_id;

SELECT site_id, count(*), max(occurred_at) FROM events GROUP BY site_id ORDER BY max(occurred_at) DESC, site_id LIMIT 4;

SELECT date_trunc('hour', occurred_at AT TIME ZONE INTERVAL '+05:30') AS h, count(*) FROM events WHERE site_id = 1 AND occurred_at < '2024-03-09' GROUP BY 1;

SELECT timezone('Asia/Kathmandu', occurred_at)::date AS d, count(*) FROM events GROUP BY 1;

SELECT count(*) FROM events WHERE occurred_at >= make_timestamptz(2024, 3, 10, 0, 0, 0, 'America/New_York') AND occurred_at < make_timestamptz(2024, 3, 11, 0, 0, 0, 'America/New_York');

SET TimeZone = 'Europe/London';
SELECT count(*) FROM events WHERE occurred_at >= make_timestamptz(2024, 3, 31, 0, 0, 0) AND occurred_at < make_timestamptz(2024, 4, 1, 0, 0, 0);
SELECT site_id, count(*) FROM events WHERE occurred_at >= make_timestamp(2024, 3, 31, 0, 0, 0) AND site_id < 5 GROUP BY site_id;
SELECT date_trunc('day', occurred_at) = make_timestamptz(2024, 3, 31, 0, 0, 0) AS easter, count(*) FROM events GROUP BY 1;
RESET TimeZone;

SELECT extract(epoch FROM sum(dwell)) AS secs, site_id FROM events WHERE site_id < 6 GROUP BY site_id;

SELECT site_id, count(*) FILTER (WHERE dwell > interval '10 minutes'), avg(extract(epoch FROM dwell))::numeric(12, 4) FROM events GROUP BY site_id;

SELECT device_id, count(*), sum(duration_ms::float4)::numeric(16, 1) FROM events GROUP BY device_id;

SELECT array_agg(DISTINCT tags ORDER BY tags) FROM events WHERE site_id = 2 AND cardinality(tags) = 2;

SELECT tags, count(*) FROM events GROUP BY tags;

SELECT payload, count(*) FROM events WHERE site_id = 1 AND event_id < 200 GROUP BY payload;

SELECT min(payload::text), max((payload -> 'items')::text) FROM events;

SELECT client_ip, count(*) FROM events GROUP BY client_ip HAVING count(*) > 6;

SELECT inet_merge(min(client_ip), max(client_ip)) FROM events WHERE site_id = 1;

SELECT event_type, string_agg(DISTINCT coalesce(payload ->> 'ref', '-'), ',' ORDER BY coalesce(payload ->> 'ref', '-')) FROM events GROUP BY event_type;

SELECT site_id, xmlagg(xmlelement(name e, event_id) ORDER BY event_id)::text FROM events WHERE site_id = 45 OR (site_id = 44 AND event_id < 300) GROUP BY site_id;

SELECT count(*) FROM events e1 WHERE e1.amount > ALL (SELECT amount FROM events e2 WHERE e2.site_id = 40 AND e2.amount IS NOT NULL);

SELECT count(*) FROM events WHERE amount > ANY (SELECT amount_sum / 100 FROM rollup_day WHERE site_id = 2);

SELECT site_id, event_id FROM events WHERE (site_id, occurred_at) IN (SELECT site_id, max(occurred_at) FROM events GROUP BY site_id);

SELECT site_id, count(*) FROM events WHERE (payload ->> 'score')::int > (SELECT avg((payload ->> 'score')::int) FROM events) GROUP BY site_id;

SELECT r.site_id, r.day, r.n, x.n FROM rollup_day r JOIN LATERAL (SELECT count(*) AS n FROM events e WHERE e.site_id = r.site_id AND (e.occurred_at AT TIME ZONE 'UTC')::date = r.day) x ON true WHERE r.site_id IN (3, 4);

SELECT s.site_id, g.d, (SELECT count(*) FROM events e WHERE e.site_id = s.site_id AND e.occurred_at >= g.d AND e.occurred_at < g.d + interval '1 day') FROM sites s CROSS JOIN generate_series(timestamptz '2024-03-10 00:00+00', timestamptz '2024-03-12 00:00+00', interval '1 day') g(d) WHERE s.site_id IN (5, 6, 41);

WITH RECURSIVE streak(site_id, day, len) AS (
    SELECT site_id, day, 1 FROM rollup_day WHERE site_id = 2 AND day = '2024-03-08'
    UNION ALL
    SELECT r.site_id, r.day, s.len + 1 FROM streak s JOIN rollup_day r ON r.site_id = s.site_id AND r.day = s.day + 1)
SELECT * FROM streak;
