-- INSERT ... SELECT between colocated and non-colocated tables, from reference and local tables.

-- colocated, same tenant
INSERT INTO comments (tenant_id, comment_id, task_id, author_id, body, created_at)
SELECT tenant_id, task_id * 10 + 9, task_id, assignee_id, 'auto: ' || status, created_at + interval '1 day'
FROM tasks WHERE priority = 5;

INSERT INTO events (tenant_id, event_id, user_id, kind, occurred_at, payload)
SELECT t.tenant_id, 200000 + row_number() OVER (PARTITION BY t.tenant_id ORDER BY t.task_id), t.assignee_id, 'task_created', t.created_at, jsonb_build_object('task', t.task_id)
FROM tasks t WHERE t.status = 'blocked'
RETURNING tenant_id, event_id, payload;

-- aggregated into another colocated table
INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status)
SELECT t.tenant_id, 500, sum(coalesce(t.estimate_hours, 0)) * 10, 'USD', date '2024-06-30', 'draft'
FROM tasks t GROUP BY t.tenant_id
ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET amount = excluded.amount;

-- re-partitioning: tenant changes (non-colocated target column)
INSERT INTO audit_log (tenant_id, seq, actor_id, action, target, at)
SELECT tenant_id, 10000 + task_id, assignee_id, 'archive', 'task:' || task_id, created_at FROM tasks WHERE status = 'done' AND tenant_id <= 6;

INSERT INTO sessions (session_id, tenant_id, user_id, started_at, duration)
SELECT md5('from-users' || tenant_id || '-' || user_id)::uuid, tenant_id, user_id, created_at, interval '5 minutes' FROM users WHERE role = 'owner';

INSERT INTO api_keys (key, tenant_id, label, created_at)
SELECT 'gen_' || tenant_id, tenant_id, name, created_at FROM tenants WHERE tenant_id > 30
RETURNING key, tenant_id, scopes;

-- from a non-colocated table into a colocated one (distribution column from another table)
INSERT INTO events (tenant_id, event_id, user_id, kind, occurred_at)
SELECT tenant_id, 300000 + seq, actor_id, coalesce(action, 'unknown'), at FROM audit_log WHERE seq % 10 = 1;

-- from a reference table, from VALUES, from generate_series, from a local table
INSERT INTO tenants (tenant_id, name, slug, plan_id, created_at)
SELECT 100 + plan_id, 'Plan tenant ' || name, 'plan-' || name, plan_id, '2024-07-01' FROM plans RETURNING tenant_id, name;

INSERT INTO projects (tenant_id, name, created_at)
SELECT g, 'Series ' || g, timestamptz '2024-07-01 00:00+00' + g * interval '1 hour' FROM generate_series(35, 40) g
RETURNING tenant_id, project_id;

INSERT INTO users (tenant_id, email, created_at)
SELECT tenant_id, 'flag-' || coalesce(flag, 'null') || '@t' || tenant_id, '2024-07-02' FROM plain.tenant_flags WHERE enabled
RETURNING tenant_id, user_id, email;

INSERT INTO countries (code, name, region)
SELECT upper(substr(slug, 8, 2)), 'Country of ' || name, 'Nowhere' FROM tenants WHERE tenant_id IN (11, 22) ON CONFLICT DO NOTHING;

-- self insert with ON CONFLICT DO UPDATE using excluded
INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at, priority)
SELECT tenant_id, task_id, project_id, title || ' (copy)', status, created_at, priority FROM tasks WHERE tenant_id = 5
ON CONFLICT (tenant_id, task_id) DO UPDATE SET title = excluded.title, priority = 1
RETURNING tenant_id, task_id, title, title_lower, priority;

-- with a CTE and LIMIT (ordered by a unique key): the SELECT runs distributed, rows routed
WITH top AS (SELECT tenant_id, task_id FROM tasks ORDER BY estimate_hours DESC NULLS LAST, tenant_id, task_id LIMIT 10)
INSERT INTO comments (tenant_id, comment_id, task_id, body, created_at)
SELECT tenant_id, task_id * 10 + 8, task_id, 'top 10', '2024-07-03' FROM top;
-- (the same rows through a subquery in FROM, in a DO block so that the tags agree on both sides)
DO $$ BEGIN
INSERT INTO comments (tenant_id, comment_id, task_id, body, created_at)
SELECT tenant_id, task_id * 10 + 8, task_id, 'top 10', '2024-07-03'
FROM (SELECT tenant_id, task_id FROM tasks ORDER BY estimate_hours DESC NULLS LAST, tenant_id, task_id LIMIT 10) top
ON CONFLICT DO NOTHING;
END $$;

-- INSERT ... SELECT that must fail: duplicate keys within the select
-- error
INSERT INTO tenants (tenant_id, name, slug, created_at) SELECT 500, 'dup', 'dup', '2024-01-01' FROM generate_series(1, 2);
-- error
INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at, priority) SELECT tenant_id, task_id + 1, project_id, title, status, created_at, 7 FROM tasks WHERE tenant_id = 6;
