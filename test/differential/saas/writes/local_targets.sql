-- Writes into local tables (created here, in each side's schema) that read distributed and
-- reference tables, and locking reads over them: PostgreSQL marks the rows of every table such a
-- statement reads (by ctid), which Tessera replaces by reading distributed tables through
-- subqueries (whole_row_marks.cpp). Then locking reads of distributed tables and SERIALIZABLE
-- transactions. The local tables are compared at the end like the others.
CREATE TABLE loc_t AS SELECT tenant_id, task_id, project_id, priority, status, estimate_hours FROM tasks WHERE tenant_id <= 4;
CREATE TABLE loc_p AS SELECT tenant_id, project_id, name, budget FROM projects;
ALTER TABLE loc_t ADD PRIMARY KEY (tenant_id, task_id);
UPDATE loc_t l SET priority = t.priority % 5 + 1 FROM tasks t WHERE t.tenant_id = l.tenant_id AND t.task_id = l.task_id AND t.status = 'done';
UPDATE loc_t l SET status = p.name FROM projects p JOIN tenants n ON n.tenant_id = p.tenant_id WHERE p.tenant_id = l.tenant_id AND p.project_id = l.project_id AND n.is_active RETURNING l.tenant_id, l.task_id, l.status;
UPDATE loc_t l SET estimate_hours = (SELECT sum(t.estimate_hours) FROM tasks t WHERE t.tenant_id = l.tenant_id) WHERE l.tenant_id IN (SELECT tenant_id FROM tenants WHERE plan_id = 2);
DELETE FROM loc_t l USING tasks t WHERE t.tenant_id = l.tenant_id AND t.task_id = l.task_id AND t.assignee_id IS NULL RETURNING l.*;
DELETE FROM loc_p l USING projects p, plans pl, tenants n WHERE p.tenant_id = l.tenant_id AND p.project_id = l.project_id AND n.tenant_id = p.tenant_id AND pl.plan_id = n.plan_id AND pl.plan_id = 1 RETURNING l.tenant_id, l.project_id;
UPDATE loc_p l SET budget = coalesce(l.budget, 0) + 1 FROM (SELECT tenant_id, count(*) AS n FROM tasks GROUP BY tenant_id) s WHERE s.tenant_id = l.tenant_id AND s.n > 3;
WITH d AS (SELECT tenant_id, task_id FROM tasks WHERE priority = 1) UPDATE loc_t l SET priority = 5 FROM d WHERE d.tenant_id = l.tenant_id AND d.task_id = l.task_id;
UPDATE loc_t l SET priority = 2 FROM tasks t LEFT JOIN users u ON u.tenant_id = t.tenant_id AND u.user_id = t.assignee_id WHERE t.tenant_id = l.tenant_id AND t.task_id = l.task_id AND u.user_id IS NULL;
UPDATE loc_t l SET project_id = t.project_id + 1000 FROM tasks t WHERE t.tenant_id = l.tenant_id AND t.task_id = l.task_id AND t.tenant_id = 2;
DELETE FROM loc_t WHERE (tenant_id, task_id) IN (SELECT tenant_id, task_id FROM tasks WHERE status = 'open' AND tenant_id = 3);
UPDATE loc_t l SET status = t.status || '/' || t2.priority FROM tasks t, tasks t2 WHERE t.tenant_id = l.tenant_id AND t.task_id = l.task_id AND t2.tenant_id = t.tenant_id AND t2.task_id = t.task_id AND l.tenant_id = 3;
MERGE INTO loc_t l USING tasks t ON t.tenant_id = l.tenant_id AND t.task_id = l.task_id WHEN MATCHED AND t.priority > 3 THEN UPDATE SET priority = t.priority WHEN MATCHED AND t.priority = 1 THEN DELETE WHEN NOT MATCHED AND t.tenant_id = 5 THEN INSERT VALUES (t.tenant_id, t.task_id, t.project_id, t.priority, t.status, t.estimate_hours);
MERGE INTO loc_p l USING (SELECT p.tenant_id, p.project_id, p.name, count(t.task_id) AS n FROM projects p LEFT JOIN tasks t ON t.tenant_id = p.tenant_id AND t.project_id = p.project_id GROUP BY 1, 2, 3) s ON s.tenant_id = l.tenant_id AND s.project_id = l.project_id WHEN MATCHED THEN UPDATE SET name = s.name || ':' || s.n WHEN NOT MATCHED THEN INSERT VALUES (s.tenant_id, s.project_id, s.name, NULL);
MERGE INTO loc_p l USING plans pl ON pl.plan_id = l.tenant_id WHEN MATCHED THEN UPDATE SET name = pl.name;
BEGIN;
UPDATE loc_t l SET priority = 1 FROM tasks t WHERE t.tenant_id = l.tenant_id AND t.task_id = l.task_id AND t.tenant_id = 1;
SELECT count(*) FROM loc_t WHERE priority = 1;
ROLLBACK;
PREPARE lu(bigint) AS UPDATE loc_t l SET priority = least(5, l.priority + 1) FROM tasks t WHERE t.tenant_id = $1 AND t.tenant_id = l.tenant_id AND t.task_id = l.task_id RETURNING l.task_id, l.priority;
EXECUTE lu(1);
EXECUTE lu(2);
EXECUTE lu(3);
EXECUTE lu(1);
EXECUTE lu(4);
EXECUTE lu(2);
EXECUTE lu(99);
DEALLOCATE lu;
-- locking reads
BEGIN;
SELECT tenant_id, task_id FROM tasks WHERE tenant_id = 2 ORDER BY task_id FOR UPDATE;
SELECT t.tenant_id, t.task_id, p.name FROM tasks t JOIN projects p ON p.tenant_id = t.tenant_id AND p.project_id = t.project_id WHERE t.tenant_id = 3 FOR UPDATE OF t;
SELECT t.tenant_id, t.task_id FROM tasks t JOIN plans pl ON pl.plan_id = t.priority WHERE t.tenant_id = 3 FOR SHARE OF t;
SELECT l.tenant_id, l.task_id, t.status FROM loc_t l JOIN tasks t ON t.tenant_id = l.tenant_id AND t.task_id = l.task_id WHERE l.tenant_id = 1 FOR UPDATE OF l;
SELECT l.tenant_id, l.task_id FROM loc_t l WHERE l.tenant_id IN (SELECT tenant_id FROM tenants WHERE is_active) FOR UPDATE;
SELECT tenant_id, task_id FROM tasks WHERE tenant_id = 4 AND task_id IN (SELECT task_id FROM tasks WHERE tenant_id = 4 AND priority > 2) FOR NO KEY UPDATE;
SELECT tenant_id, count(*) FROM (SELECT tenant_id FROM tasks WHERE tenant_id = 1 FOR UPDATE) s GROUP BY 1;
UPDATE tasks SET priority = 3 WHERE tenant_id = 2 AND task_id IN (SELECT task_id FROM tasks WHERE tenant_id = 2 ORDER BY task_id LIMIT 2 FOR UPDATE);
SELECT tenant_id, task_id, priority FROM tasks WHERE tenant_id = 2 ORDER BY task_id LIMIT 3 FOR UPDATE SKIP LOCKED;
COMMIT;
BEGIN;
SELECT * FROM plans ORDER BY plan_id FOR UPDATE;
SELECT t.tenant_id, n.name FROM tenants t JOIN plans n ON n.plan_id = t.plan_id WHERE t.tenant_id = 5 FOR KEY SHARE;
COMMIT;
-- serializable
BEGIN ISOLATION LEVEL SERIALIZABLE;
SELECT count(*), sum(priority) FROM tasks WHERE tenant_id = 1;
UPDATE tasks SET priority = 4 WHERE tenant_id = 1 AND task_id = (SELECT min(task_id) FROM tasks WHERE tenant_id = 1);
SELECT count(*) FROM tasks;
INSERT INTO loc_t SELECT tenant_id, task_id + 100000, project_id, priority, status, estimate_hours FROM tasks WHERE tenant_id = 6;
COMMIT;
BEGIN ISOLATION LEVEL SERIALIZABLE;
SELECT tenant_id, count(*) FROM tasks GROUP BY 1 ORDER BY 1 LIMIT 3;
UPDATE tasks SET priority = 2 WHERE priority = 1;
SAVEPOINT a;
UPDATE projects SET budget = budget + 1 WHERE tenant_id = 2;
ROLLBACK TO a;
COMMIT;
SET default_transaction_isolation = 'serializable';
UPDATE tasks SET estimate_hours = 1 WHERE tenant_id = 7 AND estimate_hours IS NULL;
SELECT count(*) FROM tasks WHERE estimate_hours = 1;
BEGIN;
SELECT current_setting('transaction_isolation');
UPDATE loc_t l SET priority = 3 FROM tasks t WHERE t.tenant_id = l.tenant_id AND t.task_id = l.task_id AND t.priority = 2;
COMMIT;
RESET default_transaction_isolation;
BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE;
SELECT count(*) FROM tasks;
COMMIT;

-- Found by an ad-hoc probe after whole_row_marks.cpp: these failed with "system columns are not
-- supported for distributed tables" -- a WITH query over a distributed table, which PostgreSQL
-- inlines into the marking statement; a data-modifying WITH query writing a local table under a
-- SELECT; a locking read of a local table in a subquery, a WITH query or a sublink.
WITH d AS (SELECT tenant_id, task_id FROM tasks WHERE priority = 2) UPDATE loc_t l SET estimate_hours = 3 FROM d WHERE d.tenant_id = l.tenant_id AND d.task_id = l.task_id;
WITH d AS MATERIALIZED (SELECT tenant_id, task_id FROM tasks WHERE priority = 3) UPDATE loc_t l SET estimate_hours = 4 FROM d WHERE d.tenant_id = l.tenant_id AND d.task_id = l.task_id;
WITH w AS (SELECT * FROM tasks WHERE tenant_id = 3), v AS (SELECT * FROM w) UPDATE loc_t l SET priority = 2 FROM v WHERE v.tenant_id = l.tenant_id AND v.task_id = l.task_id;
WITH u AS (UPDATE loc_t l SET priority = 4 FROM tasks t WHERE t.tenant_id = l.tenant_id AND t.task_id = l.task_id AND t.tenant_id = 1 RETURNING l.task_id) SELECT count(*) FROM u;
WITH u AS (DELETE FROM loc_t l USING tasks t WHERE t.tenant_id = l.tenant_id AND t.task_id = l.task_id AND t.tenant_id = 1 AND t.priority = 5 RETURNING l.tenant_id, l.task_id) SELECT u.task_id, t2.title FROM u JOIN tasks t2 ON t2.tenant_id = u.tenant_id AND t2.task_id = u.task_id;
WITH u AS (UPDATE loc_p l SET budget = 7 FROM projects p WHERE p.tenant_id = l.tenant_id AND p.project_id = l.project_id AND p.tenant_id = 2 RETURNING l.project_id) SELECT count(*), (SELECT count(*) FROM projects WHERE tenant_id = 2) FROM u;
SELECT count(*) FROM (SELECT l.task_id FROM loc_t l JOIN tasks t ON t.tenant_id = l.tenant_id AND t.task_id = l.task_id FOR UPDATE OF l) s;
WITH s AS (SELECT l.task_id FROM loc_t l JOIN tasks t ON t.tenant_id = l.tenant_id AND t.task_id = l.task_id WHERE t.priority > 2 FOR UPDATE OF l) SELECT count(*) FROM s;
SELECT t.task_id, t.title FROM tasks t WHERE t.tenant_id = 3 AND t.task_id IN (SELECT l.task_id FROM loc_t l JOIN tasks t3 ON t3.tenant_id = l.tenant_id AND t3.task_id = l.task_id WHERE t3.priority = 1 FOR UPDATE OF l);
WITH c AS (SELECT * FROM tasks WHERE tenant_id = 2) MERGE INTO loc_t l USING c t ON t.tenant_id = l.tenant_id AND t.task_id = l.task_id WHEN MATCHED AND t.priority < 3 THEN UPDATE SET priority = 1 WHEN MATCHED THEN DELETE;
BEGIN;
WITH c AS (SELECT * FROM tasks WHERE tenant_id = 4) MERGE INTO loc_t l USING c t ON t.tenant_id = l.tenant_id AND t.task_id = l.task_id WHEN NOT MATCHED THEN INSERT VALUES (t.tenant_id, t.task_id, t.project_id, t.priority, t.status, t.estimate_hours) WHEN MATCHED THEN UPDATE SET status = 'm';
SELECT status, count(*) FROM loc_t WHERE tenant_id = 4 GROUP BY 1;
ROLLBACK;
