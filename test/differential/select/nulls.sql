-- NULL handling.

SELECT id FROM companies WHERE plan IS NULL;

SELECT id FROM companies WHERE plan IS NOT NULL AND employees IS NULL;

SELECT count(*), count(plan), count(employees), count(revenue), count(is_public) FROM companies;

SELECT count(*), count(status), count(score), count(impressions_count), count(name) FROM ads;

SELECT count(*) FROM clicks WHERE is_mobile IS UNKNOWN;

SELECT count(*) FROM clicks WHERE is_mobile IS NOT TRUE;

SELECT plan, count(*) FROM companies WHERE plan IS NULL OR plan = 'pro' GROUP BY plan;

-- ordered
SELECT id, plan FROM companies ORDER BY plan NULLS FIRST, id;

-- ordered
SELECT id, plan FROM companies ORDER BY plan DESC NULLS LAST, id;

-- ordered
SELECT id, plan FROM companies ORDER BY plan DESC, id;

-- ordered
SELECT id, is_public FROM companies ORDER BY is_public, id;

SELECT sum(employees), avg(employees), max(plan) FROM companies WHERE employees IS NULL;

SELECT id FROM companies WHERE employees NOT IN (38, 75, NULL);

SELECT id FROM companies WHERE employees IN (38, 75, NULL);

SELECT id FROM companies WHERE NULL;

SELECT NULL = NULL, NULL::int + 1, coalesce(NULL, NULL, 3) FROM companies WHERE id = 1;

SELECT id, settings->'nested'->>'a', settings->>'missing' FROM companies;

SELECT company_id, count(*) FROM events GROUP BY company_id HAVING company_id IS NULL;

SELECT id FROM companies c WHERE country_code NOT IN (SELECT code FROM countries);

SELECT id FROM companies c WHERE NOT EXISTS (SELECT 1 FROM countries co WHERE co.code = c.country_code);

SELECT event_key, seq, note FROM events WHERE note IS NULL OR note = '' LIMIT 0;

SELECT count(*) FILTER (WHERE note IS NULL), count(*) FILTER (WHERE note = ''), count(note) FROM events;

SELECT array_agg(plan ORDER BY id) FROM companies WHERE id < 12;

SELECT string_agg(plan, ',' ORDER BY id) FROM companies WHERE id < 12;

SELECT max(NULL::int), min(NULL::text), count(NULL), sum(NULL::numeric) FROM companies;
