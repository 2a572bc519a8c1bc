-- Deterministic rows (generate_series and arithmetic only, no random()/now()). Skew: account 1
-- is big, accounts 2-6 mid-size, 7-30 small (29 and 30 without projects), 31-35 without users;
-- 33 is soft-deleted. Ids are global (one sequence per table, as ORMs use them); the
-- sequences are moved past the loaded ids at the end.

INSERT INTO plans VALUES
    (1, 'free', 'Free', 0, 3, '{"api": false, "sso": false}'),
    (2, 'starter', 'Starter', 9.99, 10, '{"api": true, "sso": false}'),
    (3, 'team', 'Team', 49.00, 50, '{"api": true, "sso": false, "audit": true}'),
    (4, 'business', 'Business', 199.00, NULL, '{"api": true, "sso": true, "audit": true}'),
    (5, 'legacy', 'Legacy (grandfathered)', 5.00, 5, '{}');

INSERT INTO countries VALUES
    ('US', 'United States', 'Americas'), ('CA', 'Canada', 'Americas'), ('DE', 'Germany', 'Europe'),
    ('FR', 'France', 'Europe'), ('GB', 'United Kingdom', 'Europe'), ('JP', 'Japan', 'Asia'),
    ('BR', 'Brazil', 'Americas'), ('IN', 'India', 'Asia'), ('ZA', 'South Africa', NULL);

INSERT INTO label_colors VALUES
    (1, 'red', '#ff0000'), (2, 'green', '#00ff00'), (3, 'blue', '#0000ff'), (4, 'yellow', '#ffff00'),
    (5, 'purple', '#800080'), (6, 'grey', '#808080'), (7, 'orange', '#ffa500'), (8, 'teal', '#008080');

INSERT INTO accounts (id, public_id, name, slug, plan_id, country_code, created_at, updated_at,
                      is_active, seats, balance, settings, deleted_at)
SELECT a,
       md5('account' || a)::uuid,
       CASE a WHEN 1 THEN 'Acme Corp' WHEN 2 THEN 'Globex' WHEN 3 THEN 'Initech'
              WHEN 4 THEN 'Umbrella' WHEN 5 THEN 'acme labs' WHEN 6 THEN 'Stark Industries'
              WHEN 7 THEN 'O''Reilly & Sons' WHEN 8 THEN 'ACME Widgets'
              ELSE 'Account ' || a END,
       'acct-' || a,
       CASE WHEN a % 11 = 0 THEN NULL ELSE 1 + a % 5 END,
       (ARRAY['US', 'DE', 'FR', 'GB', 'JP', 'BR', NULL, 'US', 'CA', 'IN', 'ZA'])[1 + a % 11],
       timestamptz '2023-01-01 09:00:00+00' + a * interval '9 days 7 hours',
       timestamptz '2024-06-01 12:00:00+00' + (a % 7) * interval '1 day',
       a % 9 <> 0,
       1 + (a * 7) % 40,
       round(((a * 37) % 1000) / 7.0, 2),
       CASE a % 4 WHEN 0 THEN NULL
                  WHEN 1 THEN jsonb_build_object('theme', 'dark', 'locale', 'en', 'beta', a % 2 = 1)
                  WHEN 2 THEN jsonb_build_object('theme', 'light', 'notifications', jsonb_build_object('email', true, 'slack', a % 3 = 0))
                  ELSE '{"locale": "de", "sso": {"provider": "okta"}}'::jsonb END,
       CASE WHEN a = 33 THEN timestamptz '2024-09-01 00:00:00+00' END
FROM generate_series(1, 35) a;

