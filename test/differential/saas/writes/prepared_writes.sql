-- Prepared writes of every shape executed 8+ times with varying and NULL parameters of many
-- types, under the default plan cache mode, force_generic_plan and force_custom_plan.

PREPARE w_ins_event(bigint, bigint, text, timestamptz, jsonb) AS
    INSERT INTO events (tenant_id, event_id, kind, occurred_at, payload)
    SELECT $1, coalesce(max(event_id), 0) + $2, $3, $4, $5 FROM events WHERE tenant_id = $1 RETURNING tenant_id, event_id, payload;
PREPARE w_ins_event_v(bigint, bigint, text, timestamptz, jsonb) AS
    INSERT INTO events (tenant_id, event_id, kind, occurred_at, payload) VALUES ($1, $2, $3, $4, $5) RETURNING tenant_id, event_id, payload;
PREPARE w_upsert_user(bigint, bigint, text, bool, text) AS
    INSERT INTO users (tenant_id, user_id, email, created_at, is_active, locale) VALUES ($1, $2, $3, '2024-12-01', $4, $5)
    ON CONFLICT (tenant_id, user_id) DO UPDATE SET email = EXCLUDED.email, is_active = EXCLUDED.is_active, locale = coalesce(EXCLUDED.locale, users.locale)
    RETURNING tenant_id, user_id, email, is_active, locale;
PREPARE w_upd_task(bigint, bigint, numeric, date, text[]) AS
    UPDATE tasks SET estimate_hours = $3, due_date = $4, tags = $5 WHERE tenant_id = $1 AND task_id = $2 RETURNING task_id, estimate_hours, due_date, tags, title_lower;
PREPARE w_upd_multi(text, int) AS UPDATE tasks SET priority = $2 WHERE status = $1 AND priority < $2;
PREPARE w_del_sess(uuid) AS DELETE FROM sessions WHERE session_id = $1 RETURNING tenant_id, duration;
PREPARE w_del_multi(interval) AS DELETE FROM sessions WHERE duration < $1;
PREPARE w_ins_sel(bigint, bigint) AS
    INSERT INTO audit_log (tenant_id, seq, actor_id, action, target, at)
    SELECT tenant_id, $2 + event_id, user_id, 'copy', kind, occurred_at FROM events WHERE tenant_id = $1 AND event_id < 20;
PREPARE w_key(text, bigint, text[]) AS
    INSERT INTO api_keys (key, tenant_id, scopes, created_at) VALUES ($1, $2, $3, '2024-12-02') ON CONFLICT (key) DO UPDATE SET scopes = EXCLUDED.scopes RETURNING key, scopes;
PREPARE w_inv(bigint, int, numeric, char(3), date) AS
    INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status)
    SELECT $1, $2 + count(*)::int, $3, $4, $5, 'draft' FROM invoices WHERE tenant_id = $1 RETURNING *;
PREPARE w_inv_v(bigint, int, numeric, char(3), date) AS
    INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES ($1, $2, $3, $4, $5, 'draft') RETURNING *;
PREPARE w_upd_join(bigint, numeric) AS
    UPDATE projects p SET budget = coalesce(p.budget, 0) + $2 FROM tenants t WHERE t.tenant_id = p.tenant_id AND p.tenant_id = $1 AND t.is_active RETURNING p.project_id, p.budget;
PREPARE w_del_sub(bigint) AS
    DELETE FROM comments c WHERE c.tenant_id = $1 AND c.task_id IN (SELECT task_id FROM tasks t WHERE t.tenant_id = $1 AND t.status = 'blocked');
PREPARE w_ref(int, numeric) AS UPDATE plans SET monthly_price = monthly_price + $2 WHERE plan_id = $1 RETURNING plan_id, monthly_price;

-- include: prepared_writes_body.inc
SET plan_cache_mode = force_generic_plan;
-- include: prepared_writes_body.inc
SET plan_cache_mode = force_custom_plan;
-- include: prepared_writes_body.inc
RESET plan_cache_mode;
-- include: prepared_writes_body.inc
DEALLOCATE ALL;
