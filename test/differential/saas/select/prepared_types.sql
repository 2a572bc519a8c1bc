-- Prepared statements of every shape, executed 8+ times with varying and NULL parameters of many
-- types (numeric, timestamptz, text[], jsonb, uuid, bool, date, interval, inet), under the default
-- plan cache mode, force_generic_plan and force_custom_plan.

PREPARE r_task(bigint, bigint) AS SELECT task_id, title, status, estimate_hours, due_date FROM tasks WHERE tenant_id = $1 AND task_id = $2;
PREPARE r_budget(bigint, numeric) AS SELECT project_id, name, budget FROM projects WHERE tenant_id = $1 AND budget > $2;
PREPARE r_since(bigint, timestamptz) AS SELECT event_id, kind, occurred_at FROM events WHERE tenant_id = $1 AND occurred_at > $2 AND occurred_at < $2 + interval '6 hours';
PREPARE r_tags(bigint, text[]) AS SELECT task_id, tags FROM tasks WHERE tenant_id = $1 AND tags && $2;
PREPARE r_meta(bigint, jsonb) AS SELECT task_id, meta FROM tasks WHERE tenant_id = $1 AND meta @> $2;
PREPARE r_active(bigint, bool) AS SELECT user_id, email FROM users WHERE tenant_id = $1 AND is_active = $2;
PREPARE r_due(bigint, date, date) AS SELECT task_id, due_date FROM tasks WHERE tenant_id = $1 AND due_date BETWEEN $2 AND $3;
PREPARE r_session(uuid) AS SELECT tenant_id, user_id, started_at, duration, ip FROM sessions WHERE session_id = $1;
PREPARE r_key(text) AS SELECT tenant_id, label, scopes FROM api_keys WHERE key = $1;
PREPARE m_amount(numeric, numeric) AS SELECT tenant_id, count(*), sum(amount), min(amount), max(amount) FROM invoices WHERE amount BETWEEN $1 AND $2 GROUP BY tenant_id;
PREPARE m_dur(interval, inet) AS SELECT tenant_id, count(*) FROM sessions WHERE duration > $1 AND (ip << $2 OR $2 IS NULL) GROUP BY tenant_id;
PREPARE m_json(text, jsonb) AS SELECT tenant_id, count(*) FROM events WHERE payload -> $1 = $2 GROUP BY tenant_id;
PREPARE j_join(bigint, text) AS
    SELECT p.project_id, p.name, count(t.task_id), sum(t.estimate_hours)
    FROM projects p LEFT JOIN tasks t ON t.tenant_id = p.tenant_id AND t.project_id = p.project_id AND t.status = $2
    WHERE p.tenant_id = $1 GROUP BY p.project_id, p.name;
PREPARE j_multi(text, int) AS
    SELECT t.tenant_id, u.role, count(*) FROM tasks t JOIN users u ON u.tenant_id = t.tenant_id AND u.user_id = t.assignee_id
    WHERE t.status = $1 AND t.priority <= $2 GROUP BY t.tenant_id, u.role;
PREPARE j_ref(text, numeric) AS
    SELECT t.tenant_id, t.name, c.name, pl.name FROM tenants t JOIN countries c ON c.code = t.country JOIN plans pl ON pl.plan_id = t.plan_id
    WHERE c.region = $1 AND pl.monthly_price >= $2;
PREPARE j_cross(bigint) AS
    SELECT s.session_id, u.email FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.user_id = s.user_id WHERE s.tenant_id = $1;
PREPARE p_page(bigint, int, int) AS SELECT event_id, kind FROM events WHERE tenant_id = $1 ORDER BY occurred_at, event_id LIMIT $2 OFFSET $3;
PREPARE p_pagem(int, int) AS SELECT tenant_id, event_id FROM events ORDER BY occurred_at DESC, tenant_id, event_id LIMIT $1 OFFSET $2;
PREPARE s_any(bigint[], text) AS SELECT tenant_id, count(*) FROM tasks WHERE tenant_id = ANY ($1) AND status IS DISTINCT FROM $2 GROUP BY tenant_id;
PREPARE s_sub(bigint) AS SELECT tenant_id, name FROM tenants WHERE tenant_id IN (SELECT tenant_id FROM invoices WHERE invoice_id = $1 AND status = 'paid');
PREPARE s_expr(bigint, int) AS SELECT task_id, priority + $2 AS p, title || '/' || $2 AS t FROM tasks WHERE tenant_id = $1 + 0 AND priority = $2;
PREPARE s_cte(bigint, numeric) AS
    WITH big AS (SELECT tenant_id, invoice_id, amount FROM invoices WHERE amount > $2)
    SELECT t.tenant_id, count(b.invoice_id) FROM tenants t LEFT JOIN big b ON b.tenant_id = t.tenant_id WHERE t.tenant_id <= $1 GROUP BY t.tenant_id;

-- default, force_generic_plan, force_custom_plan: each statement 8+ times in each mode
-- include: prepared_types_body.inc
SET plan_cache_mode = force_generic_plan;
-- include: prepared_types_body.inc
SET plan_cache_mode = force_custom_plan;
-- include: prepared_types_body.inc
RESET plan_cache_mode;
-- include: prepared_types_body.inc

-- statements prepared while force_generic_plan is on, then executed in other modes
SET plan_cache_mode = force_generic_plan;
PREPARE g_task(bigint, text) AS SELECT count(*), min(task_id), max(task_id) FROM tasks WHERE tenant_id = $1 AND status = $2;
EXECUTE g_task(1, 'done');
EXECUTE g_task(2, 'done');
SET plan_cache_mode = force_custom_plan;
EXECUTE g_task(3, 'done');
EXECUTE g_task(4, 'todo');
RESET plan_cache_mode;
EXECUTE g_task(5, 'todo');
EXECUTE g_task(NULL, 'todo');
EXECUTE g_task(6, NULL);
EXECUTE g_task(1, 'blocked');
EXECUTE g_task(1, 'in_progress');

DEALLOCATE ALL;
