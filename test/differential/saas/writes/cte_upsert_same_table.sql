-- A data-modifying WITH query that updates (or inserts) rows of the table an INSERT ... ON CONFLICT
-- DO UPDATE writes. PostgreSQL does not change a row twice in one statement: it raises "ON CONFLICT
-- DO UPDATE command cannot affect row a second time", or keeps only one of the two changes.
-- Tessera runs the WITH query first, so the upsert updated the row again and kept both changes
-- (found while fuzzing the write path); it must refuse. A WITH query that deletes the rows (moving
-- them) stays supported. Refused statements run in a transaction rolled back.

BEGIN;
-- may-error
-- expect-error: could update again
WITH u AS (UPDATE tasks SET title = 'x' WHERE tenant_id = 3 AND task_id = 49001 RETURNING tenant_id, task_id, project_id, status, created_at)
INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at)
SELECT tenant_id, task_id, project_id, 'new', status, created_at FROM u
ON CONFLICT (tenant_id, task_id) DO UPDATE SET title = tasks.title || '!' RETURNING title;
ROLLBACK;

BEGIN;
-- expect-error: could update again
WITH u AS (UPDATE tasks SET title = 'y' WHERE tenant_id = 3 AND task_id = 49003 RETURNING task_id)
INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at)
SELECT 3, 49003, 1, 'v', 'todo', timestamptz '2024-01-01 00:00:00+00' FROM plans WHERE plan_id = 1
ON CONFLICT (tenant_id, task_id) DO UPDATE SET title = tasks.title || EXCLUDED.title RETURNING title;
ROLLBACK;

BEGIN;
-- may-error
-- expect-error: could update again
WITH i AS (INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES (3, 901, 1, 'USD', date '2024-01-01', 'open') RETURNING tenant_id, invoice_id)
INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status)
SELECT tenant_id, invoice_id, 5, 'USD', date '2024-01-02', 'open' FROM i
ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET amount = invoices.amount + 1 RETURNING amount;
ROLLBACK;

-- still supported: rows moved (deleted by the WITH query, inserted again), and DO NOTHING
WITH d AS (DELETE FROM tasks WHERE tenant_id = 3 AND task_id = 49002 RETURNING tenant_id, task_id, project_id, status, created_at)
INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at)
SELECT tenant_id, task_id, project_id, 'moved', status, created_at FROM d
ON CONFLICT (tenant_id, task_id) DO UPDATE SET title = tasks.title || '!' RETURNING title;

WITH u AS (UPDATE tasks SET title = 'z' WHERE tenant_id = 3 AND task_id = 49004 RETURNING tenant_id, task_id, project_id, status, created_at)
INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at)
SELECT tenant_id, task_id, project_id, 'v', status, created_at FROM u ON CONFLICT DO NOTHING RETURNING title;

SELECT task_id, title FROM tasks WHERE tenant_id = 3 AND task_id BETWEEN 49001 AND 49004;
