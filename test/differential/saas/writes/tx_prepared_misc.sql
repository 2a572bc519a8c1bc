-- Transactions with savepoints and reads, TRUNCATE rolled back, prepared writes run more than
-- five times (generic plans) with NULL and non-NULL parameters, identity / serial / defaults,
-- generated columns, multiple assignments, triggers.

-- multiple assignment swapping two columns of the same type
UPDATE users SET (locale, display_name) = (SELECT display_name, locale) WHERE tenant_id = 4 RETURNING user_id, locale, display_name;
UPDATE users u SET (display_name, locale) = (SELECT t.name, t.slug FROM tenants t WHERE t.tenant_id = u.tenant_id) WHERE u.tenant_id IN (6, 7, 8);
UPDATE tasks SET (priority, title, status) = (1, 'row form', 'todo'), estimate_hours = 2 WHERE tenant_id = 9 RETURNING task_id, priority, title, title_lower, status;
INSERT INTO invoices AS i (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES (2, 1, 5, 'EUR', '2024-09-01', 'open')
ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET (status, currency) = (SELECT 'void', excluded.currency), amount = i.amount + 1
RETURNING tenant_id, invoice_id, amount, currency, status;

-- generated columns follow updates; identity and bigserial continue after explicit values
UPDATE tasks SET title = 'Mixed CASE ' || task_id WHERE tenant_id = 10 RETURNING task_id, title_lower;
INSERT INTO users (tenant_id, user_id, email, created_at) OVERRIDING SYSTEM VALUE VALUES (12, 77777, 'override@t12', '2024-09-01') RETURNING user_id;
INSERT INTO users (tenant_id, email, created_at) VALUES (12, 'next@t12', '2024-09-01'), (13, 'next@t13', '2024-09-01') RETURNING tenant_id, user_id, role;
INSERT INTO projects (tenant_id, name, created_at) SELECT tenant_id, 'Gen ' || tenant_id, '2024-09-01' FROM tenants WHERE tenant_id BETWEEN 20 AND 25 ORDER BY tenant_id RETURNING tenant_id, project_id;
INSERT INTO projects VALUES (3, DEFAULT, 'all defaults', DEFAULT, DEFAULT, DEFAULT, '2024-09-02', DEFAULT, DEFAULT) RETURNING *;

-- savepoints, reads inside, errors undone by ROLLBACK TO
BEGIN;
INSERT INTO events (tenant_id, event_id, kind, occurred_at) VALUES (1, 880001, 'a', '2024-09-01'), (2, 880002, 'a', '2024-09-01'), (3, 880003, 'a', '2024-09-01');
SAVEPOINT s1;
UPDATE events SET kind = 'b' WHERE event_id BETWEEN 880001 AND 880003;
SELECT tenant_id, kind FROM events WHERE event_id BETWEEN 880001 AND 880003;
SAVEPOINT s2;
DELETE FROM events WHERE event_id = 880002;
-- error
INSERT INTO events (tenant_id, event_id, kind, occurred_at) VALUES (1, 880001, 'dup', '2024-09-01');
ROLLBACK TO SAVEPOINT s2;
SELECT tenant_id, kind FROM events WHERE event_id BETWEEN 880001 AND 880003;
ROLLBACK TO SAVEPOINT s1;
SELECT tenant_id, kind FROM events WHERE event_id BETWEEN 880001 AND 880003;
UPDATE events SET kind = 'c' WHERE event_id = 880003;
RELEASE SAVEPOINT s1;
COMMIT;
SELECT tenant_id, event_id, kind FROM events WHERE event_id BETWEEN 880001 AND 880003;

-- TRUNCATE inside a transaction, then ROLLBACK; also TRUNCATE after writes in the transaction
BEGIN;
INSERT INTO comments (tenant_id, comment_id, task_id, body, created_at) VALUES (1, 990001, 1, 'before truncate', '2024-09-01');
TRUNCATE comments, events;
SELECT count(*) FROM comments;
INSERT INTO comments (tenant_id, comment_id, task_id, body, created_at) VALUES (2, 990002, 1, 'after truncate', '2024-09-01');
SELECT tenant_id, comment_id FROM comments;
ROLLBACK;
SELECT count(*) FROM comments;
SELECT count(*) FROM events;
BEGIN;
SAVEPOINT t;
TRUNCATE invoices;
ROLLBACK TO SAVEPOINT t;
SELECT count(*) FROM invoices;
COMMIT;
SELECT count(*), sum(amount) FROM invoices;
BEGIN;
TRUNCATE plans;
SELECT count(*) FROM plans;
ROLLBACK;
SELECT count(*) FROM plans;

-- prepared statements, 8 executions each, NULL and non-NULL parameters
PREPARE up_task(bigint, bigint, text, numeric) AS
    UPDATE tasks SET description = $3, estimate_hours = $4 WHERE tenant_id = $1 AND task_id = $2
    RETURNING tenant_id, task_id, description, estimate_hours;
EXECUTE up_task(1, 10001, 'd1', 1.5);
EXECUTE up_task(1, 10002, NULL, NULL);
EXECUTE up_task(2, 20001, 'd3', NULL);
EXECUTE up_task(3, 30001, NULL, 3);
EXECUTE up_task(4, 40001, 'd5', 5);
EXECUTE up_task(5, 50001, 'd6', 6);
EXECUTE up_task(NULL, 10003, 'null tenant', 7);
EXECUTE up_task(1, NULL, 'null task', 8);
EXECUTE up_task(1, 10004, 'd9', 9);

PREPARE ins_inv(bigint, int, numeric, text) AS
    INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status)
    VALUES ($1, $2, coalesce($3, 0), 'USD', '2024-09-09', coalesce($4, 'draft'))
    ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET amount = invoices.amount + excluded.amount
    RETURNING tenant_id, invoice_id, amount, status;
