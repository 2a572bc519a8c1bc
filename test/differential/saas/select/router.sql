-- Tenant-scoped (router) queries an app runs: joins of 3-4 colocated tables plus reference
-- tables, pagination (offset and keyset), aggregates within one tenant.

-- ordered
SELECT t.task_id, t.title, p.name AS project, u.email, t.priority, t.due_date
FROM tasks t
JOIN projects p ON p.tenant_id = t.tenant_id AND p.project_id = t.project_id
LEFT JOIN users u ON u.tenant_id = t.tenant_id AND u.user_id = t.assignee_id
WHERE t.tenant_id = 3
ORDER BY t.priority DESC, t.due_date NULLS LAST, t.task_id
LIMIT 20;

-- ordered
SELECT t.task_id, t.title, t.status
FROM tasks t WHERE t.tenant_id = 1
ORDER BY t.created_at DESC, t.task_id DESC
LIMIT 25 OFFSET 50;

-- ordered
SELECT t.task_id, t.title FROM tasks t
WHERE t.tenant_id = 1 AND (t.created_at, t.task_id) < ('2024-03-01 00:00:00+00', 25000)
ORDER BY t.created_at DESC, t.task_id DESC LIMIT 10;

-- ordered
SELECT task_id, title FROM tasks WHERE tenant_id = 1 AND task_id > 30010 ORDER BY task_id LIMIT 15;

-- ordered
SELECT task_id FROM tasks WHERE tenant_id = 2 ORDER BY task_id OFFSET 5 ROWS FETCH FIRST 7 ROWS ONLY;

-- ordered
SELECT task_id FROM tasks WHERE tenant_id = 2 ORDER BY priority, task_id FETCH FIRST 3 ROWS WITH TIES;

SELECT tn.name, pl.name AS plan, pl.monthly_price, c.name AS country, c.vat_rate,
       round(pl.monthly_price * (1 + coalesce(c.vat_rate, 0)), 2) AS gross
FROM tenants tn
LEFT JOIN plans pl ON pl.plan_id = tn.plan_id
LEFT JOIN countries c ON c.code = tn.country
WHERE tn.tenant_id = 4;

SELECT p.project_id, p.name, count(t.task_id) AS tasks,
       count(t.task_id) FILTER (WHERE t.status = 'done') AS done,
       count(c.comment_id) AS comments,
       sum(t.estimate_hours) AS hours
FROM projects p
LEFT JOIN tasks t ON t.tenant_id = p.tenant_id AND t.project_id = p.project_id
LEFT JOIN comments c ON c.tenant_id = t.tenant_id AND c.task_id = t.task_id
WHERE p.tenant_id = 2
GROUP BY p.project_id, p.name;

SELECT u.user_id, u.email, count(DISTINCT t.task_id) AS assigned, count(DISTINCT c.comment_id) AS commented
FROM users u
LEFT JOIN tasks t ON t.tenant_id = u.tenant_id AND t.assignee_id = u.user_id
LEFT JOIN comments c ON c.tenant_id = u.tenant_id AND c.author_id = u.user_id
WHERE u.tenant_id = 1
GROUP BY u.user_id, u.email
HAVING count(DISTINCT t.task_id) > 5;

SELECT status, count(*), min(due_date), max(due_date), avg(priority)::numeric(10, 4)
FROM tasks WHERE tenant_id = 1 GROUP BY status;

-- tenant pinned through IN with one value, through = ANY, and through a join condition
SELECT count(*) FROM tasks WHERE tenant_id IN (5);
SELECT count(*) FROM tasks WHERE tenant_id = ANY (ARRAY[5]);
SELECT count(*), sum(c.comment_id % 7) FROM tasks t JOIN comments c ON c.tenant_id = t.tenant_id AND c.task_id = t.task_id WHERE t.tenant_id = 5;
SELECT count(*) FROM tasks t JOIN comments c USING (tenant_id, task_id) WHERE c.tenant_id = 5;

-- tenant with no rows, unknown tenant
SELECT * FROM users WHERE tenant_id = 35;
SELECT count(*), max(task_id) FROM tasks WHERE tenant_id = 999;
SELECT * FROM tenants WHERE tenant_id = 36 AND tenant_id = 37;

-- contradictory and NULL pins
SELECT count(*) FROM tasks WHERE tenant_id = NULL;
SELECT count(*) FROM tasks WHERE tenant_id IS NULL;

-- router with CTE, subquery and window function
WITH mine AS (SELECT * FROM tasks WHERE tenant_id = 3 AND assignee_id IS NOT NULL)
SELECT assignee_id, count(*), sum(count(*)) OVER (ORDER BY assignee_id) AS running
FROM mine GROUP BY assignee_id;

SELECT t.task_id, t.title,
       (SELECT count(*) FROM comments c WHERE c.tenant_id = t.tenant_id AND c.task_id = t.task_id) AS n_comments,
       (SELECT max(c.created_at) FROM comments c WHERE c.tenant_id = 4 AND c.task_id = t.task_id) AS last_comment
FROM tasks t WHERE t.tenant_id = 4;

-- view and a reference-only query
SELECT * FROM open_tasks WHERE tenant_id = 5;
SELECT * FROM tenant_overview WHERE tenant_id = 2;
SELECT * FROM tenant_overview WHERE tenant_id IN (31, 40);
SELECT pl.name, c.name FROM plans pl CROSS JOIN countries c WHERE pl.currency = c.currency;

-- generated column and identity/serial defaults visible
SELECT task_id, title, title_lower FROM tasks WHERE tenant_id = 6;
SELECT user_id, email FROM users WHERE tenant_id = 7;

-- tenant 1 full scan through router: big answer
SELECT event_id, kind, occurred_at, payload FROM events WHERE tenant_id = 1;
