-- Expressions, casts, functions, collations and set-returning functions in distributed queries.

SELECT id, upper(name), length(name), left(name, 3), name || '!' FROM companies WHERE id < 20;

SELECT id, coalesce(plan, 'none'), nullif(employees, 38), greatest(employees, 100), least(employees, 100) FROM companies;

SELECT id, CASE WHEN employees > 300 THEN 'big' WHEN employees > 100 THEN 'mid' ELSE 'small' END FROM companies;

SELECT id, employees::text, revenue::int, revenue::float8, created_at::date, id::numeric / 3 FROM companies;

SELECT id, employees / 7, employees % 7, employees * 1.5, -employees, abs(-employees), power(2, id % 10) FROM companies;

SELECT id, round(revenue / 7, 3), trunc(revenue, -2), ceil(revenue / 13), floor(revenue / 13) FROM companies;

SELECT company_id, id, cost_per_click_usd * 100, round(cost_per_click_usd, 2) FROM clicks WHERE company_id < 8;

SELECT id, to_char(created_at, 'YYYY-MM-DD HH24:MI'), date_part('dow', created_at), created_at + interval '1 month' FROM companies;

SELECT id, age(timestamp '2025-01-01', created_at), created_at - timestamp '2020-01-01' FROM companies;

SELECT company_id, id, end_date - start_date AS days, start_date + 30 FROM campaigns;

SELECT id, md5(name), encode(sha256(name::bytea), 'hex') FROM companies WHERE id < 10;

SELECT id, name COLLATE "C" FROM companies;

-- ordered
SELECT id, name FROM companies ORDER BY name COLLATE "C" DESC, id;

-- ordered
SELECT id, name FROM companies ORDER BY name COLLATE "und-x-icu", id;

-- ordered
SELECT name FROM countries ORDER BY name COLLATE "und-x-icu";

SELECT id FROM companies WHERE name COLLATE "und-x-icu" > 'company 5';

SELECT id, name FROM companies WHERE lower(name) = lower('COMPANY 7');

SELECT id, regexp_replace(name, '[0-9]+', '#', 'g'), split_part(coalesce(image_url, ''), '/', 3) FROM companies;

SELECT id, position('1' IN name), substring(name FROM 2 FOR 4), replace(name, ' ', '_'), reverse(name) FROM companies;

SELECT id, format('%s has %s employees (%L)', name, employees, plan) FROM companies WHERE id < 15;

-- set-returning functions
SELECT id, unnest(tags) FROM companies;

SELECT id, generate_series(1, (id % 3)::int) FROM companies WHERE id < 12;

SELECT c.id, g FROM companies c, generate_series(1, 3) g WHERE c.id < 5;

SELECT company_id, jsonb_array_elements_text(targets) FROM campaigns WHERE company_id < 10;

SELECT id, k, v FROM companies, jsonb_each_text(settings) AS j(k, v) WHERE id < 10;

SELECT t, count(*) FROM companies, unnest(tags) t GROUP BY t;

SELECT e.event_key, e.seq, l.label, l.ord FROM events e, unnest(e.labels) WITH ORDINALITY l(label, ord) WHERE e.seq < 30;

SELECT regexp_split_to_table(name, ' ') AS w, count(*) FROM companies GROUP BY w;

SELECT id, now() IS NOT NULL, current_date > date '2000-01-01' FROM companies WHERE id < 3;

SELECT id, id::text::bigint = id, '1'::int + id, CAST(id AS smallint) FROM companies;

SELECT id, (id * 1000000000)::bigint, (id::bigint * 3000000000) FROM companies;

SELECT id, 1.0 / NULLIF(employees - 38, 0) IS NULL FROM companies WHERE id < 10;

SELECT id, employees IS DISTINCT FROM 38, plan IS NOT DISTINCT FROM NULL FROM companies;

SELECT id, row(id, name), (id, plan) = (1, 'basic') FROM companies WHERE id < 5;

SELECT array_length(tags, 1), cardinality(tags), tags[1], tags[2:2], array_append(tags, 'x'), 'tag1' = ANY(tags) FROM companies;

SELECT id, random() < 2 FROM companies WHERE id < 3;
