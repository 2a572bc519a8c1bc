-- Values of many types crossing the wire: jsonb, arrays, uuid, inet, enums, numeric, floats,
-- dates and times (also under a session time zone and date style that differ from the default).

SELECT id, settings FROM companies;

SELECT id, settings->>'theme', (settings->>'limit')::int, settings @> '{"theme": "dark"}' FROM companies;

SELECT id FROM companies WHERE settings->'nested' @> '{"a": 1}';

SELECT id, jsonb_pretty(settings) FROM companies WHERE id < 4;

SELECT company_id, id, targets, targets->>0, jsonb_array_length(targets) FROM campaigns;

SELECT event_key, seq, attrs, attrs #> '{arr,1}' FROM events WHERE seq < 40;

SELECT id, tags, tags || ARRAY['z'] FROM companies;

SELECT id FROM companies WHERE tags && ARRAY['tag1'];

SELECT id FROM companies WHERE tags @> ARRAY['tag2', 'tag0'];

SELECT event_key, seq, labels FROM events WHERE 'l2' = ANY (labels);

SELECT id, ext_id, ext_id::text FROM companies;

SELECT id FROM companies WHERE ext_id = 'c4ca4238-a0b9-2382-0dcc-509a6f75849b' OR ext_id > 'f0000000-0000-0000-0000-000000000000';

SELECT session, count(*) FROM events GROUP BY session;

SELECT company_id, id, user_ip, host(user_ip), masklen(user_ip), user_ip & inet '255.255.0.0' FROM clicks WHERE company_id < 5;

SELECT company_id, id, status, status::text, status < 'paused' FROM ads;

SELECT company_id, id, score, ratio, score * 2, ratio::float8 / 3 FROM ads WHERE company_id < 30;

SELECT id, revenue, revenue * 1.000001, revenue::numeric(20, 6) / 7 FROM companies;

SELECT event_key, seq, amount, weight, amount * weight::numeric FROM events WHERE seq % 3 = 0;

SELECT 1e300::float8 * 10 AS inf, 'NaN'::float8, '-Infinity'::float8, 'NaN'::numeric FROM companies WHERE id = 1;

SELECT id, created_at, updated_at FROM companies;

SELECT company_id, id, clicked_at, clicked_at::date, date_trunc('day', clicked_at) FROM clicks WHERE company_id < 6;

SELECT company_id, count(*) FROM clicks WHERE clicked_at::date = date '2022-03-01' GROUP BY company_id;

SELECT date_trunc('day', clicked_at) AS d, count(*) FROM clicks GROUP BY 1;

SET TimeZone = 'Asia/Kolkata';

SELECT id, created_at, updated_at, updated_at::date, updated_at::time FROM companies;

SELECT date_trunc('day', clicked_at) AS d, count(*) FROM clicks GROUP BY 1;

SELECT company_id, count(*) FROM clicks WHERE clicked_at::date = date '2022-03-01' GROUP BY company_id;

SELECT extract(hour FROM clicked_at) AS h, count(*) FROM clicks GROUP BY 1;

SELECT id FROM companies WHERE updated_at::time > time '20:00';

SELECT to_char(updated_at, 'YYYY-MM-DD HH24:MI TZ'), id FROM companies WHERE id < 10;

SET DateStyle = 'German, DMY';

SELECT id, created_at, updated_at, created_at::date FROM companies WHERE id < 10;

SELECT company_id, id FROM campaigns WHERE start_date = '05.03.2021';

SET IntervalStyle = 'sql_standard';

SELECT company_id, id, end_date - start_date, (end_date - start_date) * interval '1 day' FROM campaigns WHERE end_date IS NOT NULL;

SET extra_float_digits = 0;

SELECT company_id, id, score FROM ads WHERE score IS NOT NULL AND company_id < 20;

