-- What the app writes: multi-row INSERTs with defaults, identity and bigserial columns and
-- RETURNING; upserts; UPDATE ... FROM; DELETE ... USING; CHECK violations.

INSERT INTO users (tenant_id, email, created_at) VALUES
    (2, 'new1@t2.example.com', '2024-05-01 10:00+00'),
    (3, 'new2@t3.example.com', '2024-05-01 10:01+00'),
    (31, 'first@t31.example.com', '2024-05-01 10:02+00')
RETURNING tenant_id, user_id, role, is_active;

INSERT INTO users (tenant_id, user_id, email, role, created_at) VALUES (2, 5000, 'explicit@t2', 'admin', '2024-05-02 00:00+00') RETURNING *;
INSERT INTO users (tenant_id, email, created_at) VALUES (2, 'after-explicit@t2', '2024-05-02 00:00+00') RETURNING user_id;

INSERT INTO projects (tenant_id, name, created_at) VALUES (1, 'Fresh', '2024-05-01'), (5, 'Fresh too', '2024-05-01'), (40, 'First project', '2024-05-01')
RETURNING tenant_id, project_id, status, archived, budget;

INSERT INTO projects (tenant_id, project_id, name, created_at, budget) VALUES (6, DEFAULT, 'defaulted', '2024-05-03', DEFAULT) RETURNING project_id, budget;

INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at, tags, meta) VALUES
    (1, 9000001, 1, 'New Task A', 'todo', '2024-05-01', '{new}', '{"source": "api", "points": 3}'),
    (2, 9000002, 41, 'New Task B', 'todo', '2024-05-01', NULL, NULL),
    (33, 9000003, 1, 'Orphan task', 'done', '2024-05-01', '{}', '[]')
RETURNING tenant_id, task_id, priority, title_lower;

-- error
INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at, priority) VALUES (1, 9000010, 1, 'bad prio', 'todo', '2024-05-01', 9);
-- error
INSERT INTO users (tenant_id, email, role, created_at) VALUES (4, 'x@y', 'superuser', '2024-05-01');
-- error
INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at) VALUES (1, 9000001, 1, 'dup', 'todo', '2024-05-01');
-- error
INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at, title_lower) VALUES (1, 9000011, 1, 'gen', 'todo', '2024-05-01', 'x');
-- a NULL distribution column declared NOT NULL: the same not-null violation as vanilla
-- error
INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at) VALUES (NULL, 9000012, 1, 'no tenant', 'todo', '2024-05-01');
-- error
INSERT INTO invoices VALUES (2, 900, -5, 'USD', '2024-05-01', NULL, 'pending');

