-- ORDER BY merged from the workers' sorted rows on the coordinator (multi-shard pushdown plans
-- that take the rows as they come) over the multi-tenant schema. Every ordered query ends its
-- ORDER BY with a unique key, so the order is fully determined.

-- ordered
SELECT tenant_id, name, mrr FROM tenants ORDER BY mrr DESC NULLS LAST, tenant_id;
-- ordered
SELECT tenant_id, slug, tags FROM tenants ORDER BY tags NULLS FIRST, slug COLLATE "C" DESC, tenant_id;
-- ordered
SELECT tenant_id, user_id, email, last_login FROM users ORDER BY last_login NULLS FIRST, email, tenant_id, user_id;
-- ordered
SELECT tenant_id, user_id, display_name FROM users ORDER BY display_name COLLATE "und-x-icu", tenant_id, user_id;
-- ordered
SELECT tenant_id, user_id, role, locale FROM users WHERE is_active ORDER BY role, locale DESC, tenant_id, user_id;
-- ordered
SELECT tenant_id, task_id, priority, due_date FROM tasks ORDER BY priority, due_date NULLS FIRST, tenant_id, task_id;
-- ordered
SELECT tenant_id, task_id, title_lower, estimate_hours FROM tasks
ORDER BY title_lower, estimate_hours DESC NULLS LAST, tenant_id, task_id LIMIT 40;
-- ordered
SELECT tenant_id, task_id FROM tasks ORDER BY completed_at - created_at NULLS LAST, tenant_id DESC, task_id;
-- ordered
SELECT tenant_id, task_id, meta FROM tasks ORDER BY meta -> 'points' NULLS FIRST, tenant_id, task_id;
-- ordered
SELECT tenant_id, event_id, kind, occurred_at FROM events ORDER BY occurred_at DESC, kind, tenant_id, event_id LIMIT 30 OFFSET 10;
-- ordered
SELECT tenant_id, invoice_id, amount, currency FROM invoices WHERE status <> 'void'
ORDER BY currency, amount DESC, tenant_id, invoice_id;
-- ordered
SELECT t.tenant_id, t.task_id, u.email FROM tasks t JOIN users u ON u.tenant_id = t.tenant_id AND u.user_id = t.assignee_id
ORDER BY u.email, t.task_id DESC, t.tenant_id;
-- ordered
SELECT p.tenant_id, p.project_id, count(t.task_id) AS n FROM projects p
LEFT JOIN tasks t ON t.tenant_id = p.tenant_id AND t.project_id = p.project_id
GROUP BY p.tenant_id, p.project_id ORDER BY n DESC, p.tenant_id, p.project_id;
-- ordered
SELECT tenant_id, sum(amount) AS billed FROM invoices GROUP BY tenant_id ORDER BY billed DESC, tenant_id LIMIT 8;
-- ordered
SELECT tenant_id, comment_id, dense_rank() OVER (PARTITION BY tenant_id ORDER BY created_at) AS r
FROM comments ORDER BY r DESC, tenant_id, comment_id LIMIT 20;