EXECUTE ins_inv(1, 9001, 10, 'open');
EXECUTE ins_inv(2, 9001, NULL, NULL);
EXECUTE ins_inv(3, 9001, 3, NULL);
EXECUTE ins_inv(1, 9001, 1, 'paid');
EXECUTE ins_inv(4, 9001, 4, 'open');
EXECUTE ins_inv(5, 9001, 5, 'open');
EXECUTE ins_inv(6, 9001, 6, 'open');
EXECUTE ins_inv(1, 9001, 100, 'open');
-- error
EXECUTE ins_inv(7, 9001, 7, 'bogus');
-- error
EXECUTE ins_inv(NULL, 9001, 7, 'open');

PREPARE del_ev(bigint, text) AS DELETE FROM events WHERE tenant_id = $1 AND kind IS NOT DISTINCT FROM $2 RETURNING event_id;
EXECUTE del_ev(1, 'login');
EXECUTE del_ev(2, NULL);
EXECUTE del_ev(3, 'logout');
EXECUTE del_ev(4, 'login');
EXECUTE del_ev(5, NULL);
EXECUTE del_ev(6, 'export');
EXECUTE del_ev(NULL, 'login');
EXECUTE del_ev(1, 'logout');

-- a multi-shard prepared write (parameter not on the distribution column)
PREPARE bump_status(text, text) AS UPDATE tasks SET status = $2 WHERE status = $1 AND tenant_id > 25;
EXECUTE bump_status('todo', 'todo2');
EXECUTE bump_status('todo2', 'todo3');
EXECUTE bump_status('done', 'done2');
EXECUTE bump_status('x', NULL);
EXECUTE bump_status(NULL, 'x');
EXECUTE bump_status('todo3', 'todo');
EXECUTE bump_status('done2', 'done');
-- error
EXECUTE bump_status('todo', NULL);
SELECT status, count(*) FROM tasks WHERE tenant_id > 25 GROUP BY status;

-- prepared statements inside a transaction with a savepoint rolled back
BEGIN;
EXECUTE ins_inv(8, 9002, 1, 'open');
SAVEPOINT p;
EXECUTE ins_inv(9, 9002, 1, 'open');
EXECUTE up_task(1, 10005, 'in savepoint', 1);
ROLLBACK TO SAVEPOINT p;
EXECUTE ins_inv(10, 9002, 1, 'open');
COMMIT;
SELECT tenant_id, invoice_id, amount FROM invoices WHERE invoice_id = 9002;
DEALLOCATE ALL;

