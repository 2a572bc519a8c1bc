-- Rare query shapes: window frames (RANGE with offsets, GROUPS, EXCLUDE), ntile / lag with
-- defaults, DISTINCT ON, FETCH FIRST ... WITH TIES, LIMIT / OFFSET given as NULL or subqueries,
-- set-returning functions over aggregates, recursive CTEs with SEARCH / CYCLE, LATERAL with LIMIT,
-- VALUES and ROWS FROM ... WITH ORDINALITY joined to distributed tables, zero-column SELECTs.


-- windows
SELECT id, sum(employees) OVER (ORDER BY employees RANGE BETWEEN 10 PRECEDING AND 10 FOLLOWING) FROM companies;
SELECT id, sum(employees) OVER (ORDER BY employees, id GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) FROM companies;
SELECT id, ntile(4) OVER (ORDER BY id), lag(employees, 2, -1) OVER (ORDER BY id), lead(plan, 1, 'none') OVER (ORDER BY id) FROM companies;
SELECT company_id, id, lag(id, 1, 0::bigint) OVER (PARTITION BY company_id ORDER BY id), first_value(name) OVER w, last_value(name) OVER w, nth_value(name, 2) OVER w FROM campaigns WINDOW w AS (PARTITION BY company_id ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING);
SELECT event_key, seq, sum(amount) OVER (PARTITION BY event_key ORDER BY seq RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM events;
SELECT company_id, sum(count(*)) OVER () FROM campaigns GROUP BY company_id;
SELECT id, array_agg(id) FILTER (WHERE employees > 50) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), count(*) FILTER (WHERE plan IS NULL) OVER w FROM companies WINDOW w AS (PARTITION BY is_public ORDER BY id) ;
SELECT event_key, seq, count(*) OVER (PARTITION BY kind ORDER BY occurred_at RANGE BETWEEN interval '1 day' PRECEDING AND interval '1 day' FOLLOWING) FROM events;
SELECT event_key, seq, sum(small) OVER (PARTITION BY event_key ORDER BY seq GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE GROUP), percent_rank() OVER (PARTITION BY event_key ORDER BY seq), cume_dist() OVER (PARTITION BY event_key ORDER BY amount) FROM events;
SELECT id, revenue, sum(revenue) OVER (ORDER BY revenue DESC NULLS LAST RANGE BETWEEN 1000.5 PRECEDING AND CURRENT ROW) FROM companies;
SELECT DISTINCT ON (company_id) company_id, id, rank() OVER (PARTITION BY company_id ORDER BY monthly_budget DESC NULLS LAST, id) FROM campaigns ORDER BY company_id, id DESC;

-- DISTINCT ON and WITH TIES
-- ordered
SELECT DISTINCT ON (plan) plan, id, employees FROM companies ORDER BY plan NULLS FIRST, employees DESC NULLS LAST, id;
-- ordered
SELECT DISTINCT ON (company_id) company_id, id, name FROM campaigns ORDER BY company_id, monthly_budget DESC NULLS FIRST, id;
-- ordered
SELECT DISTINCT ON (company_id) company_id, event_key, seq FROM events ORDER BY company_id NULLS FIRST, event_key, seq;
SELECT id, employees FROM companies ORDER BY employees DESC NULLS LAST FETCH FIRST 2 ROWS WITH TIES;
SELECT company_id, id FROM campaigns ORDER BY company_id OFFSET 3 FETCH FIRST 1 ROW WITH TIES;
SELECT event_key, seq, company_id FROM events ORDER BY company_id NULLS FIRST FETCH FIRST 1 ROWS WITH TIES;
SELECT plan, count(*) FROM companies GROUP BY plan ORDER BY count(*) DESC FETCH FIRST 1 ROWS WITH TIES;

