-- Several element / field assignments to one column in one statement (SET tags[1] = 'a',
-- tags[3] = 'c'; SET meta['a'] = ..., meta['b'] = ...). The rewriter merges them into one nested
-- expression, and ruleutils printed only the last assignment for the workers: the others were
-- silently lost (found while fuzzing the write path). INSERT ... SELECT with such targets failed
-- with a syntax error ("a[1] := x" printed into the SELECT).

UPDATE tasks SET tags[1] = 'a', tags[3] = 'c' WHERE tenant_id IN (3, 4) AND task_id % 4 = 0 RETURNING task_id, tags;

UPDATE tasks SET tags[1] = 'r1', tags[2] = 'r2' WHERE tenant_id = 3 AND task_id = 49001 RETURNING tags;

UPDATE tasks SET meta['source'] = '"x"', meta['n'] = to_jsonb(priority) WHERE tenant_id IN (3, 4) AND task_id % 5 = 0 RETURNING task_id, meta;

UPDATE tasks SET tags[1:2] = ARRAY['s1', 's2'], tags[4] = 'four', title = 'sliced' WHERE task_id % 37 = 0 RETURNING tenant_id, task_id, tags, title_lower;

UPDATE tenants SET tags[0] = 'zero', tags[5] = 'five', settings['theme'] = '"blue"', settings['n'] = '1' WHERE tenant_id < 6 RETURNING tenant_id, tags, settings;

UPDATE plans SET features['sso'] = 'true', features['seats'] = to_jsonb(max_seats) RETURNING plan_id, features;

INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at) VALUES (3, 49002, 1, 't', 'todo', '2024-01-01')
ON CONFLICT (tenant_id, task_id) DO UPDATE SET tags[1] = 'x', tags[2] = EXCLUDED.title, meta['p'] = '1', meta['q'] = '2' RETURNING tags, meta;

INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at, tags[1], tags[3], meta['k'])
VALUES (3, 970001, 1, 't', 'todo', '2024-01-01', 'a', 'c', '"v"'), (4, 970001, 1, 't', 'todo', '2024-01-01', 'b', 'd', NULL) RETURNING tenant_id, tags, meta;

INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at, tags[1])
SELECT tenant_id, task_id + 990000, project_id, title, status, created_at, title FROM tasks WHERE tenant_id = 4 AND task_id % 6 = 0 RETURNING task_id, tags;

INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at, tags[1], tags[2], meta['a'])
SELECT tenant_id, task_id + 980000, project_id, title, status, created_at, title, status, to_jsonb(priority) FROM tasks WHERE tenant_id IN (4, 5) AND priority = 2 RETURNING tenant_id, task_id, tags, meta;

SELECT tenant_id, task_id, tags, meta FROM tasks WHERE task_id % 37 = 0 OR task_id > 900000 OR (tenant_id IN (3, 4) AND task_id % 4 = 0);
