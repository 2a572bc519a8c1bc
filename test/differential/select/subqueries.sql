-- Subqueries in FROM and WHERE: IN, EXISTS, scalar, correlated and not.

SELECT id, name FROM companies WHERE id IN (SELECT company_id FROM campaigns WHERE state = 'running');

SELECT id FROM companies WHERE id NOT IN (SELECT company_id FROM campaigns);

SELECT id FROM companies c WHERE EXISTS (SELECT 1 FROM ads a WHERE a.company_id = c.id AND a.status = 'archived');

SELECT id FROM companies c WHERE NOT EXISTS (SELECT 1 FROM clicks cl WHERE cl.company_id = c.id);

SELECT c.id, (SELECT count(*) FROM campaigns cp WHERE cp.company_id = c.id) AS n FROM companies c;

SELECT c.id, (SELECT max(a.score) FROM ads a WHERE a.company_id = c.id) FROM companies c WHERE c.id < 20;

SELECT id, employees FROM companies WHERE employees > (SELECT avg(employees) FROM companies);

SELECT company_id, id FROM ads WHERE impressions_count = (SELECT max(impressions_count) FROM ads);

SELECT * FROM (SELECT company_id, count(*) AS n FROM clicks GROUP BY company_id) s WHERE n > 60;

SELECT avg(n), max(n), min(n) FROM (SELECT company_id, count(*) AS n FROM ads GROUP BY company_id) s;

SELECT s.plan, avg(s.n) FROM (SELECT c.plan, c.id, count(cp.id) AS n FROM companies c LEFT JOIN campaigns cp ON cp.company_id = c.id GROUP BY c.plan, c.id) s GROUP BY s.plan;

SELECT count(*) FROM (SELECT DISTINCT ad_id FROM clicks) s;

SELECT x.kind, x.n FROM (SELECT kind, count(*) AS n FROM events GROUP BY kind) x WHERE x.n > 200;

SELECT id FROM companies WHERE id IN (SELECT company_id FROM events WHERE kind = 'purchase');

SELECT id FROM companies WHERE country_code IN (SELECT code FROM countries WHERE eu) AND id IN (SELECT company_id FROM ads WHERE status = 'paused');

SELECT company_id, id FROM campaigns cp WHERE monthly_budget > (SELECT avg(monthly_budget) FROM campaigns x WHERE x.company_id = cp.company_id);

SELECT id FROM companies WHERE employees % 9 = ANY (SELECT "Qty" FROM "OrderItems" WHERE "CompanyId" = 3);

SELECT id FROM companies WHERE employees > ALL (SELECT employees FROM companies WHERE plan = 'basic' AND employees IS NOT NULL);

SELECT (SELECT count(*) FROM companies), (SELECT count(*) FROM ads), (SELECT sum(amount) FROM events);

SELECT c.id, l.top_ad FROM companies c, LATERAL (SELECT a.id AS top_ad FROM ads a WHERE a.company_id = c.id ORDER BY a.impressions_count DESC NULLS LAST, a.id LIMIT 1) l;

SELECT s.company_id, s.total FROM (SELECT company_id, sum(impressions_count) AS total FROM ads GROUP BY company_id ORDER BY total DESC NULLS LAST, company_id LIMIT 5) s;

SELECT * FROM (SELECT id, name FROM companies ORDER BY id LIMIT 5) a JOIN campaigns cp ON cp.company_id = a.id;
