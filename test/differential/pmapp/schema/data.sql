-- Deterministic rows (generate_series, no random()/now()): 12 tenants, tenant 1 big.
INSERT INTO plans VALUES
    ('free', 'Free', 3, 0, '{}'), ('team', 'Team', 50, 49.00, '{sso}'),
    ('business', 'Business', 500, 199.00, '{sso,audit}'), ('legacy', 'Legacy', 10, 9.99, '{}');
INSERT INTO countries VALUES ('DE', 'Germany', true), ('FR', 'France', true), ('US', 'United States', false),
    ('JP', 'Japan', false), ('BR', 'Brazil', false);
INSERT INTO tenants (id, name, subdomain, plan_code, country_code, settings, created_at)
SELECT i, 'Tenant ' || i, 'tenant' || i,
       (ARRAY['free', 'team', 'business', 'legacy'])[1 + i % 4],
       CASE WHEN i % 6 = 0 THEN NULL ELSE (ARRAY['DE', 'FR', 'US', 'JP', 'BR'])[1 + i % 5] END,
       jsonb_build_object('theme', CASE WHEN i % 2 = 0 THEN 'dark' ELSE 'light' END,
                          'notifications', jsonb_build_object('email', i % 3 <> 0, 'digest', 'weekly'),
                          'beta', i % 4 = 1),
       timestamptz '2023-01-01 00:00+00' + i * interval '9 days'
FROM generate_series(1, 12) i;
INSERT INTO members (tenant_id, id, email, full_name, is_admin, joined_at)
SELECT 1 + (i % 12), i, 'user' || i || '@t' || (1 + i % 12) || '.example',
       CASE WHEN i % 7 = 0 THEN NULL ELSE 'Member ' || i END, i % 10 = 1,
       timestamptz '2023-02-01 00:00+00' + i * interval '13 hours'
FROM generate_series(1, 180) i;
INSERT INTO projects (tenant_id, id, name, owner_id, budget, tags, archived, created_at)
SELECT CASE WHEN i <= 30 THEN 1 ELSE 1 + (i % 12) END, i, 'Project ' || i,
       CASE WHEN i % 5 = 0 THEN NULL ELSE (SELECT min(m.id) FROM members m WHERE m.tenant_id = CASE WHEN i <= 30 THEN 1 ELSE 1 + (i % 12) END) + (i % 3) * 12 END,
       CASE WHEN i % 4 = 0 THEN NULL ELSE (i * 125.5)::numeric(12, 2) END,
       CASE WHEN i % 3 = 0 THEN '{}' ELSE ARRAY['t' || (i % 4), 'q' || (i % 2)] END,
       i % 9 = 0, timestamptz '2023-03-01 00:00+00' + i * interval '1 day'
FROM generate_series(1, 90) i;
INSERT INTO tasks (tenant_id, id, project_id, position, title, state, priority, assignee_id, due_on, estimate, labels, meta, created_at, done_at)
SELECT p.tenant_id, (p.id - 1) * 20 + n, p.id, n, 'Task ' || p.id || '-' || n,
       (ARRAY['open', 'in_progress', 'blocked', 'done'])[1 + (p.id + n) % 4]::task_state,
       1 + (p.id * n) % 5,
       CASE WHEN n % 4 = 0 THEN NULL ELSE (SELECT min(m.id) FROM members m WHERE m.tenant_id = p.tenant_id) + (n % 3) * 12 END,
       CASE WHEN n % 6 = 0 THEN NULL ELSE date '2024-01-01' + ((p.id * 3 + n) % 200)::int END,
       CASE WHEN n % 5 = 0 THEN NULL ELSE (n * 30) * interval '1 minute' END,
       CASE WHEN n % 3 = 0 THEN NULL ELSE (ARRAY['bug', 'ui', 'api', 'db', 'ops'])[1 + n % 4 : 1 + n % 4 + n % 2] END,
       CASE WHEN n % 5 = 1 THEN NULL ELSE jsonb_build_object('points', n % 8, 'source', CASE WHEN n % 2 = 0 THEN 'web' ELSE 'api' END, 'flags', jsonb_build_array(n % 3, 'x')) END,
       p.created_at + n * interval '2 hours',
       CASE WHEN (p.id + n) % 4 = 3 THEN p.created_at + n * interval '3 hours' END
FROM projects p, generate_series(1, CASE WHEN p.tenant_id = 1 THEN 20 ELSE 1 + p.id % 8 END) n;
INSERT INTO comments (tenant_id, id, task_id, author_id, body, created_at)
SELECT t.tenant_id, t.id * 3 + k, t.id,
       CASE WHEN k = 2 THEN NULL ELSE (SELECT min(m.id) FROM members m WHERE m.tenant_id = t.tenant_id) + k * 12 END,
       'Comment ' || k || ' on ' || t.title || CASE WHEN k = 1 THEN E' with ''quotes'' and \\backslash' ELSE '' END,
       t.created_at + k * interval '1 hour'
FROM tasks t, generate_series(0, (t.id % 3)::int) k;
INSERT INTO attachments (tenant_id, id, task_id, filename, bytes, content_type)
SELECT t.tenant_id, md5('att' || t.id)::uuid, t.id, 'file-' || t.id || '.pdf', t.id * 1024,
       CASE WHEN t.id % 2 = 0 THEN 'application/pdf' END
FROM tasks t WHERE t.id % 7 = 0;
INSERT INTO audit_log (tenant_id, id, entity, entity_id, action, changes, at)
SELECT 1 + i % 12, i, (ARRAY['task', 'project', 'comment'])[1 + i % 3], i * 2,
       (ARRAY['create', 'update', 'delete'])[1 + i % 3],
       CASE WHEN i % 3 = 1 THEN jsonb_build_object('state', jsonb_build_array('open', 'done')) END,
       timestamptz '2024-01-01 00:00+00' + i * interval '5 hours'
FROM generate_series(1, 300) i;
SELECT setval(pg_get_serial_sequence('audit_log', 'id'), 300);
INSERT INTO events (tenant_id, id, occurred_at, kind, payload)
SELECT 1 + i % 12, i, timestamptz '2023-12-20 00:00+00' + i * interval '97 minutes',
       (ARRAY['task.created', 'task.updated', 'comment.created', 'login'])[1 + i % 4],
       jsonb_build_object('n', i, 'ok', i % 5 <> 0)
FROM generate_series(1, 1600) i;
UPDATE projects p SET task_count = (SELECT count(*) FROM tasks t WHERE t.tenant_id = p.tenant_id AND t.project_id = p.id);
UPDATE tenants t SET project_count = (SELECT count(*) FROM projects p WHERE p.tenant_id = t.id);
