-- Wrong answers found by the SELECT fuzzer (../fuzz/generate.py), one statement or a few each.

-- An output column named like a column of the only table but computing something else: the
-- shard query printed ORDER BY / DISTINCT ON as the bare column name, which the worker took for
-- the output column (sorting by -id, so LIMIT kept the wrong rows).
-- ordered
SELECT -t.id AS id FROM tasks t ORDER BY t.id LIMIT 3;
-- ordered
SELECT -t.id AS id FROM tasks t WHERE t.account_id = 1 ORDER BY t.id LIMIT 3;
-- ordered
SELECT upper(t.title) AS title, t.id FROM tasks t ORDER BY t.title DESC, t.id LIMIT 4;
-- ordered
SELECT t.id::text, t.id FROM tasks t ORDER BY t.id DESC NULLS LAST LIMIT 5;
-- ordered
SELECT DISTINCT ON (t.priority) -t.priority AS priority, t.id FROM tasks t ORDER BY t.priority, t.id;
-- ordered
SELECT t.title AS status, t.id FROM tasks t WHERE t.account_id = 2 ORDER BY t.status, t.id LIMIT 6;
SELECT count(*) FROM (SELECT -t.id AS id FROM tasks t ORDER BY t.id LIMIT 50) s WHERE s.id > -60;
-- ordered
SELECT count(*) AS account_id, t.account_id AS n FROM tasks t GROUP BY t.account_id ORDER BY t.account_id DESC LIMIT 4;
-- ordered
SELECT t.id, -t.id AS id FROM tasks t WHERE t.account_id = 3 ORDER BY t.id LIMIT 3;
