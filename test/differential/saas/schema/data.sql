-- Deterministic rows (generate_series and arithmetic only). Skew: tenant 1 is huge, tenants 2-5
-- mid-size, 6-40 tiny, some with no users/projects at all. NULLs in every nullable column.

INSERT INTO plans VALUES
    (1, 'free', 0, 'USD', 3, '{"sso": false, "api": false}'),
    (2, 'starter', 19.00, 'USD', 10, '{"sso": false, "api": true}'),
    (3, 'team', 49.50, 'EUR', 50, '{"sso": true, "api": true, "limits": {"projects": 100}}'),
    (4, 'enterprise', 999.99, 'USD', NULL, '{"sso": true, "api": true, "limits": {"projects": null}}'),
    (5, 'legacy', 5.00, 'GBP', 5, NULL);

INSERT INTO countries VALUES
    ('US', 'United States', 'Americas', 'USD', 0),
    ('DE', 'Germany', 'Europe', 'EUR', 0.19),
    ('FR', 'France', 'Europe', 'EUR', 0.20),
    ('GB', 'United Kingdom', 'Europe', 'GBP', 0.20),
    ('JP', 'Japan', 'Asia', 'JPY', 0.10),
    ('BR', 'Brazil', 'Americas', 'BRL', NULL),
    ('IN', 'India', 'Asia', 'INR', 0.18),
    ('ZA', 'South Africa', NULL, 'ZAR', 0.15);

INSERT INTO tenants
SELECT g,
       CASE g WHEN 1 THEN 'Acme Corp' WHEN 2 THEN 'Globex' WHEN 3 THEN 'Initech'
              WHEN 4 THEN 'Umbrella' WHEN 5 THEN 'Hooli' ELSE 'Tenant ' || g END,
       'tenant-' || g,
       CASE WHEN g % 11 = 0 THEN NULL ELSE 1 + g % 5 END,
       (ARRAY['US', 'DE', 'FR', 'GB', 'JP', 'BR', 'IN', 'ZA', 'XX', NULL])[1 + g % 10],
       timestamptz '2022-01-01 00:00:00+00' + g * interval '9 days 7 hours',
       g % 7 <> 0,
       CASE WHEN g % 9 = 0 THEN NULL ELSE round((g * 137.5) % 5000, 2) END,
       CASE g % 4
           WHEN 0 THEN jsonb_build_object('theme', 'dark', 'notify', jsonb_build_object('email', true, 'slack', g % 3 = 0))
           WHEN 1 THEN jsonb_build_object('theme', 'light', 'beta', jsonb_build_array('search', 'ai'))
           WHEN 2 THEN '{}'::jsonb
           ELSE NULL END,
       CASE WHEN g % 5 = 0 THEN NULL WHEN g % 5 = 1 THEN '{}'::text[]
            ELSE ARRAY['tier' || (g % 3), CASE WHEN g % 2 = 0 THEN 'vip' ELSE 'smb' END] END
FROM generate_series(1, 40) g;

-- users: tenant 1 gets 120, tenants 2-5 get 20, tenants 6-30 get 1-4, 31-40 none
INSERT INTO users (tenant_id, email, display_name, role, created_at, last_login, is_active, locale)
SELECT t, 'user' || i || '@t' || t || '.example.com',
       CASE WHEN i % 13 = 0 THEN NULL WHEN i % 17 = 0 THEN 'Ünïcödé ' || i ELSE 'User ' || t || '-' || i END,
       CASE WHEN i = 1 THEN 'owner' WHEN i % 10 = 0 THEN 'admin' WHEN i % 7 = 0 THEN 'guest' ELSE 'member' END,
       timestamptz '2022-06-01 00:00:00+00' + (t * 31 + i) * interval '5 hours 17 minutes',
       CASE WHEN i % 6 = 0 THEN NULL ELSE timestamptz '2024-01-01 00:00:00+00' + (t * 7 + i * 3) * interval '11 hours' END,
       i % 19 <> 0,
       (ARRAY['en_US', 'de_DE', 'fr_FR', NULL, 'ja_JP'])[1 + (t + i) % 5]
FROM generate_series(1, 30) t,
     generate_series(1, CASE WHEN t = 1 THEN 120 WHEN t <= 5 THEN 20 ELSE 1 + t % 4 END) i
ORDER BY t, i;