INSERT INTO users (account_id, id, email, first_name, last_name, role, is_staff, is_active, date_joined, last_login)
SELECT acc, i,
       CASE WHEN i % 17 = 0 THEN 'User.' || i || '@Example.COM' ELSE 'user' || i || '@example.com' END,
       CASE WHEN i % 13 = 0 THEN NULL ELSE (ARRAY['Ann', 'Bob', 'Chloé', 'dave', 'Eve', 'Frank', 'Grace', 'Heidi', ''])[1 + i % 9] END,
       CASE WHEN i % 19 = 0 THEN NULL ELSE (ARRAY['Smith', 'Jones', 'O''Brien', 'Müller', 'smith', 'Nguyen', 'Lee'])[1 + i % 7] END,
       (CASE WHEN i % 25 = 1 THEN 'owner' WHEN i % 7 = 0 THEN 'admin' WHEN i % 11 = 0 THEN 'guest' ELSE 'member' END)::user_role,
       i % 23 = 0,
       i % 29 <> 0,
       timestamptz '2023-02-01 08:00:00+00' + i * interval '13 hours 7 minutes',
       CASE WHEN i % 6 = 0 THEN NULL ELSE timestamptz '2024-10-01 00:00:00+00' + i * interval '17 minutes' END
FROM (SELECT i, CASE WHEN i <= 150 THEN 1 WHEN i <= 300 THEN 2 + (i - 151) % 5 ELSE 7 + (i - 301) % 24 END AS acc
      FROM generate_series(1, 540) i) s;

INSERT INTO projects (account_id, id, name, description, owner_id, status, budget, starts_on, due_on,
                      archived, created_at, updated_at, tags)
SELECT acc, i,
       CASE WHEN i % 10 = 0 THEN 'Legacy' ELSE (ARRAY['Website', 'Mobile App', 'API', 'Onboarding', 'Q3 Launch'])[1 + i % 5] || ' ' || i END,
       CASE WHEN i % 4 = 0 THEN NULL ELSE 'Project number ' || i || E'\nsecond line' END,
       (SELECT u.id FROM users u WHERE u.account_id = acc ORDER BY u.id OFFSET (i * 3) % 8 LIMIT 1),
       (ARRAY['planned', 'active', 'active', 'on_hold', 'completed'])[1 + i % 5]::project_status,
       CASE WHEN i % 6 = 0 THEN NULL ELSE round((i * 1234.5) % 100000, 2) END,
       date '2024-01-01' + (i * 3) % 365,
       CASE WHEN i % 3 = 0 THEN NULL ELSE date '2024-06-01' + (i * 7) % 400 END,
       i % 10 = 0,
       timestamptz '2023-06-01 10:00:00+00' + i * interval '1 day 3 hours',
       timestamptz '2024-08-01 10:00:00+00' + i * interval '2 hours',
       CASE i % 4 WHEN 0 THEN '{}'::text[] WHEN 1 THEN ARRAY['internal'] WHEN 2 THEN ARRAY['client', 'billable'] ELSE ARRAY['billable'] END
FROM (SELECT i, CASE WHEN i <= 80 THEN 1 WHEN i <= 180 THEN 2 + (i - 81) % 5 ELSE 7 + (i - 181) % 22 END AS acc
      FROM generate_series(1, 300) i) s;

INSERT INTO tasks (account_id, id, project_id, assignee_id, parent_id, title, description, status, priority,
                   position, estimate, due_date, created_at, updated_at, completed_at, is_deleted,
                   comment_count, custom_fields, tags)
