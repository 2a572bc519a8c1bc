-- UNION / UNION ALL / INTERSECT / EXCEPT across distributed tables, DISTINCT, DISTINCT ON.

SELECT tenant_id, user_id FROM users UNION SELECT tenant_id, assignee_id FROM tasks;
SELECT tenant_id, assignee_id FROM tasks INTERSECT SELECT tenant_id, author_id FROM comments;
SELECT tenant_id, user_id FROM users EXCEPT SELECT tenant_id, assignee_id FROM tasks;
SELECT tenant_id FROM tenants EXCEPT ALL SELECT tenant_id FROM users;
SELECT tenant_id FROM invoices INTERSECT ALL SELECT tenant_id FROM projects;
SELECT tenant_id FROM sessions UNION SELECT tenant_id FROM api_keys UNION SELECT tenant_id FROM audit_log;
SELECT 'task' AS kind, tenant_id, count(*) FROM tasks GROUP BY tenant_id
UNION ALL SELECT 'comment', tenant_id, count(*) FROM comments GROUP BY tenant_id;
-- ordered
(SELECT tenant_id, created_at AS at, 'task' AS what FROM tasks WHERE tenant_id = 2
 UNION ALL SELECT tenant_id, created_at, 'comment' FROM comments WHERE tenant_id = 2)
ORDER BY at DESC, what LIMIT 10;
SELECT count(*) FROM (SELECT tenant_id, user_id FROM users UNION SELECT tenant_id, user_id FROM events) x;
SELECT NULL::bigint AS id UNION SELECT assignee_id FROM tasks WHERE tenant_id = 9;
SELECT title FROM tasks WHERE tenant_id = 3 UNION SELECT body FROM comments WHERE tenant_id = 3;

SELECT DISTINCT status FROM tasks;
SELECT DISTINCT tenant_id, status FROM tasks;
SELECT DISTINCT tags FROM tasks;
SELECT DISTINCT meta FROM tasks WHERE tenant_id < 5;
SELECT DISTINCT kind, payload->>'path' FROM events;
SELECT DISTINCT date_trunc('day', occurred_at) FROM events WHERE tenant_id = 2;
SELECT count(DISTINCT meta->>'source') FROM tasks;

SELECT DISTINCT ON (tenant_id) tenant_id, task_id, title FROM tasks ORDER BY tenant_id, priority DESC, task_id;
SELECT DISTINCT ON (tenant_id, status) tenant_id, status, task_id FROM tasks ORDER BY tenant_id, status, created_at, task_id;
SELECT DISTINCT ON (status) status, tenant_id, task_id FROM tasks ORDER BY status, estimate_hours DESC NULLS LAST, tenant_id, task_id;
-- ordered
SELECT DISTINCT ON (e.tenant_id) e.tenant_id, e.event_id, e.kind FROM events e ORDER BY e.tenant_id, e.occurred_at DESC, e.event_id LIMIT 8;
SELECT DISTINCT ON (u.role) u.role, u.tenant_id, u.user_id, u.email FROM users u ORDER BY u.role, u.created_at, u.tenant_id, u.user_id;