-- upserts whose ON CONFLICT / RETURNING hold subqueries (reference, colocated and correlated on
-- the distribution column, independent on distributed and local tables) and parameters
INSERT INTO tenants (tenant_id, name, slug, created_at) VALUES (1, 'x', 'x', '2024-01-01')
ON CONFLICT (tenant_id) DO UPDATE SET name = (SELECT name FROM plans WHERE plan_id = 1) RETURNING tenant_id, name;
INSERT INTO tenants (tenant_id, name, slug, created_at) VALUES (1, 'x', 'x', '2024-01-01'), (2, 'x', 'x', '2024-01-01'), (45, 'new', 'n', '2024-01-01')
ON CONFLICT (tenant_id) DO UPDATE SET mrr = (SELECT count(*) FROM users u WHERE u.tenant_id = excluded.tenant_id)
RETURNING tenant_id, mrr, (SELECT count(*) FROM projects p WHERE p.tenant_id = tenants.tenant_id) AS projects;
INSERT INTO tenants (tenant_id, name, slug, created_at) VALUES (3, 'x', 'x', '2024-01-01'), (4, 'x', 'x', '2024-01-01')
ON CONFLICT (tenant_id) DO UPDATE SET mrr = (SELECT count(*) FROM users) + (SELECT count(*) FROM plain.tenant_flags)
RETURNING tenant_id, mrr, (SELECT count(*) FROM tasks) AS all_tasks, (SELECT max(code) FROM countries) AS country;
INSERT INTO tenants (tenant_id, name, slug, created_at) VALUES (5, 'x', 'x', '2024-01-01'), (6, 'x', 'x', '2024-01-01')
ON CONFLICT (tenant_id) DO UPDATE SET mrr = 5 WHERE tenants.tenant_id IN (SELECT tenant_id FROM users WHERE role = 'owner' AND tenant_id < 6)
RETURNING tenant_id, mrr;
PREPARE upsert_tenant(bigint, text) AS
    INSERT INTO tenants (tenant_id, name, slug, created_at) VALUES ($1, 'x', 'x', '2024-01-01')
    ON CONFLICT (tenant_id) DO UPDATE SET name = $2 || (SELECT count(*) FROM users WHERE tenant_id = $1)
    WHERE tenants.slug IS DISTINCT FROM $2
    RETURNING tenant_id, name, $2 || '!' AS arg;
EXECUTE upsert_tenant(1, 'a');
EXECUTE upsert_tenant(2, 'b');
EXECUTE upsert_tenant(3, 'c');
EXECUTE upsert_tenant(4, 'd');
EXECUTE upsert_tenant(5, 'e');
EXECUTE upsert_tenant(6, 'f');
EXECUTE upsert_tenant(46, 'new');
-- error
EXECUTE upsert_tenant(7, NULL);
EXECUTE upsert_tenant(8, 'tenant-8');
EXECUTE upsert_tenant(9, 'h');
DEALLOCATE upsert_tenant;

-- writes through SQL and plpgsql functions with dynamic SQL
CREATE FUNCTION rename_tenant(p_id bigint, p_name text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE old text;
BEGIN
    SELECT name INTO old FROM tenants WHERE tenant_id = p_id;
    EXECUTE format('UPDATE tenants SET name = %L WHERE tenant_id = $1', p_name) USING p_id;
    INSERT INTO audit_log (tenant_id, seq, action, target, at) VALUES (p_id, 990000, 'rename', old, '2024-09-10');
    RETURN old;
END $$;
SELECT rename_tenant(t, 'Renamed ' || t) FROM generate_series(1, 7) t;
SELECT rename_tenant(999, 'nobody');
DROP FUNCTION rename_tenant(bigint, text);

-- INSERT ... SELECT computing values only the coordinator has: a sequence, a user function
CREATE SEQUENCE event_ids START 7000001;
CREATE FUNCTION event_kind(p_status text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'task_' || p_status $$;
INSERT INTO events (tenant_id, event_id, kind, occurred_at)
SELECT tenant_id, nextval('event_ids'), event_kind(status), created_at FROM tasks WHERE tenant_id IN (7, 8) ORDER BY tenant_id, task_id
RETURNING tenant_id, event_id, kind;
INSERT INTO events (tenant_id, event_id, kind, occurred_at)
SELECT t.tenant_id, 7100000 + t.task_id, event_kind(t.status), t.created_at FROM tasks t JOIN projects p ON p.tenant_id = t.tenant_id AND p.project_id = t.project_id
WHERE t.tenant_id = 9;
SELECT kind, count(*) FROM events WHERE event_id > 7000000 GROUP BY kind;
-- sequences in UPDATE are computed on the coordinator (the rows' keys first)
UPDATE tasks SET estimate_hours = nextval('event_ids') WHERE tenant_id = 10 AND false;
DROP FUNCTION event_kind(text);
DROP SEQUENCE event_ids;