SELECT p.account_id, i, p.id,
       CASE WHEN i % 6 = 0 THEN NULL
            ELSE (SELECT u.id FROM users u WHERE u.account_id = p.account_id ORDER BY u.id OFFSET i % 9 LIMIT 1) END,
       CASE WHEN i > 300 AND i % 4 = 0 THEN i - 300 END,
       (ARRAY['Fix bug #', 'Write docs for ', 'Review PR ', 'URGENT: deploy ', 'Refactor module ', 'Call client about '])[1 + i % 6] || i,
       CASE WHEN i % 5 = 0 THEN NULL WHEN i % 5 = 1 THEN '' ELSE 'Details for task ' || i || ' – see spec' END,
       (ARRAY['todo', 'in_progress', 'review', 'done', 'done', 'cancelled', 'todo'])[1 + i % 7]::task_status,
       1 + i % 4,
       i % 50,
       CASE WHEN i % 8 = 0 THEN NULL ELSE round((i % 40) * 0.75, 2) END,
       CASE WHEN i % 3 = 0 THEN NULL ELSE date '2024-09-01' + (i * 11) % 240 END,
       timestamptz '2024-01-01 00:00:00+00' + i * interval '1 hour 37 minutes 13 seconds',
       timestamptz '2024-01-01 00:00:00+00' + i * interval '1 hour 37 minutes 13 seconds' + (i % 30) * interval '1 day',
       CASE WHEN i % 7 IN (3, 4) THEN timestamptz '2024-02-01 00:00:00+00' + i * interval '2 hours 5 minutes' END,
       i % 31 = 0,
       0,
       CASE i % 5
           WHEN 0 THEN '{}'::jsonb
           WHEN 1 THEN jsonb_build_object('severity', (ARRAY['low', 'high', 'critical'])[1 + i % 3], 'points', i % 13)
           WHEN 2 THEN jsonb_build_object('points', i % 13, 'component', (ARRAY['ui', 'api', 'db', NULL])[1 + i % 4], 'flags', jsonb_build_array('a', i % 3))
           WHEN 3 THEN jsonb_build_object('severity', 'low', 'customer', jsonb_build_object('tier', (ARRAY['gold', 'silver'])[1 + i % 2], 'id', i))
           ELSE jsonb_build_object('points', NULL, 'severity', NULL) END,
       CASE i % 6 WHEN 0 THEN NULL WHEN 1 THEN '{}'::text[] WHEN 2 THEN ARRAY['bug'] WHEN 3 THEN ARRAY['bug', 'frontend']
                  WHEN 4 THEN ARRAY['feature', 'backend'] ELSE ARRAY['chore'] END
FROM generate_series(1, 4000) i
JOIN projects p ON p.id = 1 + (i * 13) % 300;

INSERT INTO comments (account_id, id, task_id, author_id, body, created_at, edited_at)
SELECT t.account_id, i, t.id,
       CASE WHEN i % 10 = 0 THEN NULL
            ELSE (SELECT u.id FROM users u WHERE u.account_id = t.account_id ORDER BY u.id OFFSET i % 6 LIMIT 1) END,
       (ARRAY['LGTM', 'Can you take a look?', 'Blocked by the API change', 'done ✅', 'Needs QA', 'lgtm'])[1 + i % 6] || CASE WHEN i % 4 = 0 THEN ' (' || i || ')' ELSE '' END,
       t.created_at + (i % 50) * interval '3 hours',
       CASE WHEN i % 9 = 0 THEN t.created_at + (i % 50) * interval '3 hours' + interval '10 minutes' END
FROM generate_series(1, 5000) i
JOIN tasks t ON t.id = 1 + (i * 7) % 4000;

UPDATE tasks t SET comment_count = c.n
FROM (SELECT account_id, task_id, count(*) AS n FROM comments GROUP BY 1, 2) c
WHERE c.account_id = t.account_id AND c.task_id = t.id;

INSERT INTO attachments (account_id, id, task_id, comment_id, filename, content_type, size_bytes, uploaded_by, created_at)
SELECT t.account_id, md5('attachment' || i)::uuid, t.id,
       CASE WHEN i % 3 = 0 THEN (SELECT min(c.id) FROM comments c WHERE c.account_id = t.account_id AND c.task_id = t.id) END,
       (ARRAY['report', 'Screenshot', 'invoice', 'design', 'notes'])[1 + i % 5] || '_' || i || (ARRAY['.pdf', '.png', '.PDF', '.docx', ''])[1 + i % 5],
       (ARRAY['application/pdf', 'image/png', 'application/pdf', NULL, 'text/plain'])[1 + i % 5],
       (i * 7919) % 5000000,
       t.assignee_id,
       t.created_at + interval '1 day'
