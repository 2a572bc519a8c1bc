-- Data-modifying WITH queries whose DELETE fires foreign key actions (ON DELETE CASCADE, ON DELETE
-- SET NULL) on other tables. PostgreSQL runs the WITH query, its actions and the rest of the
-- statement on one snapshot: the rest still sees the rows the actions delete or change. Tessera runs
-- the WITH query first, as a statement of its own, so it must refuse when the rest reads a table
-- the actions write (found while fuzzing the write path: the counts came out lower, without error).

-- ON DELETE CASCADE tasks -> comments, read by the rest (a SELECT)
BEGIN;
-- expect-error: through a foreign key action
WITH d AS (DELETE FROM tasks WHERE account_id = 3 AND id IN (SELECT task_id FROM comments WHERE account_id = 3 ORDER BY task_id LIMIT 3) RETURNING id)
SELECT (SELECT count(*) FROM d), (SELECT count(*) FROM comments WHERE account_id = 3);
ROLLBACK;

-- the same read by an INSERT ... SELECT (each refused statement runs in a transaction rolled back,
-- so that both sides keep equal rows)
BEGIN;
-- expect-error: through a foreign key action
WITH d AS (DELETE FROM tasks WHERE account_id = 3 AND id IN (SELECT task_id FROM comments WHERE account_id = 3 ORDER BY task_id LIMIT 3) RETURNING id)
INSERT INTO activity_events (account_id, verb, target_type, target_id, occurred_at)
SELECT 3, 'cnt', 'comments', count(*), '2024-01-01' FROM comments WHERE account_id = 3 RETURNING target_id;
ROLLBACK;

-- ON DELETE SET NULL (assignee_id) users -> tasks, read by an UPDATE of projects
BEGIN;
-- expect-error: through a foreign key action
WITH d AS (DELETE FROM users WHERE account_id = 3 AND id = (SELECT min(assignee_id) FROM tasks WHERE account_id = 3) RETURNING id)
UPDATE projects SET description = 'x' WHERE account_id = 3 AND id IN (SELECT project_id FROM tasks WHERE account_id = 3 AND assignee_id IS NULL) RETURNING id;
ROLLBACK;

-- two levels: accounts -> projects (CASCADE) -> tasks (CASCADE) -> task_labels (CASCADE)
BEGIN;
-- expect-error: through a foreign key action
WITH d AS (DELETE FROM accounts WHERE id = 35 RETURNING id)
SELECT (SELECT count(*) FROM d), (SELECT count(*) FROM task_labels WHERE account_id = 35);
ROLLBACK;

-- still supported: the actions write no table the rest reads, or the WITH query only inserts
WITH d AS (DELETE FROM comments WHERE account_id = 4 AND id IN (SELECT id FROM comments WHERE account_id = 4 ORDER BY id LIMIT 2) RETURNING id)
SELECT (SELECT count(*) FROM d), (SELECT count(*) FROM tasks WHERE account_id = 4);

WITH u AS (UPDATE users SET first_name = 'Renamed' WHERE account_id = 4 AND id IN (SELECT id FROM users WHERE account_id = 4 ORDER BY id LIMIT 2) RETURNING id)
SELECT (SELECT count(*) FROM u), (SELECT count(*) FROM tasks WHERE account_id = 4 AND assignee_id IS NOT NULL);

WITH i AS (INSERT INTO labels (account_id, name) VALUES (4, 'from cte') RETURNING id)
SELECT (SELECT count(*) FROM i), (SELECT count(*) FROM task_labels WHERE account_id = 4);
