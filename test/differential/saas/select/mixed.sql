-- Non-colocated joins (uuid/text/own-group tables), local tables, casts and collations.

SELECT s.tenant_id, count(*) AS sessions, count(DISTINCT s.user_id) AS users, max(tn.name) AS name
FROM sessions s JOIN tenants tn ON tn.tenant_id = s.tenant_id GROUP BY s.tenant_id;

SELECT s.session_id, s.tenant_id, u.email FROM sessions s
LEFT JOIN users u ON u.tenant_id = s.tenant_id AND u.user_id = s.user_id WHERE s.tenant_id = 2;

SELECT k.tenant_id, count(k.key), count(a.seq) FROM api_keys k LEFT JOIN audit_log a ON a.tenant_id = k.tenant_id AND a.action = 'login' GROUP BY k.tenant_id;

SELECT a.action, count(*), count(DISTINCT a.tenant_id) FROM audit_log a JOIN tenants tn ON tn.tenant_id = a.tenant_id WHERE tn.is_active GROUP BY a.action;

SELECT a.tenant_id, a.seq, a.action FROM audit_log a WHERE a.tenant_id = 8;

SELECT count(*) FROM audit_log;
SELECT tenant_id, seq, count(*) FROM audit_log GROUP BY tenant_id, seq HAVING count(*) > 1;

-- join on a non-distribution column across colocated tables
SELECT count(*) FROM tasks t JOIN users u ON u.user_id = t.assignee_id;
SELECT t.tenant_id AS task_tenant, u.tenant_id AS user_tenant, count(*) FROM tasks t JOIN users u ON u.user_id = t.assignee_id AND u.tenant_id <> t.tenant_id GROUP BY 1, 2;

-- outer joins where the distribution column comes from the nullable side
SELECT tn.tenant_id, count(u.user_id) FROM tenants tn LEFT JOIN users u ON u.tenant_id = tn.tenant_id GROUP BY tn.tenant_id;
SELECT tn.tenant_id, p.project_id FROM projects p RIGHT JOIN tenants tn ON tn.tenant_id = p.tenant_id WHERE p.project_id IS NULL;
SELECT coalesce(u.tenant_id, e.tenant_id) AS tenant, count(*) FROM users u FULL JOIN events e ON e.tenant_id = u.tenant_id AND e.user_id = u.user_id WHERE u.user_id IS NULL OR e.event_id IS NULL GROUP BY 1;
SELECT tn.tenant_id, i.invoice_id FROM tenants tn LEFT JOIN invoices i ON i.tenant_id = tn.tenant_id AND i.status = 'open' WHERE tn.tenant_id > 30;

-- local (plain) table mixed in
SELECT f.flag, count(DISTINCT tn.tenant_id) FROM plain.tenant_flags f JOIN tenants tn ON tn.tenant_id = f.tenant_id WHERE f.enabled GROUP BY f.flag;
SELECT tn.tenant_id, tn.name FROM tenants tn WHERE tn.tenant_id IN (SELECT tenant_id FROM plain.tenant_flags WHERE flag = 'beta');
SELECT count(*) FROM tasks t WHERE NOT EXISTS (SELECT 1 FROM plain.tenant_flags f WHERE f.tenant_id = t.tenant_id);
SELECT f.tenant_id, f.flag, u.cnt FROM plain.tenant_flags f LEFT JOIN LATERAL (SELECT count(*) AS cnt FROM users u WHERE u.tenant_id = f.tenant_id) u ON true;
SELECT f.tenant_id FROM plain.tenant_flags f WHERE f.tenant_id NOT IN (SELECT tenant_id FROM tenants);

-- casts
SELECT tenant_id::text || ':' || task_id::text AS k, priority::text::int * 2, estimate_hours::float8::numeric(8, 1), due_date::timestamptz FROM tasks WHERE tenant_id = 8;
SELECT amount::int, amount::money::numeric, round(amount, -2), trunc(amount), amount::text FROM invoices WHERE tenant_id = 3;
SELECT session_id::text, ip::text, host(ip), masklen(ip), ip << inet '10.1.0.0/16' AS in_net FROM sessions WHERE session_id::text LIKE 'a%';
SELECT count(*) FROM sessions WHERE ip << inet '10.2.0.0/16';
SELECT '42'::bigint = tenant_id AS b, count(*) FROM tenants GROUP BY 1;
SELECT count(*) FROM tasks WHERE tenant_id = '3'::numeric;
SELECT count(*) FROM tasks WHERE tenant_id::numeric = 3.0;
SELECT count(*) FROM tasks WHERE tenant_id = 3.5;
SELECT count(*) FROM tasks WHERE tenant_id::int = 3;
SELECT count(*) FROM tasks WHERE tenant_id::text = '3';
SELECT to_jsonb(t.*) - 'created_at' - 'completed_at' FROM tasks t WHERE tenant_id = 9;
SELECT row_to_json(x) FROM (SELECT tenant_id, invoice_id, amount FROM invoices WHERE tenant_id = 2) x;

-- collations
SELECT name FROM tenants ORDER BY name COLLATE "C";
-- ordered
SELECT name FROM tenants ORDER BY name COLLATE "C", tenant_id LIMIT 10;
-- ordered
SELECT display_name FROM users WHERE tenant_id = 1 ORDER BY display_name COLLATE "C" NULLS FIRST, user_id LIMIT 15;
SELECT min(title COLLATE "C"), max(title COLLATE "C") FROM tasks;
SELECT count(*) FROM tasks WHERE title COLLATE "C" < 'D';
SELECT title_lower FROM tasks WHERE tenant_id = 10 AND title_lower > 'c' COLLATE "C";

-- views over distributed tables in multi-shard joins
SELECT o.tenant_id, count(*) FROM open_tasks o JOIN users u ON u.tenant_id = o.tenant_id AND u.user_id = o.assignee_id GROUP BY o.tenant_id;
SELECT * FROM tenant_overview;
SELECT region, sum(users), sum(projects) FROM tenant_overview GROUP BY region;

-- booleans and NULL handling
SELECT is_active, archived, count(*) FROM tenants tn JOIN projects p USING (tenant_id) GROUP BY is_active, archived;
SELECT count(*) FILTER (WHERE last_login IS NULL), count(*) FILTER (WHERE NOT is_active), count(*) FILTER (WHERE is_active IS NOT TRUE) FROM users;
SELECT coalesce(locale, 'none'), nullif(role, 'member'), count(*) FROM users GROUP BY 1, 2;
SELECT count(*) FROM tenants WHERE mrr IS DISTINCT FROM 0;
SELECT count(*) FROM tasks WHERE assignee_id IS NOT DISTINCT FROM NULL;
SELECT greatest(created_at, completed_at) IS NULL, least(priority, 3), count(*) FROM tasks GROUP BY 1, 2;
SELECT CASE WHEN mrr > 2000 THEN 'big' WHEN mrr > 500 THEN 'mid' WHEN mrr IS NULL THEN 'unknown' ELSE 'small' END AS seg, count(*) FROM tenants GROUP BY 1;
