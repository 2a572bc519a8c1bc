-- Transactions across tenants and nodes: savepoints, rollbacks, errors, reads of own writes.

BEGIN;
INSERT INTO projects (tenant_id, name, created_at) VALUES (1, 'tx project', '2024-09-01') RETURNING project_id;
UPDATE tasks SET status = 'done' WHERE tenant_id = 2 AND status = 'todo';
SELECT status, count(*) FROM tasks WHERE tenant_id IN (1, 2) GROUP BY status;
SAVEPOINT a;
DELETE FROM comments WHERE tenant_id = 3;
SELECT count(*) FROM comments;
ROLLBACK TO SAVEPOINT a;
SELECT count(*) FROM comments;
SAVEPOINT b;
UPDATE invoices SET amount = amount * 2 WHERE tenant_id = 4;
RELEASE SAVEPOINT b;
SAVEPOINT c;
-- error
INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at, priority) VALUES (5, 1, 1, 'x', 'todo', '2024-09-01', 0);
ROLLBACK TO SAVEPOINT c;
INSERT INTO events (tenant_id, event_id, kind, occurred_at) VALUES (5, 500001, 'tx', '2024-09-01'), (6, 500002, 'tx', '2024-09-01'), (7, 500003, 'tx', '2024-09-01');
SELECT tenant_id, count(*) FROM events WHERE kind = 'tx' GROUP BY tenant_id;
COMMIT;

BEGIN;
UPDATE tenants SET mrr = 0 WHERE tenant_id < 20;
INSERT INTO users (tenant_id, email, created_at) VALUES (1, 'rolled@back', '2024-09-01');
SELECT count(*) FROM tenants WHERE mrr = 0;
ROLLBACK;
SELECT count(*) FROM tenants WHERE mrr = 0;

-- error in the middle aborts the whole transaction
BEGIN;
UPDATE tasks SET priority = 1 WHERE tenant_id = 8;
-- error
UPDATE tasks SET priority = 0 WHERE tenant_id = 9;
-- error
SELECT 1;
COMMIT;
SELECT count(*) FROM tasks WHERE tenant_id = 8 AND priority = 1;

-- nested savepoints with writes on several nodes, then rollback of the outer one
BEGIN;
SAVEPOINT outer_sp;
UPDATE users SET locale = 'xx' WHERE tenant_id IN (1, 2, 3, 4, 5);
SAVEPOINT inner_sp;
DELETE FROM events WHERE tenant_id IN (1, 2) AND kind = 'login';
ROLLBACK TO SAVEPOINT inner_sp;
SELECT count(*) FROM events WHERE kind = 'login';
UPDATE users SET locale = 'yy' WHERE tenant_id = 6;
ROLLBACK TO SAVEPOINT outer_sp;
SELECT locale, count(*) FROM users GROUP BY locale;
UPDATE users SET locale = 'zz' WHERE tenant_id = 7;
COMMIT;

-- read-your-writes with multi-shard queries and aggregates in one transaction
BEGIN;
INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status)
SELECT tenant_id, 700, 1.23, 'USD', '2024-09-02', 'open' FROM tenants WHERE tenant_id % 2 = 0;
SELECT count(*), sum(amount) FROM invoices WHERE invoice_id = 700;
UPDATE invoices SET status = 'paid', paid_at = '2024-09-03' WHERE invoice_id = 700 AND tenant_id % 4 = 0;
SELECT status, count(*) FROM invoices WHERE invoice_id = 700 GROUP BY status;
DELETE FROM invoices WHERE invoice_id = 700 AND status = 'open' RETURNING tenant_id;
COMMIT;

-- reference table and distributed table in one transaction
BEGIN;
INSERT INTO plans VALUES (6, 'startup', 9.99, 'USD', 8, '{"api": true}');
UPDATE tenants SET plan_id = 6 WHERE plan_id = 1;
SELECT pl.name, count(*) FROM tenants tn JOIN plans pl ON pl.plan_id = tn.plan_id GROUP BY pl.name;
SAVEPOINT s;
DELETE FROM plans WHERE plan_id = 6;
ROLLBACK TO SAVEPOINT s;
COMMIT;

-- DO block / function with exception handler undoes only its part
DO $$
BEGIN
    UPDATE tasks SET status = 'in_progress' WHERE tenant_id = 12;
    BEGIN
        UPDATE tasks SET status = 'blocked' WHERE tenant_id = 13;
        INSERT INTO tasks (tenant_id, task_id, project_id, title, status, created_at, priority) VALUES (13, 1, 1, 'x', 'todo', '2024-09-01', 99);
    EXCEPTION WHEN check_violation THEN
        RAISE NOTICE 'caught';
    END;
END $$;
SELECT tenant_id, status, count(*) FROM tasks WHERE tenant_id IN (12, 13) GROUP BY 1, 2;

BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT count(*) FROM tasks;
UPDATE tasks SET estimate_hours = 1 WHERE estimate_hours IS NULL;
SELECT count(*) FROM tasks WHERE estimate_hours = 1;
COMMIT;
