-- Writes whose rows come through WITH queries, FROM / USING subqueries and multi-column IN:
-- pushed down when the subquery is complete per shard group and joined on the distribution
-- column, computed on the coordinator first otherwise.

-- WITH, inlined (referenced once), joined on the distribution column: pushed down
WITH big AS (SELECT company_id, sum(monthly_budget) AS budget FROM campaigns GROUP BY company_id)
UPDATE companies c SET employees = coalesce(big.budget, 0) % 1000 FROM big WHERE big.company_id = c.id AND c.id < 40
RETURNING c.id, c.employees;

-- WITH MATERIALIZED: computed once on the coordinator
WITH picked AS MATERIALIZED (SELECT company_id, id FROM campaigns WHERE state = 'paused')
UPDATE campaigns cp SET name = cp.name || ' (p)' FROM picked WHERE picked.company_id = cp.company_id AND picked.id = cp.id
RETURNING cp.company_id, cp.id, cp.name;

-- WITH referenced twice, with a LIMIT, not joined on the distribution column
WITH top AS (SELECT id FROM companies ORDER BY employees DESC NULLS LAST, id LIMIT 5)
DELETE FROM ads a WHERE a.company_id IN (SELECT id FROM top) AND a.campaign_id IN (SELECT id * 10 + 1 FROM top)
RETURNING a.company_id, a.id;

-- WITH reading a reference table and a local table
WITH rich AS (SELECT code FROM countries WHERE population > 50000000), noted AS (SELECT company_id FROM plain.company_notes WHERE priority = 2)
UPDATE companies SET updated_at = '2024-01-02 03:04:05+00' WHERE country_code IN (SELECT code FROM rich) OR id IN (SELECT company_id FROM noted)
RETURNING id;

-- WITH in INSERT ... SELECT (inlined), and a materialized one read twice (explicit ids: the
-- serial's order would differ)
WITH src AS (SELECT company_id, id FROM campaigns WHERE company_id BETWEEN 10 AND 20)
INSERT INTO notes (company_id, id, body) SELECT company_id, id + 100000, 'from cte ' || id FROM src
RETURNING company_id, body;
WITH m AS MATERIALIZED (SELECT id FROM companies WHERE id < 4)
INSERT INTO notes (company_id, id, body) SELECT a.id, 200000 + a.id * 10 + b.id, 'pair ' || b.id FROM m a, m b
RETURNING company_id, body;

-- WITH that matches nothing
WITH none AS MATERIALIZED (SELECT id FROM companies WHERE false)
UPDATE companies SET employees = 0 FROM none WHERE none.id = companies.id;

-- UPDATE ... FROM a grouped subquery on a colocated table: pushed down
UPDATE companies c SET employees = s.n FROM (SELECT company_id, count(*) AS n FROM ads GROUP BY company_id) s
WHERE s.company_id = c.id RETURNING c.id, c.employees;

-- UPDATE ... FROM a subquery grouped by another column: computed on the coordinator
UPDATE campaigns cp SET monthly_budget = s.total FROM (SELECT state, sum(monthly_budget) AS total FROM campaigns GROUP BY state) s
WHERE s.state = cp.state AND cp.company_id < 15 RETURNING cp.company_id, cp.id, cp.monthly_budget;

-- DELETE ... USING a subquery with LIMIT
DELETE FROM clicks c USING (SELECT company_id, id FROM ads ORDER BY company_id, id LIMIT 20) a
WHERE a.company_id = c.company_id AND a.id = c.ad_id RETURNING c.company_id, c.id;

-- DELETE ... USING a subquery on a table of another colocation group
DELETE FROM "OrderItems" o USING (SELECT DISTINCT company_id FROM events WHERE kind = 'refund') e
WHERE e.company_id = o."CompanyId" RETURNING o."CompanyId", o."ItemNo";

-- multi-column IN on a colocated table joined through the distribution column: pushed down
UPDATE campaigns SET state = 'checked' WHERE (company_id, id) IN (SELECT company_id, campaign_id FROM ads WHERE status = 'active')
RETURNING company_id, id;

-- multi-column IN not through the distribution column: computed on the coordinator
UPDATE ads SET name = 'renamed' WHERE (campaign_id, id) IN (SELECT id, company_id FROM campaigns WHERE company_id < 30)
RETURNING company_id, id;

-- multi-column NOT IN with NULLs in the subquery
DELETE FROM clicks WHERE company_id < 10 AND (company_id, ad_id) NOT IN (SELECT company_id, campaign_id FROM ads WHERE company_id < 12)
RETURNING company_id, id;

-- still unsupported (matches nothing on the local side)
-- expect-error: WITH RECURSIVE is not supported
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) UPDATE companies SET employees = 1 FROM n WHERE n.i = companies.id AND n.i > 10;

-- A WITH query updating the referenced key of plans fires ON UPDATE CASCADE on companies, which
-- the rest reads: PostgreSQL's rest sees the old plan names, Tessera's would see the new ones.
BEGIN;
-- expect-error: through a foreign key action
WITH u AS (UPDATE plans SET name = 'legacy2' WHERE name = 'legacy' RETURNING name)
SELECT (SELECT count(*) FROM u), (SELECT count(*) FROM companies WHERE plan = 'legacy');
ROLLBACK;

-- Other columns of plans fire no action: supported.
WITH u AS (UPDATE plans SET price = price + 1 WHERE name = 'basic' RETURNING name)
SELECT (SELECT count(*) FROM u), (SELECT count(*) FROM companies WHERE plan = 'basic');