INSERT INTO projects (tenant_id, name, owner_id, status, budget, created_at, archived, labels)
SELECT t, 'Project ' || t || '.' || i,
       CASE WHEN i % 5 = 0 THEN NULL ELSE (SELECT min(user_id) FROM users u WHERE u.tenant_id = t) + i % 3 END,
       (ARRAY['active', 'active', 'paused', 'done'])[1 + i % 4],
       CASE WHEN i % 4 = 0 THEN NULL ELSE round(1000 + (t * 97 + i * 311) % 90000 / 3.0, 2) END,
       timestamptz '2023-01-01 00:00:00+00' + (t * 3 + i) * interval '2 days 3 hours',
       i % 6 = 0,
       CASE WHEN i % 3 = 0 THEN NULL ELSE ARRAY['q' || (1 + i % 4), CASE WHEN i % 2 = 0 THEN 'backend' ELSE 'frontend' END] END
FROM generate_series(1, 34) t,
     generate_series(1, CASE WHEN t = 1 THEN 40 WHEN t <= 5 THEN 8 WHEN t <= 30 THEN 1 + t % 3 ELSE 1 END) i
WHERE t <= 30 OR t = 34
ORDER BY t, i;

-- tasks: per project, more in tenant 1
INSERT INTO tasks (tenant_id, task_id, project_id, assignee_id, title, description, priority, status,
                   estimate_hours, due_date, created_at, completed_at, tags, meta)
SELECT p.tenant_id,
       p.project_id * 1000 + i,
       p.project_id,
       CASE WHEN i % 7 = 0 THEN NULL
            ELSE (SELECT min(user_id) FROM users u WHERE u.tenant_id = p.tenant_id) + (i * 5) % 20 END,
       (ARRAY['Fix login bug', 'Write docs', 'Refactor API', 'Design review', 'Deploy to prod',
              'Update dependencies', 'Customer call', 'Investigate slow query', 'Add dark mode',
              'Café ümlaut task'])[1 + (i + p.project_id::int) % 10] || ' #' || i,
       CASE WHEN i % 4 = 0 THEN NULL WHEN i % 4 = 1 THEN 'The quick brown fox jumps over the lazy dog ' || i
            WHEN i % 4 = 2 THEN 'Database migrations are failing on postgres ' || i || E'\nsecond line'
            ELSE 'Users report errors when logging in; fixing auth tokens' END,
       1 + (i * 3 + p.project_id::int) % 5,
       (ARRAY['todo', 'in_progress', 'done', 'done', 'blocked', 'todo'])[1 + (i + p.tenant_id::int) % 6],
       CASE WHEN i % 9 = 0 THEN NULL ELSE round(((i * 7) % 40) / 4.0 + 0.25, 2) END,
       CASE WHEN i % 5 = 0 THEN NULL ELSE date '2024-03-01' + ((i * 11 + p.project_id::int) % 120) END,
       timestamptz '2024-01-01 00:00:00+00' + (p.project_id * 53 + i * 37) * interval '17 minutes',
       CASE WHEN (i + p.tenant_id::int) % 6 IN (2, 3)
            THEN timestamptz '2024-01-01 00:00:00+00' + (p.project_id * 53 + i * 37) * interval '17 minutes' + (i % 30) * interval '7 hours'
            ELSE NULL END,
       CASE WHEN i % 8 = 0 THEN NULL WHEN i % 8 = 1 THEN '{}'::text[]
            ELSE ARRAY[(ARRAY['bug', 'feature', 'chore', 'urgent'])[1 + i % 4]] ||
                 CASE WHEN i % 3 = 0 THEN ARRAY['urgent'] ELSE ARRAY[]::text[] END END,
       CASE i % 5
           WHEN 0 THEN NULL
           WHEN 1 THEN jsonb_build_object('source', 'email', 'points', i % 8, 'labels', jsonb_build_array('a', 'b'))
           WHEN 2 THEN jsonb_build_object('source', 'api', 'points', (i % 8) * 1.5, 'sla', jsonb_build_object('hours', 4 + i % 3))
           WHEN 3 THEN jsonb_build_object('source', 'web', 'points', NULL)
           ELSE '{"source": "import", "legacy": true}'::jsonb END
FROM projects p,
     generate_series(1, CASE WHEN p.tenant_id = 1 THEN 25 WHEN p.tenant_id <= 5 THEN 12 ELSE 3 + p.project_id::int % 4 END) i;

INSERT INTO comments
SELECT t.tenant_id,
       t.task_id * 10 + j,
       t.task_id,
       t.assignee_id,
       CASE j % 4 WHEN 0 THEN 'LGTM' WHEN 1 THEN 'Can you take a look at the failing test?'
                  WHEN 2 THEN 'Blocked by deployment; see https://example.com/ticket/' || t.task_id
                  ELSE 'It''s "done" — merged ' || j END,
       t.created_at + j * interval '3 hours 10 minutes',
       j % 3 = 0
