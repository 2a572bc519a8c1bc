-- Upserts (ON CONFLICT with EXCLUDED, WHERE, ON CONSTRAINT, RETURNING), multi-row mixed-tenant
-- INSERTs, data-modifying CTEs, UPDATE/DELETE with subqueries, joins and RETURNING expressions.

-- multi-row INSERT across many tenants with expressions and RETURNING expressions
INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES
    (1, 800, 10.50, 'USD', '2024-08-01', 'open'), (7, 800, 11.25, 'EUR', '2024-08-01', 'draft'),
    (13, 800, 12, 'GBP', '2024-08-02', 'paid'), (22, 800, 13 * 2, 'USD', '2024-08-03', 'void'),
    (35, 800, 14.99, 'USD', '2024-08-04', 'open'), (2, 800, 0, 'USD', '2024-08-05', 'open')
RETURNING tenant_id, invoice_id, amount * 2 AS doubled, upper(status) || '/' || currency AS label, issued_on + 30 AS due;

-- ON CONFLICT ON CONSTRAINT with EXCLUDED and a WHERE clause
INSERT INTO invoices AS i (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES
    (1, 800, 99, 'USD', '2024-08-10', 'paid'), (7, 800, 5, 'EUR', '2024-08-10', 'open'),
    (13, 800, 1, 'GBP', '2024-08-10', 'open'), (36, 800, 2, 'USD', '2024-08-10', 'open')
ON CONFLICT ON CONSTRAINT invoices_pkey DO UPDATE
    SET amount = i.amount + excluded.amount, status = excluded.status, issued_on = greatest(i.issued_on, excluded.issued_on)
    WHERE i.status <> 'paid' AND excluded.amount > 1
RETURNING tenant_id, invoice_id, amount, status, issued_on, (xmax = 0) IS NOT NULL AS flag;

-- ON CONFLICT DO NOTHING ON CONSTRAINT
INSERT INTO tenants (tenant_id, name, slug, created_at) VALUES (1, 'x', 'x', '2024-01-01'), (43, 'New 43', 'n43', '2024-01-01')
ON CONFLICT ON CONSTRAINT tenants_pkey DO NOTHING RETURNING *;

-- upsert with EXCLUDED in SET and in WHERE, RETURNING a join-free expression
INSERT INTO users (tenant_id, user_id, email, role, created_at) VALUES
    (1, 1, 'changed@t1', 'admin', '2024-08-01'), (2, 121, 'new@t2', 'guest', '2024-08-01'), (3, 141, 'x@t3', 'member', '2024-08-01')
ON CONFLICT (tenant_id, user_id) DO UPDATE
    SET email = excluded.email || ' (was ' || users.email || ')', role = excluded.role
    WHERE users.role IS DISTINCT FROM excluded.role
RETURNING tenant_id, user_id, email, role, length(email) AS len;

-- upsert where the row is updated twice in one statement: vanilla errors
-- error
INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status) VALUES
    (3, 801, 1, 'USD', '2024-08-01', 'open'), (3, 801, 2, 'USD', '2024-08-01', 'open')
ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET amount = excluded.amount;
SELECT count(*) FROM invoices WHERE invoice_id = 801;

-- upsert on a reference table
INSERT INTO plans VALUES (2, 'starter+', 21.00, 'USD', 12, NULL), (7, 'new', 1, 'EUR', 1, '{}')
ON CONFLICT (plan_id) DO UPDATE SET name = excluded.name, monthly_price = excluded.monthly_price, features = coalesce(excluded.features, plans.features)
RETURNING plan_id, name, monthly_price, features;

-- INSERT ... SELECT with GROUP BY, HAVING, ORDER BY LIMIT, DISTINCT, window functions
INSERT INTO events (tenant_id, event_id, kind, occurred_at, payload)
SELECT tenant_id, 710000 + count(*), 'task_summary', timestamptz '2024-08-01 00:00+00', jsonb_build_object('n', count(*), 'max', max(priority))
FROM tasks GROUP BY tenant_id HAVING count(*) > 2
RETURNING tenant_id, event_id, payload;

INSERT INTO comments (tenant_id, comment_id, task_id, body, created_at)
SELECT tenant_id, 7200000 + task_id, task_id, 'oldest', created_at FROM tasks ORDER BY created_at, tenant_id, task_id LIMIT 7;

INSERT INTO audit_log (tenant_id, seq, action, at)
SELECT DISTINCT tenant_id, 730000, status, timestamptz '2024-08-01 00:00+00' FROM tasks WHERE tenant_id BETWEEN 3 AND 9;

INSERT INTO audit_log (tenant_id, seq, actor_id, action, at)
SELECT tenant_id, 740000 + rank() OVER (PARTITION BY tenant_id ORDER BY created_at, user_id), user_id, 'rank',
       timestamptz '2024-08-01 00:00+00'
