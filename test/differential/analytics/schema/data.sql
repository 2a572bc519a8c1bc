-- Deterministic rows (generate_series and arithmetic only). Site 1 holds most events; sites
-- 2-40 share the rest; sites 41-45 are empty. Events fall in 2024-03-08 .. 2024-04-03 (DST
-- changes: America/New_York 2024-03-10, Europe 2024-03-31) and 2024-11-02 .. 04 (New York's
-- fall back); pairs of events share timestamps; NULLs in every nullable column.

INSERT INTO countries VALUES
    ('US', 'United States', 'americas', 'America/New_York'),
    ('DE', 'Germany', 'europe', 'Europe/Berlin'),
    ('IN', 'India', 'asia', 'Asia/Kolkata'),
    ('AU', 'Australia', 'oceania', 'Australia/Sydney'),
    ('GB', 'United Kingdom', 'europe', 'Europe/London'),
    ('BR', 'Brazil', NULL, 'America/Sao_Paulo');

INSERT INTO devices VALUES
    (1, 'desktop', 'linux'), (2, 'desktop', 'windows'), (3, 'mobile', 'android'),
    (4, 'mobile', 'ios'), (5, 'tablet', NULL);

INSERT INTO event_types VALUES
    ('view', 'engagement', 1, false), ('click', 'engagement', 2, false),
    ('signup', 'conversion', 10, true), ('purchase', 'conversion', 50, true),
    ('refund', 'money', -50, false), ('error', 'health', 0, false), ('share', 'engagement', 3, false);

INSERT INTO sites
SELECT s, 'site ' || s,
       CASE WHEN s % 11 = 0 THEN NULL ELSE (ARRAY['US', 'DE', 'IN', 'AU', 'GB', 'BR', 'FR'])[1 + s % 7] END,
       (ARRAY['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'UTC', 'Australia/Sydney'])[1 + s % 5],
       CASE WHEN s % 9 = 0 THEN NULL ELSE (ARRAY['free', 'pro', 'enterprise'])[1 + s % 3] END,
       timestamptz '2023-01-01 00:00+00' + s * interval '3 days 5 hours'
FROM generate_series(1, 45) s;

INSERT INTO events
SELECT site_id, i, ts, et,
       CASE WHEN i % 41 = 0 THEN NULL ELSE site_id * 1000 + (i * 31) % (CASE WHEN site_id = 1 THEN 400 ELSE 37 END) END,
       i / 5,
       CASE WHEN i % 23 = 0 THEN NULL ELSE 1 + i % 6 END,
       CASE WHEN i % 17 = 0 THEN NULL ELSE
           jsonb_build_object('path', '/p/' || (i % 23),
                              'ref', CASE i % 4 WHEN 0 THEN 'google' WHEN 1 THEN 'direct' WHEN 2 THEN NULL ELSE 'news' END,
                              'items', CASE WHEN i % 5 = 0 THEN jsonb_build_array(i % 7, i % 3) ELSE '[]'::jsonb END,
                              'ab', jsonb_build_object('variant', (ARRAY['A', 'B', 'C'])[1 + i % 3]),
                              'score', i % 11) END,
       CASE WHEN i % 3 = 0 THEN NULL ELSE ((i * 37) % 10000) / 100.0 END,
       CASE WHEN i % 19 = 0 THEN NULL ELSE ((i * 53) % 5000) / 8.0 END,
       CASE WHEN i % 13 = 0 THEN NULL WHEN i % 4 = 0 THEN '{}'::text[] ELSE ARRAY['t' || (i % 5), 't' || (i % 3)] END,
       CASE WHEN i % 29 = 0 THEN NULL ELSE ('10.' || (i % 4) || '.' || (i % 250) || '.' || (i % 7))::inet END,
       CASE WHEN i % 31 = 0 THEN NULL ELSE make_interval(secs => (i * 7) % 900) END
FROM (SELECT i,
             CASE WHEN i % 10 < 6 THEN 1 ELSE 2 + (i * 7) % 39 END AS site_id,
             CASE WHEN i % 25 = 0 THEN timestamptz '2024-11-02 12:00+00' + ((i / 2) * 613 % 172800) * interval '1 second'
                  ELSE timestamptz '2024-03-08 00:00+00' + ((i / 2) * 7919 % 2246400) * interval '1 second' END AS ts,
             (ARRAY['view', 'view', 'view', 'click', 'click', 'signup', 'purchase', 'refund', 'error', NULL])[1 + (i * 13) % 10] AS et
      FROM generate_series(1, 20000) i) g;

INSERT INTO sessions
SELECT site_id, session_id, min(user_id), min(occurred_at), max(occurred_at), count(*),
       CASE WHEN session_id % 7 = 0 THEN NULL ELSE (enum_range(NULL::channel))[1 + session_id % 5] END,
       CASE WHEN session_id % 6 = 0 THEN NULL ELSE (ARRAY['US', 'DE', 'IN', 'AU', 'GB'])[1 + session_id % 5] END
FROM events GROUP BY site_id, session_id;

INSERT INTO page_views
SELECT site_id, event_id, session_id, payload ->> 'path', occurred_at,
       CASE WHEN event_id % 7 = 0 THEN NULL ELSE (event_id * 11) % 3000 END
FROM events WHERE event_type = 'view' OR event_id % 8 = 0;

INSERT INTO rollup_minute
SELECT site_id, date_trunc('minute', occurred_at), coalesce(event_type, 'unknown'), count(*), coalesce(sum(amount), 0)
FROM events WHERE occurred_at < '2024-03-20' GROUP BY 1, 2, 3;

INSERT INTO rollup_hour
SELECT site_id, date_trunc('hour', occurred_at), coalesce(event_type, 'unknown'), count(*), count(DISTINCT user_id), coalesce(sum(amount), 0)
FROM events WHERE occurred_at < '2024-03-20' GROUP BY 1, 2, 3;

INSERT INTO rollup_day
SELECT site_id, (occurred_at AT TIME ZONE 'UTC')::date, count(*), count(DISTINCT user_id), coalesce(sum(amount), 0), max(duration_ms)
FROM events WHERE occurred_at < '2024-03-20' GROUP BY 1, 2;

INSERT INTO type_daily
SELECT coalesce(event_type, 'unknown'), (occurred_at AT TIME ZONE 'UTC')::date, count(*), count(DISTINCT site_id)
FROM events WHERE occurred_at < '2024-03-15' GROUP BY 1, 2;

INSERT INTO rollup_state VALUES ('hourly', '2024-03-20 00:00+00'), ('daily', '2024-03-20 00:00+00');