-- LIMIT / OFFSET and set-returning functions
SELECT generate_series(1, count(*)::int) FROM companies;
SELECT count(*), unnest(ARRAY[1, 2]) FROM companies;
SELECT count(*), generate_series(1, 3) FROM companies WHERE id < 0;
SELECT plan, unnest(array_agg(DISTINCT country_code)) FROM companies GROUP BY plan;
SELECT count(*) FROM companies OFFSET 1;
-- ordered
SELECT id FROM companies ORDER BY id LIMIT NULL OFFSET 50;
-- ordered
SELECT id FROM companies ORDER BY id LIMIT (SELECT 2) OFFSET (SELECT 1);
-- ordered
SELECT id FROM companies ORDER BY id FETCH FIRST (NULL) ROWS ONLY;
-- ordered
SELECT id FROM companies ORDER BY id DESC LIMIT (SELECT count(*) FROM plans);
SELECT count(*) FROM (SELECT id FROM companies ORDER BY id LIMIT NULL) s;
SELECT id FROM companies WHERE employees IS DISTINCT FROM (SELECT max(employees) FROM companies WHERE id < 0);
SELECT count(*) FROM notes WHERE company_id IS NOT DISTINCT FROM (SELECT NULL::bigint);

-- CTEs
WITH top AS (SELECT id FROM companies ORDER BY employees DESC NULLS LAST, id LIMIT 5) SELECT t.id, count(ca.id) FROM top t LEFT JOIN campaigns ca ON ca.company_id = t.id GROUP BY t.id;
WITH RECURSIVE g(id, path) AS (SELECT id, ARRAY[id] FROM companies WHERE id = 1 UNION ALL SELECT (g.id % 5) + 1, g.path || ((g.id % 5) + 1) FROM g JOIN companies c ON c.id = (g.id % 5) + 1) CYCLE id SET is_cycle USING cpath SELECT id, path, is_cycle FROM g;
WITH RECURSIVE g(id, depth) AS (SELECT id, 0 FROM companies WHERE id <= 2 UNION ALL SELECT c.id, g.depth + 1 FROM g JOIN companies c ON c.id = g.id + 2 WHERE g.depth < 3) SEARCH DEPTH FIRST BY id SET ord SELECT id, depth, ord FROM g ORDER BY ord;
WITH RECURSIVE g(id, depth) AS (SELECT id, 0 FROM companies WHERE id <= 2 UNION ALL SELECT c.id, g.depth + 1 FROM g JOIN companies c ON c.id = g.id + 2 WHERE g.depth < 3) SEARCH BREADTH FIRST BY id SET ord SELECT id, depth, ord FROM g ORDER BY ord;
(SELECT id FROM companies UNION SELECT company_id FROM campaigns ORDER BY 1 DESC LIMIT 3) INTERSECT (SELECT company_id FROM ads EXCEPT SELECT 1);
SELECT * FROM ((SELECT employees FROM companies WHERE id < 10 ORDER BY employees NULLS FIRST LIMIT 4) UNION ALL (SELECT employees FROM companies WHERE id > 50)) s;

-- LATERAL
SELECT c.id, l.id FROM companies c CROSS JOIN LATERAL (SELECT ca.id FROM campaigns ca WHERE ca.company_id = c.id ORDER BY ca.monthly_budget DESC NULLS LAST, ca.id LIMIT 1) l;
SELECT c.id, l.event_key FROM companies c LEFT JOIN LATERAL (SELECT e.event_key FROM events e WHERE e.company_id = c.id ORDER BY e.event_key, e.seq LIMIT 1) l ON true;

-- TABLESAMPLE of a reference table inside a subquery or CTE joined to a distributed table: one
-- sample for the whole query, as in vanilla, not one per shard group (their union matched every
-- plan on each run). In twenty runs of two 50 % samples, some run has both miss a plan in use
-- (all twenty failing to: odds below 1e-18).
DO $$
DECLARE
    plans_in_use int;
    n int;
    m int;
    fewer bool := false;
BEGIN
    SELECT count(DISTINCT plan) INTO plans_in_use FROM companies;
    FOR i IN 1..20 LOOP
        EXECUTE 'SELECT count(DISTINCT p.name) FROM companies c JOIN (SELECT name FROM plans TABLESAMPLE BERNOULLI (50)) p ON p.name = c.plan' INTO n;
        EXECUTE 'WITH p AS (SELECT name FROM plans TABLESAMPLE BERNOULLI (50)) SELECT count(DISTINCT p.name) FROM companies c JOIN p ON p.name = c.plan' INTO m;
        fewer := fewer OR (n < plans_in_use AND m < plans_in_use);
    END LOOP;
    IF NOT fewer THEN
        RAISE EXCEPTION 'every sample of plans matched all % plans in use', plans_in_use;
    END IF;
END $$;