FROM generate_series(1, 1000) i
JOIN tasks t ON t.id = 1 + (i * 11) % 4000;

INSERT INTO activity_events (account_id, id, actor_id, verb, target_type, target_id, payload, occurred_at)
SELECT u.account_id, i,
       CASE WHEN i % 12 = 0 THEN NULL ELSE u.id END,
       (ARRAY['task.created', 'task.updated', 'task.status_changed', 'comment.created', 'project.archived', 'user.login'])[1 + i % 6],
       (ARRAY['task', 'task', 'task', 'comment', 'project', 'user'])[1 + i % 6],
       CASE WHEN i % 15 = 0 THEN NULL ELSE 1 + (i * 3) % 4000 END,
       CASE i % 6
           WHEN 0 THEN jsonb_build_object('title', 'Task ' || i, 'source', (ARRAY['web', 'api', 'email'])[1 + i % 3])
           WHEN 1 THEN jsonb_build_object('changes', jsonb_build_object('priority', jsonb_build_array(i % 4, (i + 1) % 4)), 'source', 'web')
           WHEN 2 THEN jsonb_build_object('from', (ARRAY['todo', 'in_progress', 'review'])[1 + i % 3], 'to', (ARRAY['in_progress', 'review', 'done'])[1 + i % 3], 'tags', jsonb_build_array('bug', 'p' || i % 3))
           WHEN 3 THEN jsonb_build_object('length', i % 400, 'mentions', CASE WHEN i % 2 = 0 THEN '[]'::jsonb ELSE jsonb_build_array(i % 50) END)
           WHEN 4 THEN NULL
           ELSE jsonb_build_object('ip', '10.0.' || i % 256 || '.' || i % 7, 'mfa', i % 4 = 0) END,
       timestamptz '2024-03-01 00:00:00+00' + i * interval '47 minutes 3 seconds'
FROM generate_series(1, 4000) i
JOIN users u ON u.id = 1 + (i * 19) % 540;

INSERT INTO labels (account_id, id, name, color_id)
SELECT 1 + (i - 1) % 30, i,
       (ARRAY['bug', 'feature', 'Urgent', 'wontfix', 'good first issue'])[1 + (i - 1) / 30],
       CASE WHEN i % 9 = 0 THEN NULL ELSE 1 + i % 8 END
FROM generate_series(1, 150) i;

INSERT INTO task_labels (account_id, id, task_id, label_id)
SELECT t.account_id, i, t.id, l.id
FROM generate_series(1, 3000) i
JOIN tasks t ON t.id = 1 + (i * 17) % 4000
JOIN labels l ON l.account_id = t.account_id AND l.id = t.account_id + 30 * (i % 5)
ON CONFLICT DO NOTHING;

INSERT INTO saved_filters
SELECT i, 1 + i % 8, CASE WHEN i % 5 = 0 THEN NULL ELSE 1 + (i * 7) % 150 END,
       'Filter ' || i, jsonb_build_object('status', (ARRAY['todo', 'done', 'review'])[1 + i % 3], 'mine', i % 2 = 0)
FROM generate_series(1, 40) i;

SELECT setval(pg_get_serial_sequence('accounts', 'id'), 35);
SELECT setval(pg_get_serial_sequence('users', 'id'), 540);
SELECT setval(pg_get_serial_sequence('projects', 'id'), 300);
SELECT setval(pg_get_serial_sequence('tasks', 'id'), 4000);
SELECT setval(pg_get_serial_sequence('comments', 'id'), 5000);
SELECT setval(pg_get_serial_sequence('activity_events', 'id'), 4000);
SELECT setval(pg_get_serial_sequence('labels', 'id'), 150);
SELECT setval(pg_get_serial_sequence('task_labels', 'id'), 3000);
