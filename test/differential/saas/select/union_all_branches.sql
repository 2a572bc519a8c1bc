-- UNION ALL branches that are bare scans of distributed/reference tables (they become append
-- relation members): once read from the coordinator's empty copy, now from the shards.

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
