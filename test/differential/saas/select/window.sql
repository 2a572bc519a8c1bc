-- Window functions: running totals, lag/lead, row_number per tenant and globally, frames.

SELECT tenant_id, invoice_id, amount,
       sum(amount) OVER (PARTITION BY tenant_id ORDER BY invoice_id) AS running,
       row_number() OVER (PARTITION BY tenant_id ORDER BY amount DESC, invoice_id) AS rn
FROM invoices;

SELECT tenant_id, event_id, kind,
       lag(kind) OVER (PARTITION BY tenant_id ORDER BY occurred_at, event_id) AS prev_kind,
       lead(occurred_at, 2) OVER (PARTITION BY tenant_id ORDER BY occurred_at, event_id) AS next2
FROM events WHERE tenant_id BETWEEN 2 AND 8;

-- global window (not partitioned by the distribution column)
SELECT tenant_id, invoice_id, amount,
       row_number() OVER (ORDER BY amount DESC, tenant_id, invoice_id) AS global_rank,
       sum(amount) OVER (ORDER BY issued_on, tenant_id, invoice_id) AS global_running
FROM invoices;

SELECT tenant_id, count(*) AS n, rank() OVER (ORDER BY count(*) DESC) AS rnk,
       dense_rank() OVER (ORDER BY count(*) DESC) AS drnk,
       round(percent_rank() OVER (ORDER BY count(*))::numeric, 6) AS pr
FROM tasks GROUP BY tenant_id;

SELECT tenant_id, sum(amount) AS total,
       round(100.0 * sum(amount) / sum(sum(amount)) OVER (), 4) AS pct
FROM invoices GROUP BY tenant_id;

-- top-N per tenant
SELECT * FROM (
    SELECT tenant_id, task_id, priority, row_number() OVER (PARTITION BY tenant_id ORDER BY priority DESC, task_id) AS rn
    FROM tasks
) x WHERE rn <= 3;

SELECT tenant_id, task_id, estimate_hours,
       avg(estimate_hours) OVER (PARTITION BY tenant_id ORDER BY task_id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)::numeric(12, 4) AS moving,
       first_value(task_id) OVER w AS first_t, last_value(task_id) OVER w AS last_t, nth_value(task_id, 2) OVER w AS second_t
FROM tasks WHERE tenant_id IN (2, 3, 4)
WINDOW w AS (PARTITION BY tenant_id, project_id ORDER BY task_id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING);

SELECT tenant_id, event_id, count(*) OVER (PARTITION BY tenant_id ORDER BY occurred_at RANGE BETWEEN interval '3 hours' PRECEDING AND CURRENT ROW) AS last3h
FROM events WHERE tenant_id = 2;

SELECT tenant_id, ntile(4) OVER (ORDER BY mrr NULLS FIRST, tenant_id) AS quartile, mrr FROM tenants;

SELECT u.tenant_id, u.user_id, count(e.event_id) AS events,
       rank() OVER (PARTITION BY u.tenant_id ORDER BY count(e.event_id) DESC, u.user_id) AS r
FROM users u LEFT JOIN events e ON e.tenant_id = u.tenant_id AND e.user_id = u.user_id
GROUP BY u.tenant_id, u.user_id;

-- ordered
SELECT tenant_id, task_id, row_number() OVER (ORDER BY created_at, tenant_id, task_id) AS rn
FROM tasks ORDER BY rn LIMIT 20;

-- ordered
SELECT tenant_id, invoice_id, sum(amount) OVER (PARTITION BY tenant_id) AS t FROM invoices ORDER BY t DESC, tenant_id, invoice_id LIMIT 12;

SELECT tenant_id, kind, count(*) AS n, sum(count(*)) OVER (PARTITION BY tenant_id ORDER BY kind) AS cum
FROM events GROUP BY tenant_id, kind;

SELECT tenant_id, task_id, status,
       count(*) FILTER (WHERE status = 'done') OVER (PARTITION BY tenant_id) AS done_in_tenant
FROM tasks WHERE tenant_id > 25;

-- gaps and islands: consecutive days with events per tenant
SELECT tenant_id, min(d) AS from_day, max(d) AS to_day, count(*) AS days FROM (
    SELECT tenant_id, d, d - (row_number() OVER (PARTITION BY tenant_id ORDER BY d))::int AS grp
    FROM (SELECT DISTINCT tenant_id, occurred_at::date AS d FROM events WHERE tenant_id > 5) s
) x GROUP BY tenant_id, grp;
