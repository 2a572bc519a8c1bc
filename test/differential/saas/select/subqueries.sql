-- CTEs (MATERIALIZED, referenced twice), EXISTS / NOT EXISTS / IN / NOT IN with NULLs, scalar
-- subqueries, LATERAL.

WITH stats AS MATERIALIZED (
    SELECT tenant_id, count(*) AS n FROM tasks GROUP BY tenant_id
)
SELECT a.tenant_id, a.n, b.avg_n FROM stats a CROSS JOIN (SELECT round(avg(n), 4) AS avg_n FROM stats) b WHERE a.n > b.avg_n;

WITH t AS NOT MATERIALIZED (SELECT * FROM tasks WHERE status = 'blocked')
SELECT t1.tenant_id, count(*) FROM t t1 JOIN t t2 ON t1.tenant_id = t2.tenant_id AND t1.task_id < t2.task_id GROUP BY t1.tenant_id;

WITH active_users AS (
    SELECT tenant_id, user_id FROM users WHERE is_active
), recent AS (
    SELECT tenant_id, user_id, count(*) AS n FROM events WHERE occurred_at > '2024-03-05' GROUP BY 1, 2
)
SELECT a.tenant_id, count(*) AS active, count(r.user_id) AS with_events, sum(r.n) AS events
FROM active_users a LEFT JOIN recent r USING (tenant_id, user_id) GROUP BY a.tenant_id;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5)
SELECT n.i, count(t.task_id) FROM n LEFT JOIN tasks t ON t.priority = n.i GROUP BY n.i;

-- data-modifying-free CTE over a reference table and a distributed table
WITH eu AS (SELECT code FROM countries WHERE region = 'Europe')
SELECT tn.tenant_id, tn.name FROM tenants tn WHERE tn.country IN (SELECT code FROM eu);

-- NOT IN where the subquery yields NULLs (answer: nothing)
SELECT count(*) FROM users u WHERE u.user_id NOT IN (SELECT t.assignee_id FROM tasks t);
SELECT count(*) FROM users u WHERE u.user_id NOT IN (SELECT t.assignee_id FROM tasks t WHERE t.tenant_id = u.tenant_id);
SELECT count(*) FROM users u WHERE u.user_id NOT IN (SELECT t.assignee_id FROM tasks t WHERE t.assignee_id IS NOT NULL);
SELECT count(*) FROM tenants WHERE country NOT IN (SELECT code FROM countries);
SELECT count(*) FROM tenants WHERE country NOT IN ('US', NULL);
SELECT count(*) FROM tenants WHERE country IN ('US', NULL);
SELECT count(*) FROM tenants WHERE plan_id NOT IN (SELECT plan_id FROM plans WHERE max_seats < 10);
-- NULL-valued NOT IN inside a router query
SELECT count(*) FROM tasks WHERE tenant_id = 2 AND assignee_id NOT IN (SELECT owner_id FROM projects WHERE tenant_id = 2);

SELECT u.tenant_id, u.user_id FROM users u
WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.tenant_id = u.tenant_id AND t.assignee_id = u.user_id);

SELECT u.tenant_id, count(*) FROM users u
WHERE EXISTS (SELECT 1 FROM events e WHERE e.tenant_id = u.tenant_id AND e.user_id = u.user_id AND e.kind = 'export')
GROUP BY u.tenant_id;

-- EXISTS not joined on the distribution column
SELECT count(*) FROM users u WHERE EXISTS (SELECT 1 FROM tasks t WHERE t.assignee_id = u.user_id AND t.tenant_id <> u.tenant_id);

SELECT tn.tenant_id FROM tenants tn WHERE tn.tenant_id IN (SELECT tenant_id FROM invoices WHERE status = 'open');
SELECT tn.tenant_id FROM tenants tn WHERE tn.tenant_id NOT IN (SELECT tenant_id FROM invoices);
SELECT count(*) FROM tasks WHERE (tenant_id, project_id) IN (SELECT tenant_id, project_id FROM projects WHERE archived);
SELECT count(*) FROM tasks WHERE project_id IN (SELECT project_id FROM projects WHERE archived);
SELECT count(*) FROM tasks WHERE assignee_id = ANY (SELECT owner_id FROM projects);
SELECT count(*) FROM tasks WHERE priority > ALL (SELECT priority FROM tasks WHERE tenant_id = 30);

-- scalar subqueries
SELECT tn.tenant_id, tn.name,
       (SELECT count(*) FROM users u WHERE u.tenant_id = tn.tenant_id) AS users,
       (SELECT max(amount) FROM invoices i WHERE i.tenant_id = tn.tenant_id) AS max_invoice,
       (SELECT name FROM plans p WHERE p.plan_id = tn.plan_id) AS plan
FROM tenants tn;

SELECT count(*) FROM tasks WHERE estimate_hours > (SELECT avg(estimate_hours) FROM tasks);
SELECT tenant_id, task_id FROM tasks WHERE task_id = (SELECT max(task_id) FROM tasks);
SELECT (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM comments) AS comments, (SELECT count(DISTINCT tenant_id) FROM events) AS active;
-- error
SELECT tenant_id FROM tenants WHERE tenant_id = (SELECT tenant_id FROM users);

-- LATERAL: latest N per tenant
SELECT tn.tenant_id, x.task_id, x.created_at
FROM tenants tn CROSS JOIN LATERAL (
    SELECT task_id, created_at FROM tasks t WHERE t.tenant_id = tn.tenant_id ORDER BY created_at DESC, task_id DESC LIMIT 2
) x;

SELECT tn.tenant_id, x.n, x.last_kind
FROM tenants tn LEFT JOIN LATERAL (
    SELECT count(*) AS n, (array_agg(kind ORDER BY occurred_at DESC, event_id DESC))[1] AS last_kind
    FROM events e WHERE e.tenant_id = tn.tenant_id
) x ON true;

SELECT p.tenant_id, p.project_id, l.title FROM projects p
LEFT JOIN LATERAL (SELECT title FROM tasks t WHERE t.tenant_id = p.tenant_id AND t.project_id = p.project_id AND t.priority = 5 ORDER BY task_id LIMIT 1) l ON true
WHERE p.tenant_id <= 3;

-- derived tables with aggregates joined back
SELECT t.tenant_id, t.task_id, t.estimate_hours, a.avg_est FROM tasks t
JOIN (SELECT tenant_id, round(avg(estimate_hours), 2) AS avg_est FROM tasks GROUP BY tenant_id) a ON a.tenant_id = t.tenant_id
WHERE t.estimate_hours > a.avg_est * 2;

SELECT x.status, count(*) FROM (SELECT DISTINCT ON (tenant_id) tenant_id, status FROM tasks ORDER BY tenant_id, created_at DESC, task_id) x GROUP BY x.status;

-- subquery on the non-colocated audit_log
SELECT tenant_id, count(*) FROM tenants tn WHERE EXISTS (SELECT 1 FROM audit_log a WHERE a.tenant_id = tn.tenant_id AND a.action = 'delete') GROUP BY tenant_id;