FROM users WHERE tenant_id IN (2, 3);

INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status)
SELECT t.tenant_id, 802, coalesce(sum(p.budget), 0), coalesce(min(c.currency), 'USD'), date '2024-08-31', 'draft'
FROM tenants t LEFT JOIN projects p ON p.tenant_id = t.tenant_id LEFT JOIN countries c ON c.code = t.country
GROUP BY t.tenant_id
RETURNING tenant_id, amount, currency;

-- INSERT ... SELECT from a non-colocated table with aggregates, into a colocated one
INSERT INTO events (tenant_id, event_id, kind, occurred_at)
SELECT tenant_id, 750000 + count(*), 'audit_count', max(at) FROM audit_log GROUP BY tenant_id;

-- INSERT ... SELECT with a CTE and a window over the whole table (not by tenant)
WITH ranked AS (
    SELECT tenant_id, task_id, row_number() OVER (ORDER BY estimate_hours DESC NULLS LAST, tenant_id, task_id) AS rn FROM tasks
)
INSERT INTO comments (tenant_id, comment_id, task_id, body, created_at)
SELECT tenant_id, 7600000 + rn, task_id, 'rank ' || rn, '2024-08-02' FROM ranked WHERE rn <= 12;

-- data-modifying CTEs: each runs once, first, and its RETURNING rows feed the statement
WITH moved AS (DELETE FROM comments WHERE body = 'oldest' RETURNING *)
INSERT INTO events (tenant_id, event_id, kind, occurred_at)
SELECT tenant_id, 770000 + comment_id % 100000, 'moved', created_at FROM moved
RETURNING tenant_id, event_id, kind;
SELECT count(*) FROM comments WHERE body = 'oldest';
SELECT tenant_id, event_id FROM events WHERE kind = 'moved';

WITH ins AS (INSERT INTO tenants (tenant_id, name, slug, created_at) VALUES (44, 'cte tenant', 'cte', '2024-08-01') RETURNING tenant_id)
INSERT INTO users (tenant_id, email, created_at) SELECT tenant_id, 'owner@cte', '2024-08-01' FROM ins RETURNING tenant_id, email;
SELECT tenant_id, email FROM users WHERE tenant_id = 44;

-- rows moved within one table (a new key), several data-modifying CTEs, one not referenced
WITH old AS (DELETE FROM invoices WHERE tenant_id = 13 AND invoice_id = 800 RETURNING *),
     logged AS (INSERT INTO audit_log (tenant_id, seq, action, target, at)
                SELECT tenant_id, 780000 + invoice_id, 'renumber', 'invoice:' || invoice_id, '2024-08-05' FROM old RETURNING seq),
     untouched AS (UPDATE plans SET max_seats = coalesce(max_seats, 0) + 1 WHERE plan_id = 1)
INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status)
SELECT tenant_id, invoice_id + 1, amount, currency, issued_on, status FROM old
RETURNING tenant_id, invoice_id, amount;
SELECT tenant_id, seq, action FROM audit_log WHERE action = 'renumber';
SELECT plan_id, max_seats FROM plans WHERE plan_id = 1;

-- from a local table into a distributed one, and a reference table feeding a distributed one
CREATE TEMP TABLE flags_copy AS SELECT * FROM plain.tenant_flags;
WITH flags AS (DELETE FROM flags_copy WHERE flag = 'beta' RETURNING tenant_id)
INSERT INTO events (tenant_id, event_id, kind, occurred_at)
SELECT tenant_id, 790000 + row_number() OVER (ORDER BY tenant_id), 'flag', '2024-08-06' FROM flags;
WITH p AS (INSERT INTO plans VALUES (8, 'cte plan', 2, 'USD', 2, NULL) RETURNING plan_id, name)
UPDATE tenants t SET plan_id = p.plan_id FROM p WHERE t.tenant_id IN (20, 21) RETURNING t.tenant_id, t.plan_id, p.name;

-- UPDATE / DELETE with a data-modifying CTE
WITH closed AS (UPDATE projects SET status = 'closed' WHERE tenant_id = 4 AND status = 'paused' RETURNING tenant_id, project_id)
DELETE FROM tasks t USING closed c WHERE c.tenant_id = t.tenant_id AND c.project_id = t.project_id AND t.status = 'todo'
RETURNING t.tenant_id, t.task_id;
-- the rest of the statement reads the modified table: refused, nothing changes
-- expect-error: which the rest of the
WITH d AS (DELETE FROM comments WHERE tenant_id = 5 AND false RETURNING tenant_id, task_id)
UPDATE tasks t SET priority = 1 FROM d WHERE d.tenant_id = t.tenant_id AND d.task_id = t.task_id
  AND EXISTS (SELECT 1 FROM comments c WHERE c.tenant_id = t.tenant_id);