FROM tasks t, generate_series(1, (t.task_id % 4)::int) j
WHERE t.task_id % 5 <> 0;

-- events: tenant 1 gets most
INSERT INTO events
SELECT t, i,
       CASE WHEN i % 10 = 0 THEN NULL ELSE (SELECT min(user_id) FROM users u WHERE u.tenant_id = t) + i % 7 END,
       (ARRAY['login', 'logout', 'page_view', 'page_view', 'page_view', 'task_created', 'task_done', 'export'])[1 + (i * 3 + t) % 8],
       timestamptz '2024-02-28 20:00:00+00' + i * interval '47 minutes' + t * interval '13 minutes',
       CASE (i + t) % 6
           WHEN 0 THEN NULL
           WHEN 1 THEN jsonb_build_object('path', '/projects/' || (i % 9), 'ms', (i * 37) % 900)
           WHEN 2 THEN jsonb_build_object('path', '/tasks', 'ms', (i * 13) % 300, 'ua', jsonb_build_object('mobile', i % 2 = 0))
           WHEN 3 THEN jsonb_build_object('export', jsonb_build_object('format', (ARRAY['csv', 'pdf'])[1 + i % 2], 'rows', i))
           WHEN 4 THEN '[]'::jsonb
           ELSE jsonb_build_object('path', NULL, 'tags', jsonb_build_array('x', i % 4)) END
FROM generate_series(1, 40) t,
     generate_series(1, CASE WHEN t = 1 THEN 2500 WHEN t <= 5 THEN 300 WHEN t <= 35 THEN 5 + t % 9 ELSE 0 END) i;

INSERT INTO invoices
SELECT t, i,
       round(((t * 131 + i * 71) % 2000) + 0.99, 2),
       (ARRAY['USD', 'EUR', 'GBP'])[1 + t % 3],
       date '2023-01-31' + (i * 30 + t),
       CASE WHEN i % 4 = 3 THEN NULL ELSE timestamptz '2023-02-05 12:00:00+00' + (i * 30 + t) * interval '1 day' END,
       CASE WHEN i % 4 = 3 THEN (ARRAY['open', 'draft', 'void'])[1 + t % 3] ELSE 'paid' END
FROM generate_series(1, 40) t,
     generate_series(1, CASE WHEN t = 1 THEN 24 WHEN t <= 10 THEN 12 ELSE t % 4 END) i
WHERE t % 7 <> 0;

INSERT INTO sessions
SELECT md5('session' || g)::uuid,
       CASE WHEN g % 3 = 0 THEN 1 ELSE 1 + g % 30 END,
       CASE WHEN g % 11 = 0 THEN NULL ELSE g % 50 + 1 END,
       timestamptz '2024-03-01 00:00:00+00' + g * interval '1 hour 3 minutes',
       CASE WHEN g % 9 = 0 THEN NULL ELSE (g % 120) * interval '1 minute' + (g % 7) * interval '1 second' END,
       CASE WHEN g % 8 = 0 THEN NULL ELSE ('10.' || (g % 4) || '.' || (g % 250) || '.' || (g % 200 + 1))::inet END,
       (ARRAY['Mozilla/5.0 (X11; Linux)', 'Mozilla/5.0 (Macintosh)', 'curl/8.0', NULL])[1 + g % 4]
FROM generate_series(1, 800) g;

INSERT INTO api_keys
SELECT 'key_' || to_hex(g * 2654435761 % 4294967296),
       1 + g % 25,
       CASE WHEN g % 6 = 0 THEN NULL ELSE 'key ' || g END,
       CASE g % 4 WHEN 0 THEN '{}'::text[] WHEN 1 THEN '{read}' WHEN 2 THEN '{read,write}' ELSE '{read,write,admin}' END,
       timestamptz '2023-06-01 00:00:00+00' + g * interval '3 days',
       CASE WHEN g % 5 = 0 THEN timestamptz '2024-01-01 00:00:00+00' + g * interval '1 day' ELSE NULL END
FROM generate_series(1, 60) g;

INSERT INTO audit_log
SELECT 1 + (g * 7) % 40, g,
       CASE WHEN g % 4 = 0 THEN NULL ELSE g % 90 + 1 END,
       (ARRAY['create', 'update', 'delete', 'login', NULL])[1 + g % 5],
       CASE WHEN g % 3 = 0 THEN 'task:' || g ELSE 'project:' || (g % 40) END,
       timestamptz '2024-03-10 00:00:00+00' + g * interval '29 minutes'
FROM generate_series(1, 600) g;
-- exact duplicate rows (no key)
INSERT INTO audit_log SELECT * FROM audit_log WHERE seq % 50 = 0;
