-- Writes whose rows are chosen through NULLs: NOT IN over subqueries yielding NULLs, IS [NOT]
-- DISTINCT FROM, = ANY / <> ALL with NULL arrays and elements, aggregates over no rows as new
-- values, upserts and MERGE with NULLs; NULL distribution values refused as vanilla refuses
-- them (NOT NULL) and COPY FROM STDIN errors compared by their own message.

-- A COPY failing after a statement that fails differently on purpose: the COPY's own error is
-- compared (psql leaves LAST_ERROR_MESSAGE as the earlier statement set it).
-- error
-- expect-error: cannot modify distribution column
UPDATE companies SET id = NULL WHERE id = 3;
-- error
COPY companies (id, name, created_at) FROM STDIN;
\N	copy	2020-01-01
\.
COPY companies (id, name, created_at) FROM STDIN;
7002	copy	2020-01-01
\.
-- error
COPY companies (id, name, created_at) FROM STDIN;
7002	copy again	2020-01-01
\.
SELECT id, name FROM companies WHERE id = 7002;

UPDATE companies SET employees = -1 WHERE id NOT IN (SELECT company_id FROM notes);
SELECT count(*) FROM companies WHERE employees = -1;
UPDATE companies SET employees = -2 WHERE id NOT IN (SELECT company_id FROM notes WHERE company_id IS NOT NULL) RETURNING id;
DELETE FROM campaigns WHERE company_id NOT IN (SELECT company_id FROM events) RETURNING company_id, id;
DELETE FROM campaigns c WHERE c.monthly_budget NOT IN (SELECT monthly_budget FROM campaigns WHERE company_id = c.company_id AND id <> c.id) RETURNING company_id, id;
UPDATE campaigns c SET state = NULL WHERE c.state IS NOT DISTINCT FROM (SELECT max(state) FROM campaigns WHERE company_id = -5) RETURNING company_id, id;
DELETE FROM notes WHERE company_id = ANY (ARRAY[NULL, 1]::bigint[]) RETURNING id;
UPDATE notes n SET body = c.name FROM companies c WHERE c.id IS NOT DISTINCT FROM n.company_id AND c.id < 5 RETURNING n.id, n.body;
UPDATE companies SET employees = NULL WHERE employees < ALL (SELECT employees FROM companies WHERE id < 0) AND id < 3 RETURNING id;
SELECT count(*), count(employees) FROM companies;
UPDATE companies SET employees = 0 WHERE id = NULL RETURNING id;
UPDATE companies SET employees = 0 WHERE id IN (NULL) RETURNING id;
UPDATE companies SET employees = 0 WHERE id = ANY (NULL::bigint[]) RETURNING id;
DELETE FROM campaigns WHERE company_id <> ALL (ARRAY[1, NULL]::bigint[]) RETURNING company_id;
DELETE FROM campaigns WHERE company_id NOT IN (1, 2, NULL) RETURNING company_id;
UPDATE companies SET employees = 1 WHERE id IS NOT DISTINCT FROM NULL RETURNING id;
UPDATE companies c SET employees = -3 FROM (VALUES (NULL::bigint), (4)) v(x) WHERE c.id = v.x RETURNING c.id;
UPDATE companies c SET employees = -4 FROM (VALUES (NULL::bigint), (5)) v(x) WHERE c.id IS NOT DISTINCT FROM v.x RETURNING c.id;
DELETE FROM ads a USING (SELECT NULL::bigint AS cid UNION ALL SELECT 6) s WHERE a.company_id = s.cid RETURNING a.company_id, a.id;
INSERT INTO companies (id, name, created_at, employees) VALUES (7, 'dup', '2020-01-01', NULL) ON CONFLICT (id) DO UPDATE SET employees = coalesce(excluded.employees, -9) WHERE companies.employees IS DISTINCT FROM excluded.employees RETURNING id, employees;
INSERT INTO companies (id, name, created_at, employees) SELECT id, name, created_at, NULL FROM companies WHERE id IN (8, 9) ON CONFLICT (id) DO UPDATE SET employees = excluded.employees RETURNING id, employees;
UPDATE companies SET employees = (SELECT max(employees) FROM companies WHERE id < 0) WHERE id = 10 RETURNING id, employees;
UPDATE companies SET employees = (SELECT count(*) FROM campaigns ca WHERE ca.company_id = companies.id AND ca.id < 0) WHERE id BETWEEN 11 AND 13 RETURNING id, employees;
UPDATE campaigns SET monthly_budget = NULL WHERE (company_id, id) IN (SELECT company_id, id FROM campaigns WHERE state IS NULL) RETURNING company_id, id;
MERGE INTO companies c USING (SELECT id, employees FROM companies WHERE employees IS NULL) s ON c.id = s.id AND c.employees IS NOT DISTINCT FROM s.employees WHEN MATCHED THEN UPDATE SET employees = -7;
SELECT count(*) FROM companies WHERE employees = -7;
MERGE INTO campaigns ca USING (SELECT 3::bigint AS company_id, (SELECT max(monthly_budget) FROM campaigns WHERE company_id < 0) AS mb) s ON ca.company_id = s.company_id AND ca.monthly_budget IS DISTINCT FROM s.mb WHEN MATCHED AND s.mb IS NULL THEN UPDATE SET state = 'nullmerge';
SELECT company_id, id, state FROM campaigns WHERE state = 'nullmerge';
MERGE INTO ads a USING (VALUES (1::bigint, 1::bigint, NULL::double precision), (2, 1, 0.5)) v(cid, id, sc) ON a.company_id = v.cid AND a.id = v.id WHEN MATCHED AND v.sc IS NULL THEN UPDATE SET score = NULL WHEN MATCHED THEN UPDATE SET score = v.sc;
SELECT company_id, id, score FROM ads WHERE company_id IN (1, 2) AND id = 1;
-- error
INSERT INTO companies (id, name, created_at) VALUES (NULL, 'x', '2020-01-01');
-- error
INSERT INTO companies (id, name, created_at) SELECT max(id) + 1000, 'x', '2020-01-01' FROM companies WHERE id < 0;
-- error
INSERT INTO campaigns (company_id, id, name) SELECT NULL, 1, 'n';
-- error
COPY companies (id, name, created_at) FROM STDIN;
\N	copy	2020-01-01
\.
-- error
INSERT INTO companies (id, name, created_at) VALUES (7001, 'x', '2020-01-01'), (NULL, 'y', '2020-01-01');

