-- DISTINCT and DISTINCT ON.

SELECT DISTINCT plan FROM companies;

SELECT DISTINCT country_code, plan FROM companies;

SELECT DISTINCT company_id FROM clicks;

SELECT DISTINCT ad_id % 10 FROM clicks;

SELECT DISTINCT status FROM ads;

SELECT DISTINCT kind FROM events;

-- ordered
SELECT DISTINCT kind FROM events ORDER BY kind NULLS FIRST;

SELECT DISTINCT * FROM clicks WHERE company_id < 10;

SELECT count(*) FROM (SELECT DISTINCT * FROM clicks) d;

-- ordered
SELECT DISTINCT ON (company_id) company_id, id, score FROM ads ORDER BY company_id, score DESC NULLS LAST, id;

-- ordered
SELECT DISTINCT ON (plan) plan, id, name FROM companies ORDER BY plan, id DESC;

-- ordered
SELECT DISTINCT ON (event_key) event_key, seq, amount FROM events ORDER BY event_key, seq DESC LIMIT 25;

-- ordered
SELECT DISTINCT ON (status) status, company_id, id FROM ads ORDER BY status, impressions_count DESC NULLS LAST, company_id, id;

SELECT DISTINCT labels FROM events;

SELECT DISTINCT attrs->>'s' AS s, attrs->'arr' AS arr FROM events;

-- ordered
SELECT DISTINCT date_trunc('month', created_at) AS m FROM companies ORDER BY m LIMIT 5;