-- the statement fails after its data-modifying CTE ran: nothing changes
-- error
WITH d AS (DELETE FROM comments WHERE tenant_id = 6 RETURNING *)
INSERT INTO invoices (tenant_id, invoice_id, amount, currency, issued_on, status)
SELECT tenant_id, invoice_id, amount, currency, issued_on, status FROM invoices WHERE tenant_id = 6;
SELECT count(*) FROM comments WHERE tenant_id = 6;
SELECT count(*) FROM flags_copy;
DROP TABLE flags_copy;

WITH upd AS (UPDATE tasks SET status = 'archived' WHERE tenant_id = 6 AND status = 'done' RETURNING tenant_id, task_id)
SELECT count(*) FROM upd;

WITH d AS (DELETE FROM events WHERE kind = 'moved' RETURNING tenant_id, event_id)
SELECT tenant_id, count(*) FROM d GROUP BY tenant_id;
SELECT count(*) FROM events WHERE kind = 'moved';

-- UPDATE ... FROM a reference table, with subqueries in SET, row-valued SET
UPDATE tenants t SET mrr = coalesce(t.mrr, 0) * (1 + c.vat_rate), country = lower(c.code)::char(2)
FROM countries c WHERE c.code = t.country AND c.region = 'Europe'
RETURNING t.tenant_id, t.mrr, t.country, c.name;

UPDATE projects p SET budget = (SELECT count(*) FROM tasks t WHERE t.tenant_id = p.tenant_id AND t.project_id = p.project_id) * 10,
                      status = CASE WHEN EXISTS (SELECT 1 FROM tasks t WHERE t.tenant_id = p.tenant_id AND t.project_id = p.project_id AND t.status = 'blocked') THEN 'at_risk' ELSE p.status END
WHERE p.tenant_id BETWEEN 2 AND 6;

UPDATE tasks t SET (status, priority) = (SELECT 'reassigned', 2) WHERE t.tenant_id = 7;

UPDATE tasks t SET (assignee_id, estimate_hours) = (SELECT min(u.user_id), count(*) FROM users u WHERE u.tenant_id = t.tenant_id)
WHERE t.tenant_id IN (3, 4) AND t.assignee_id IS NULL
RETURNING tenant_id, task_id, assignee_id, estimate_hours;

UPDATE users u SET display_name = (SELECT name FROM tenants t WHERE t.tenant_id = u.tenant_id) || ': ' || coalesce(u.display_name, '?')
WHERE u.tenant_id = 5 RETURNING user_id, display_name;

UPDATE invoices SET amount = amount + (SELECT max(monthly_price) FROM plans) WHERE invoice_id = 800;

-- UPDATE with a non-colocated subquery
UPDATE tenants SET is_active = false WHERE tenant_id IN (SELECT tenant_id FROM audit_log WHERE action = 'rank');

-- DELETE ... USING a reference table, with NOT EXISTS, with RETURNING joins
DELETE FROM tenants t USING countries c WHERE c.code = t.country AND c.region IS NULL AND t.tenant_id > 30
RETURNING t.tenant_id, c.name, t.name || '@' || c.code AS tag;

DELETE FROM users u WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.tenant_id = u.tenant_id AND t.assignee_id = u.user_id)
  AND u.tenant_id BETWEEN 6 AND 15 RETURNING tenant_id, user_id;

-- a correlated subquery on a table that is not colocated with the target (audit_log has no
-- primary key: its rows are matched on every column)
DELETE FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM tenants t WHERE t.tenant_id = a.tenant_id);

DELETE FROM projects p USING tasks t WHERE t.tenant_id = p.tenant_id AND t.project_id = p.project_id AND t.status = 'archived'
RETURNING p.tenant_id, p.project_id, p.name;

-- RETURNING with a subquery
UPDATE invoices i SET status = 'paid' WHERE invoice_id = 802 AND tenant_id < 5
RETURNING tenant_id, (SELECT name FROM plans WHERE plan_id = 1) AS plan_name, amount;

-- INSERT ... SELECT from a recursive WITH query (computed on the coordinator)
WITH RECURSIVE chain(tenant_id, task_id, depth) AS (
    SELECT tenant_id, min(task_id), 1 FROM tasks WHERE tenant_id < 4 GROUP BY tenant_id
    UNION ALL
    SELECT c.tenant_id, t.task_id, c.depth + 1 FROM chain c JOIN tasks t ON t.tenant_id = c.tenant_id AND t.task_id = c.task_id + 1 WHERE c.depth < 3)
INSERT INTO comments (tenant_id, comment_id, task_id, body, created_at)
SELECT tenant_id, 6000000 + task_id, task_id, 'depth ' || depth, '2024-01-01' FROM chain
RETURNING tenant_id, comment_id, body;