-- upserts with excluded.*
INSERT INTO invoices AS i (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES
    (1, 1, 10.00, 'USD', '2024-05-01', 'open'),
    (2, 100, 20.00, 'EUR', '2024-05-01', 'draft'),
    (3, 2, 30.00, 'GBP', '2024-05-01', 'open')
ON CONFLICT (tenant_id, invoice_id) DO UPDATE
    SET amount = i.amount + excluded.amount, status = CASE WHEN i.status = 'paid' THEN i.status ELSE excluded.status END
RETURNING tenant_id, invoice_id, amount, status;

INSERT INTO tenants (tenant_id, name, slug, created_at, mrr, tags) VALUES
    (4, 'Umbrella 2', 'umbrella', '2024-05-01', 100, '{x}'),
    (41, 'Newco', 'newco', '2024-05-01', 5, NULL)
ON CONFLICT (tenant_id) DO UPDATE SET name = excluded.name, mrr = coalesce(tenants.mrr, 0) + excluded.mrr, tags = tenants.tags || excluded.tags
WHERE tenants.is_active
RETURNING tenant_id, name, mrr, tags;

INSERT INTO tenants (tenant_id, name, slug, created_at) VALUES (7, 'inactive upsert', 'x', '2024-05-01')
ON CONFLICT (tenant_id) DO UPDATE SET name = excluded.name WHERE tenants.is_active RETURNING tenant_id, name;

INSERT INTO tenants (tenant_id, name, slug, created_at) VALUES (8, 'nothing', 'x', '2024-05-01'), (42, 'something', 'y', '2024-05-01')
ON CONFLICT DO NOTHING RETURNING tenant_id;

INSERT INTO api_keys (key, tenant_id, created_at) VALUES ('key_new', 3, '2024-05-01'), ('key_' || to_hex(2654435761), 3, '2024-05-01')
ON CONFLICT (key) DO UPDATE SET revoked_at = excluded.created_at, label = coalesce(api_keys.label, '') || '*'
RETURNING key, tenant_id, label, scopes, revoked_at;

INSERT INTO sessions (session_id, tenant_id, user_id, started_at) VALUES (md5('session1')::uuid, 9, 9, '2024-05-01'), (md5('brand new')::uuid, 9, 9, '2024-05-01')
ON CONFLICT (session_id) DO UPDATE SET duration = coalesce(sessions.duration, '0') + interval '1 hour', user_agent = 'upserted'
RETURNING session_id, tenant_id, duration, user_agent;

-- UPDATE ... FROM with joins to colocated and reference tables
UPDATE tasks t SET status = 'blocked', priority = 5
FROM projects p
WHERE p.tenant_id = t.tenant_id AND p.project_id = t.project_id AND p.status = 'paused' AND t.status = 'todo'
RETURNING t.tenant_id, t.task_id, p.name;

UPDATE tenants tn SET mrr = pl.monthly_price * 12
FROM plans pl WHERE pl.plan_id = tn.plan_id AND pl.currency = 'EUR'
RETURNING tn.tenant_id, tn.mrr;

UPDATE tasks t SET estimate_hours = coalesce(t.estimate_hours, 0) + 1
FROM users u, projects p
WHERE u.tenant_id = t.tenant_id AND u.user_id = t.assignee_id AND u.role = 'admin'
  AND p.tenant_id = t.tenant_id AND p.project_id = t.project_id AND p.tenant_id = 1;

-- UPDATE with subqueries (correlated, scalar, IN)
UPDATE projects p SET budget = (SELECT sum(estimate_hours) * 100 FROM tasks t WHERE t.tenant_id = p.tenant_id AND t.project_id = p.project_id)
WHERE p.tenant_id IN (2, 3) RETURNING tenant_id, project_id, budget;

UPDATE users SET is_active = false
WHERE (tenant_id, user_id) IN (SELECT tenant_id, author_id FROM comments WHERE body = 'LGTM' AND tenant_id > 10);

UPDATE tasks SET completed_at = timestamptz '2024-06-01 00:00+00', status = 'done'
WHERE tenant_id = 4 AND task_id = (SELECT min(task_id) FROM tasks WHERE tenant_id = 4 AND status = 'todo')
RETURNING task_id, status;

UPDATE tasks SET tags = array_append(coalesce(tags, '{}'), 'late') WHERE due_date < date '2024-03-10' AND completed_at IS NULL;
UPDATE tasks SET meta = jsonb_set(coalesce(meta, '{}'), '{reviewed}', 'true') WHERE meta @> '{"source": "web"}' RETURNING tenant_id, task_id, meta;
UPDATE tasks SET title = upper(title) WHERE tenant_id = 9 RETURNING task_id, title, title_lower;
UPDATE tasks SET priority = priority + 1 WHERE tenant_id = 10 AND priority < 5;
-- error
UPDATE tasks SET priority = priority + 1 WHERE tenant_id = 11;
UPDATE tasks SET tenant_id = 12 WHERE tenant_id = 11 AND task_id = (SELECT min(task_id) FROM tasks WHERE tenant_id = 11) AND false;
UPDATE tenants SET settings = settings || '{"migrated": true}' WHERE settings IS NOT NULL AND tenant_id % 3 = 0;
UPDATE invoices SET status = 'void' WHERE status = 'open' AND amount < (SELECT avg(amount) FROM invoices);

-- DELETE ... USING, DELETE ... RETURNING
DELETE FROM comments c USING tasks t
WHERE t.tenant_id = c.tenant_id AND t.task_id = c.task_id AND t.status = 'done' AND c.tenant_id = 2
RETURNING c.comment_id, c.body;

DELETE FROM events e USING users u
WHERE u.tenant_id = e.tenant_id AND u.user_id = e.user_id AND u.role = 'guest';

DELETE FROM tasks t USING projects p
WHERE p.tenant_id = t.tenant_id AND p.project_id = t.project_id AND p.archived
RETURNING t.tenant_id, t.task_id, t.title_lower;

DELETE FROM sessions WHERE user_id IS NULL RETURNING session_id;
DELETE FROM audit_log WHERE action IS NULL AND tenant_id < 20;
DELETE FROM api_keys WHERE revoked_at IS NOT NULL RETURNING key;
DELETE FROM comments WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.tenant_id = comments.tenant_id AND t.task_id = comments.task_id);
DELETE FROM users WHERE tenant_id = 2 AND user_id NOT IN (SELECT assignee_id FROM tasks WHERE tenant_id = 2);
DELETE FROM users WHERE tenant_id = 3 AND user_id NOT IN (SELECT assignee_id FROM tasks WHERE tenant_id = 3 AND assignee_id IS NOT NULL) RETURNING user_id;
DELETE FROM plans WHERE plan_id = 5 RETURNING *;
UPDATE countries SET vat_rate = 0.21 WHERE code = 'FR' RETURNING *;

