-- KNOWN WRONG ANSWERS (not registered in ctest). Run:
--   bash test/differential/run.sh --suite saas select test/differential/saas/known_failures/known_failures_union_all.sql
--
-- Bug: a UNION ALL branch that is a bare scan of a distributed table (no WHERE, no join) is
-- read from the coordinator's empty shell table. PostgreSQL flattens UNION ALL into an
-- append relation ("other member rels"); those child scans are not turned into shard scans,
-- so EXPLAIN shows "Seq Scan on dist.users" under the Append and its rows are missing.
-- Happens at top level (flatten_simple_union_all) and in subqueries in FROM.

-- dist: 0 rows; vanilla: 1872 (263 users + 1609 tasks)
SELECT count(*) FROM (SELECT tenant_id FROM users UNION ALL SELECT tenant_id FROM tasks) x;

-- dist: only the rows of the filtered branch (90); vanilla: 353
SELECT tenant_id, user_id FROM users UNION ALL SELECT tenant_id, assignee_id FROM tasks WHERE tenant_id > 20;

-- dist: 0 rows; vanilla: 31 groups
SELECT tenant_id, sum(n) FROM (SELECT tenant_id, 1 AS n FROM tasks UNION ALL SELECT tenant_id, 2 FROM comments) x GROUP BY tenant_id;

-- the same table twice; dist 0, vanilla 3218
SELECT count(*) FROM (SELECT tenant_id FROM tasks UNION ALL SELECT tenant_id FROM tasks) x;

-- a reference table in a UNION ALL (dist: only the tenants rows; vanilla: 48 rows)
SELECT code FROM countries UNION ALL SELECT country FROM tenants;

-- router-looking: both branches pinned to one tenant (filter keeps each a subquery): correct
SELECT tenant_id FROM users WHERE tenant_id = 2 UNION ALL SELECT tenant_id FROM tasks WHERE tenant_id = 2;

-- the same bug inside a join (dist 0, vanilla 2538) and inside IN (dist 0, vanilla 1609)
SELECT count(*) FROM tasks t JOIN (SELECT tenant_id, user_id FROM users UNION ALL SELECT tenant_id, user_id FROM users) u ON u.tenant_id = t.tenant_id AND u.user_id = t.assignee_id;
SELECT count(*) FROM tasks WHERE tenant_id IN (SELECT tenant_id FROM tenants UNION ALL SELECT tenant_id FROM users);
