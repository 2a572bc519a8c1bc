-- Dashboard queries over all tenants (multi-shard): GROUP BY / HAVING, count(DISTINCT),
-- percentiles, ordered aggregates, FILTER, grouping sets.

SELECT tenant_id, count(*) AS tasks, count(*) FILTER (WHERE status = 'done') AS done,
       round(avg(estimate_hours), 4) AS avg_est, sum(estimate_hours) AS sum_est
FROM tasks GROUP BY tenant_id;

SELECT tenant_id, count(*) FROM tasks GROUP BY tenant_id HAVING count(*) > 40;

SELECT tenant_id, count(DISTINCT assignee_id) AS assignees, count(DISTINCT status) AS statuses
FROM tasks GROUP BY tenant_id;

SELECT count(DISTINCT assignee_id), count(DISTINCT (tenant_id, assignee_id)), count(DISTINCT tags) FROM tasks;

SELECT status, count(DISTINCT tenant_id), count(*) FROM tasks GROUP BY status HAVING count(DISTINCT tenant_id) > 3;

SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY estimate_hours) AS median,
       percentile_cont(ARRAY[0.1, 0.9]) WITHIN GROUP (ORDER BY estimate_hours) AS p10_90,
       percentile_disc(0.75) WITHIN GROUP (ORDER BY priority) AS p75,
       mode() WITHIN GROUP (ORDER BY status) AS common_status
FROM tasks;

SELECT tenant_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) AS median_invoice
FROM invoices GROUP BY tenant_id;

SELECT kind, percentile_disc(0.9) WITHIN GROUP (ORDER BY occurred_at) FROM events GROUP BY kind;

SELECT tenant_id,
       array_agg(DISTINCT status ORDER BY status) AS statuses,
       string_agg(title, ' | ' ORDER BY task_id) FILTER (WHERE priority = 5) AS urgent_titles,
       json_agg(task_id ORDER BY task_id DESC) FILTER (WHERE status = 'blocked') AS blocked
FROM tasks WHERE tenant_id <= 10 GROUP BY tenant_id;

SELECT tn.name, jsonb_agg(jsonb_build_object('id', u.user_id, 'role', u.role) ORDER BY u.user_id) AS team
FROM tenants tn JOIN users u ON u.tenant_id = tn.tenant_id
WHERE tn.tenant_id BETWEEN 6 AND 20 GROUP BY tn.tenant_id, tn.name;

SELECT string_agg(DISTINCT role, ',' ORDER BY role), array_agg(DISTINCT locale ORDER BY locale) FROM users;

SELECT pl.name AS plan, count(tn.tenant_id) AS tenants, sum(tn.mrr) AS mrr, round(avg(tn.mrr), 2) AS avg_mrr,
       count(*) FILTER (WHERE tn.is_active) AS active
FROM tenants tn LEFT JOIN plans pl ON pl.plan_id = tn.plan_id
GROUP BY pl.name;

SELECT c.region, pl.name, count(*), sum(tn.mrr)
FROM tenants tn LEFT JOIN countries c ON c.code = tn.country LEFT JOIN plans pl ON pl.plan_id = tn.plan_id
GROUP BY GROUPING SETS ((c.region, pl.name), (c.region), ());

SELECT status, priority, count(*), GROUPING(status, priority) AS g
FROM tasks GROUP BY ROLLUP (status, priority);

SELECT role, is_active, count(*) FROM users GROUP BY CUBE (role, is_active);

SELECT tenant_id, status, count(*) FROM tasks WHERE tenant_id <= 5 GROUP BY GROUPING SETS ((tenant_id), (status), (tenant_id, status));

-- aggregates over joins of colocated tables
SELECT t.tenant_id, count(DISTINCT t.task_id) AS tasks, count(c.comment_id) AS comments,
       count(DISTINCT c.author_id) AS authors
FROM tasks t LEFT JOIN comments c ON c.tenant_id = t.tenant_id AND c.task_id = t.task_id
GROUP BY t.tenant_id;

SELECT p.status, count(*) AS tasks, sum(t.estimate_hours) AS hours, max(t.priority)
FROM projects p JOIN tasks t ON t.tenant_id = p.tenant_id AND t.project_id = p.project_id
GROUP BY p.status HAVING sum(t.estimate_hours) > 100;

SELECT u.role, count(*) AS events, count(DISTINCT e.tenant_id) AS tenants
FROM users u JOIN events e ON e.tenant_id = u.tenant_id AND e.user_id = u.user_id
GROUP BY u.role;

-- tenant leaderboard with LIMIT (ties broken)
-- ordered
SELECT tenant_id, count(*) AS n FROM events GROUP BY tenant_id ORDER BY n DESC, tenant_id LIMIT 5;

-- ordered
SELECT tenant_id, sum(amount) AS total FROM invoices WHERE status = 'paid' GROUP BY tenant_id ORDER BY total DESC, tenant_id LIMIT 7 OFFSET 2;

-- ordered
SELECT assignee_id, tenant_id, count(*) FROM tasks WHERE assignee_id IS NOT NULL
GROUP BY tenant_id, assignee_id ORDER BY count(*) DESC, tenant_id, assignee_id LIMIT 10;

-- aggregates with expressions and no GROUP BY
SELECT count(*), sum(amount), min(amount), max(amount), round(avg(amount), 6), round(stddev_samp(amount), 6),
       bool_and(amount > 0), bool_or(paid_at IS NULL), every(currency <> 'JPY')
FROM invoices;

SELECT sum(estimate_hours) / nullif(count(estimate_hours), 0) AS mean, count(*) - count(estimate_hours) AS missing FROM tasks;

SELECT count(*) FROM tasks HAVING count(*) > 0;
SELECT count(*), max(title) FROM tasks WHERE false;

SELECT min(created_at), max(completed_at), max(completed_at - created_at) AS longest FROM tasks;

SELECT tenant_id, bit_or(priority), bit_and(priority), min(tags), max(tags) FROM tasks GROUP BY tenant_id;

SELECT currency, count(*), sum(amount) FILTER (WHERE paid_at IS NULL) AS unpaid FROM invoices GROUP BY currency;

SELECT date_part('year', issued_on) AS y, currency, sum(amount) FROM invoices GROUP BY 1, 2 HAVING sum(amount) > 1000;

SELECT * FROM task_activity WHERE comments > 3;
SELECT status, sum(comments), count(*) FROM task_activity GROUP BY status;
