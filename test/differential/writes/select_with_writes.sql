-- SELECTs whose WITH clause writes: the writes run first, their RETURNING rows feed the SELECT
-- (which reads no table they modify), and the tables end as PostgreSQL leaves them.

-- One row by key, aggregated
WITH u AS (UPDATE campaigns SET monthly_budget = monthly_budget + 10 WHERE company_id = 5 AND id = 51 RETURNING *)
SELECT count(*), sum(monthly_budget) FROM u;

-- Many shards, joined with a reference table and ordered
-- ordered
WITH u AS (UPDATE companies SET employees = coalesce(employees, 0) + 1 WHERE id % 7 = 3 RETURNING id, country_code, employees)
SELECT u.id, u.employees, c.name FROM u LEFT JOIN countries c ON c.code = u.country_code ORDER BY u.id;

-- DELETE ... RETURNING read by a later WITH query and by the SELECT
WITH gone AS (DELETE FROM clicks WHERE company_id IN (3, 4) RETURNING company_id, ad_id),
     per_company AS (SELECT company_id, count(*) AS n FROM gone GROUP BY company_id)
SELECT company_id, n FROM per_company;

-- INSERT ... RETURNING with a join to a table it does not modify
WITH ins AS (INSERT INTO notes (company_id, id, body) VALUES (7, 900001, 'cte a'), (8, 900002, 'cte b') RETURNING company_id, id, body)
SELECT ins.id, ins.body, co.name FROM ins JOIN companies co ON co.id = ins.company_id;

-- Nothing returned
WITH d AS (DELETE FROM ads WHERE company_id = 5 AND id = -1 RETURNING id)
SELECT count(*) FROM d;

-- Parameters
PREPARE bump(bigint, bigint) AS
WITH u AS (UPDATE campaigns SET monthly_budget = monthly_budget * 2 WHERE company_id = $1 AND id = $2 RETURNING id, monthly_budget)
SELECT * FROM u;
EXECUTE bump(6, 61);
EXECUTE bump(7, 71);
DEALLOCATE bump;
