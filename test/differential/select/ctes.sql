-- Common table expressions: inlined, materialized, referenced twice, recursive.

WITH big AS (SELECT id FROM companies WHERE employees > 300)
SELECT count(*) FROM big;

WITH per AS (SELECT company_id, count(*) AS n FROM ads GROUP BY company_id)
SELECT c.id, c.name, per.n FROM companies c JOIN per ON per.company_id = c.id;

WITH per AS (SELECT company_id, count(*) AS n FROM clicks GROUP BY company_id)
SELECT a.company_id, a.n, b.n FROM per a JOIN per b ON a.company_id = b.company_id + 1;

WITH per AS MATERIALIZED (SELECT company_id, sum(monthly_budget) AS b FROM campaigns GROUP BY company_id)
SELECT (SELECT max(b) FROM per), (SELECT count(*) FROM per);

WITH per AS NOT MATERIALIZED (SELECT id, plan FROM companies)
SELECT plan, count(*) FROM per GROUP BY plan;

WITH ranked AS (
    SELECT company_id, id, row_number() OVER (PARTITION BY company_id ORDER BY impressions_count DESC NULLS LAST, id) AS rn
    FROM ads)
SELECT company_id, id FROM ranked WHERE rn = 1;

WITH e AS (SELECT company_id, count(*) AS n FROM events GROUP BY company_id)
SELECT c.id, e.n FROM companies c LEFT JOIN e ON e.company_id = c.id;

WITH c AS (SELECT * FROM companies WHERE plan = 'pro'), cp AS (SELECT * FROM campaigns)
SELECT c.id, count(cp.id) FROM c LEFT JOIN cp ON cp.company_id = c.id GROUP BY c.id;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)
SELECT n.i, c.name FROM n JOIN companies c ON c.id = n.i;

WITH RECURSIVE chain(id, depth) AS (
    SELECT id, 0 FROM companies WHERE id = 1
    UNION ALL
    SELECT c.id, chain.depth + 1 FROM chain JOIN companies c ON c.id = chain.id * 2)
SELECT * FROM chain;

-- ordered
WITH top AS (SELECT company_id, sum(impressions_count) AS t FROM ads GROUP BY company_id)
SELECT company_id, t FROM top ORDER BY t DESC NULLS LAST, company_id LIMIT 5;

WITH x AS (SELECT id FROM companies WHERE id < 10), y AS (SELECT id FROM x WHERE id % 2 = 0)
SELECT * FROM y;

WITH ev AS (SELECT event_key, max(seq) AS m FROM events GROUP BY event_key)
SELECT count(*), sum(m) FROM ev;