-- writes through a CTE that reads (inlined: pushed down, joined on the distribution column)
WITH late AS (SELECT tenant_id, task_id FROM tasks WHERE due_date < '2024-03-05' AND status <> 'done')
UPDATE tasks t SET priority = 1 FROM late WHERE late.tenant_id = t.tenant_id AND late.task_id = t.task_id;
-- (and the plain form, idempotent, so that both sides end equal)
UPDATE tasks SET priority = 1 WHERE due_date < '2024-03-05' AND status <> 'done';
-- the same through a subquery in FROM
UPDATE tasks t SET priority = 1 FROM (SELECT tenant_id, task_id FROM tasks WHERE due_date < '2024-03-05' AND status <> 'done') late
WHERE late.tenant_id = t.tenant_id AND late.task_id = t.task_id;
-- (and the plain form, idempotent, so that both sides end equal)
UPDATE tasks SET priority = 1 WHERE due_date < '2024-03-05' AND status <> 'done';

-- prepared writes, 7 executions, with a NULL
PREPARE add_event(bigint, bigint, text) AS
    INSERT INTO events (tenant_id, event_id, user_id, kind, occurred_at, payload)
    VALUES ($1, $2, NULL, $3, '2024-05-05 00:00+00', jsonb_build_object('k', $3)) RETURNING tenant_id, event_id, payload;
EXECUTE add_event(1, 100001, 'login');
EXECUTE add_event(2, 100002, 'logout');
EXECUTE add_event(3, 100003, 'export');
EXECUTE add_event(4, 100004, 'login');
EXECUTE add_event(5, 100005, 'login');
-- error
EXECUTE add_event(6, 100006, NULL);
-- error
EXECUTE add_event(NULL, 100007, 'login');
EXECUTE add_event(7, 100008, 'login');

PREPARE bump(bigint, int) AS UPDATE tasks SET priority = least(priority + $2, 5) WHERE tenant_id = $1 AND status = 'todo' RETURNING task_id, priority;
EXECUTE bump(1, 1);
EXECUTE bump(2, 1);
EXECUTE bump(3, 2);
EXECUTE bump(4, 0);
EXECUTE bump(5, NULL);
EXECUTE bump(6, 1);
EXECUTE bump(7, 1);
EXECUTE bump(1, 1);

PREPARE drop_comment(bigint, bigint) AS DELETE FROM comments WHERE tenant_id = $1 AND comment_id = $2 RETURNING body;
EXECUTE drop_comment(1, 10012);
EXECUTE drop_comment(1, 1);
EXECUTE drop_comment(2, 410121);
EXECUTE drop_comment(3, NULL);
EXECUTE drop_comment(4, 690011);
EXECUTE drop_comment(5, 1);
EXECUTE drop_comment(6, 1);
DEALLOCATE ALL;