-- Writes reading a TABLESAMPLE of a reference table: one sample per statement, as in vanilla,
-- not one per shard group, so each plan's companies are written all or none. Each block rolls
-- its write back by failing with the number of plans written in part (vanilla: always 0; the
-- samples differ between the sides, so the rows written are not compared).
-- error
DO $$
DECLARE
    partly int;
BEGIN
    UPDATE companies c SET employees = -11 FROM plans p TABLESAMPLE BERNOULLI (50) WHERE p.name = c.plan;
    SELECT count(*) INTO partly FROM (SELECT plan FROM companies WHERE plan IS NOT NULL GROUP BY plan HAVING bool_or(employees = -11) AND NOT bool_and(employees IS NOT DISTINCT FROM -11)) s;
    RAISE EXCEPTION 'plans written in part: %', partly;
END $$;
-- error
DO $$
DECLARE
    partly int;
BEGIN
    UPDATE companies c SET employees = -12 WHERE c.plan IN (SELECT name FROM plans TABLESAMPLE BERNOULLI (50));
    SELECT count(*) INTO partly FROM (SELECT plan FROM companies WHERE plan IS NOT NULL GROUP BY plan HAVING bool_or(employees = -12) AND NOT bool_and(employees IS NOT DISTINCT FROM -12)) s;
    RAISE EXCEPTION 'plans written in part: %', partly;
END $$;
-- error
DO $$
DECLARE
    partly int;
BEGIN
    MERGE INTO companies c USING (SELECT cc.id FROM companies cc JOIN plans p TABLESAMPLE BERNOULLI (50) ON p.name = cc.plan) s ON c.id = s.id WHEN MATCHED THEN UPDATE SET employees = -13;
    SELECT count(*) INTO partly FROM (SELECT plan FROM companies WHERE plan IS NOT NULL GROUP BY plan HAVING bool_or(employees = -13) AND NOT bool_and(employees IS NOT DISTINCT FROM -13)) s;
    RAISE EXCEPTION 'plans written in part: %', partly;
END $$;
-- error
DO $$
DECLARE
    partly int;
BEGIN
    INSERT INTO campaigns (company_id, id, name, state) SELECT c.id, 900000, p.name, 'sampled' FROM companies c JOIN plans p TABLESAMPLE BERNOULLI (50) ON p.name = c.plan;
    SELECT count(*) INTO partly FROM (SELECT c.plan FROM companies c LEFT JOIN campaigns ca ON ca.company_id = c.id AND ca.state = 'sampled' WHERE c.plan IS NOT NULL GROUP BY c.plan HAVING bool_or(ca.id IS NOT NULL) AND NOT bool_and(ca.id IS NOT NULL)) s;
    RAISE EXCEPTION 'plans written in part: %', partly;
END $$;
