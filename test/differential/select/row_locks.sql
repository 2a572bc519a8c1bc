-- Row locks (FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE, NOWAIT, SKIP LOCKED, OF) on queries
-- across shards: the worker queries carry the locking clause; the rows must be PostgreSQL's.
-- (That the locks are really held is tested in test/regress select_row_locks.)

SELECT id, name FROM companies WHERE employees > 100 FOR UPDATE;

SELECT id, plan FROM companies WHERE is_public FOR NO KEY UPDATE;

SELECT company_id, id, state FROM campaigns WHERE monthly_budget > 1000 FOR SHARE;

SELECT company_id, id FROM campaigns WHERE state IS NULL FOR KEY SHARE;

SELECT id FROM companies FOR UPDATE NOWAIT;

SELECT id FROM companies WHERE country_code IS NOT NULL FOR UPDATE SKIP LOCKED;

-- ordered
SELECT id, name FROM companies ORDER BY id LIMIT 5 FOR UPDATE;

-- ordered
SELECT id FROM companies WHERE employees IS NOT NULL ORDER BY employees DESC, id LIMIT 7 OFFSET 3 FOR UPDATE SKIP LOCKED;

-- ordered
SELECT company_id, id FROM campaigns ORDER BY monthly_budget NULLS FIRST, company_id, id OFFSET 40 FOR SHARE;

-- ordered
SELECT company_id, id, name FROM campaigns ORDER BY company_id DESC, id FETCH FIRST 4 ROWS ONLY FOR NO KEY UPDATE;

-- colocated joins: every table locked, or some with OF
SELECT c.id, ca.id AS campaign FROM companies c JOIN campaigns ca ON ca.company_id = c.id WHERE ca.state = 'active' FOR UPDATE;

SELECT c.id, ca.id AS campaign FROM companies c JOIN campaigns ca ON ca.company_id = c.id WHERE c.employees < 50 FOR UPDATE OF ca;

SELECT c.id, a.id AS ad FROM companies c JOIN ads a ON a.company_id = c.id WHERE a.clicks_count > 10 FOR SHARE OF c FOR UPDATE OF a SKIP LOCKED;

-- ordered
SELECT ca.company_id, ca.id FROM campaigns ca JOIN ads a ON a.company_id = ca.company_id AND a.campaign_id = ca.id ORDER BY ca.company_id, ca.id, a.id LIMIT 6 FOR UPDATE OF ca;

-- a reference table joined but not locked
SELECT c.id, co.name FROM companies c JOIN countries co ON co.code = c.country_code FOR UPDATE OF c;

-- expect-error: row locks on reference table "countries" are not supported for queries across shards
SELECT c.id, co.name FROM companies c JOIN countries co ON co.code = c.country_code FOR UPDATE;

-- a WHERE subquery: planned by the coordinator's plan over shard scans, which takes no row locks
-- expect-error: row locks on distributed table "companies" are not supported for queries across shards
SELECT id FROM companies WHERE plan IN (SELECT name FROM plans WHERE price > 5) FOR UPDATE;

-- no rows
SELECT id FROM companies WHERE id < 0 FOR UPDATE;

-- in a transaction: lock, then write the locked rows, then read them back
BEGIN;
-- ordered
SELECT id, employees FROM companies WHERE employees IS NOT NULL ORDER BY id LIMIT 4 FOR UPDATE;
-- expect-error: row locks on distributed table "companies" are not supported for queries across shards
SELECT id FROM companies WHERE id IN (SELECT id FROM companies WHERE employees IS NOT NULL ORDER BY id LIMIT 4) FOR SHARE;
ROLLBACK;

-- prepared, with a parameter that does not pin a shard
PREPARE locked_companies(int) AS SELECT id FROM companies WHERE employees > $1 FOR UPDATE;
EXECUTE locked_companies(200);
EXECUTE locked_companies(10);
EXECUTE locked_companies(300);
EXECUTE locked_companies(50);
EXECUTE locked_companies(400);
EXECUTE locked_companies(20);
EXECUTE locked_companies(100);
DEALLOCATE locked_companies;

-- a cursor over locked rows
BEGIN;
DECLARE locked_cursor CURSOR FOR SELECT id FROM companies WHERE is_public ORDER BY id FOR UPDATE;
-- ordered
FETCH 3 FROM locked_cursor;
-- ordered
FETCH 2 FROM locked_cursor;
CLOSE locked_cursor;
COMMIT;
