-- PL/pgSQL and SQL functions that write distributed tables, DO blocks, procedures with COMMIT
-- and ROLLBACK inside (CALL), dynamic EXECUTE ... USING for writes, loops over query results
-- that write as they go.

CREATE FUNCTION h10_reassign(p_tenant bigint, p_from bigint, p_to bigint) RETURNS int LANGUAGE plpgsql AS $$
DECLARE n int;
BEGIN
    UPDATE tasks SET assignee_id = p_to WHERE tenant_id = p_tenant AND assignee_id = p_from;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
SELECT h10_reassign(1, 1, 2);
SELECT h10_reassign(1, 3, 4);
SELECT h10_reassign(2, 121, 122);
SELECT h10_reassign(3, 141, 142);
SELECT h10_reassign(4, 161, 162);
SELECT h10_reassign(5, 181, 182);
SELECT h10_reassign(1, 5, NULL);
SELECT h10_reassign(NULL, 5, 6);
SELECT h10_reassign(1, 7, 8);
SELECT t, h10_reassign(t, NULL, 1) FROM generate_series(1, 5) t;

-- loop over a query result that writes per row (read and write the same tables)
CREATE FUNCTION h10_bump_overdue(p_day date) RETURNS int LANGUAGE plpgsql AS $$
DECLARE r record; n int := 0;
BEGIN
    FOR r IN SELECT tenant_id, task_id, priority FROM tasks WHERE due_date < p_day AND status <> 'done' AND priority < 5 ORDER BY tenant_id, task_id LOOP
        UPDATE tasks SET priority = r.priority + 1 WHERE tenant_id = r.tenant_id AND task_id = r.task_id;
        INSERT INTO audit_log (tenant_id, seq, action, target, at) VALUES (r.tenant_id, 100000 + n, 'bump', 'task:' || r.task_id, '2024-11-01');
        n := n + 1;
    END LOOP;
    RETURN n;
END $$;
SELECT h10_bump_overdue('2024-03-20');
SELECT h10_bump_overdue('2024-03-25');
SELECT count(*), sum(priority) FROM tasks;

-- RETURN QUERY over UPDATE ... RETURNING and DELETE ... RETURNING
CREATE FUNCTION h10_pay(p_tenant bigint, p_at timestamptz) RETURNS TABLE (invoice_id int, amount numeric) LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY UPDATE invoices i SET status = 'paid', paid_at = p_at
        WHERE i.tenant_id = p_tenant AND i.status = 'open' RETURNING i.invoice_id, i.amount;
END $$;
SELECT * FROM h10_pay(1, '2024-11-02 10:00+00');
SELECT * FROM h10_pay(2, '2024-11-02 10:00+00');
SELECT * FROM h10_pay(3, '2024-11-02 10:00+00');
SELECT * FROM h10_pay(4, '2024-11-02 10:00+00');
SELECT * FROM h10_pay(5, '2024-11-02 10:00+00');
SELECT * FROM h10_pay(6, '2024-11-02 10:00+00');
SELECT * FROM h10_pay(8, '2024-11-02 10:00+00');
SELECT * FROM h10_pay(9, NULL);
SELECT * FROM h10_pay(1, '2024-11-03');

-- dynamic writes with USING
CREATE FUNCTION h10_dyn_touch(p_table text, p_tenant bigint, p_col text, p_val text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE format('UPDATE %I SET %I = $2 WHERE tenant_id = $1', p_table, p_col) USING p_tenant, p_val;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
SELECT h10_dyn_touch('users', 2, 'locale', 'pt_BR');
SELECT h10_dyn_touch('users', 3, 'display_name', NULL);
SELECT h10_dyn_touch('projects', 4, 'status', 'paused');
SELECT h10_dyn_touch('tasks', 5, 'description', E'dyn\ttab');
SELECT h10_dyn_touch('api_keys', 6, 'label', 'dyn');
SELECT h10_dyn_touch('audit_log', 7, 'action', 'dyn');
SELECT h10_dyn_touch('sessions', 8, 'user_agent', 'dyn/1.0');
SELECT h10_dyn_touch('events', 9, 'kind', 'dyn');
SELECT h10_dyn_touch('comments', 10, 'body', 'dyn');

CREATE FUNCTION h10_dyn_insert(p_tenant bigint, p_id bigint, p_payload jsonb, p_at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'INSERT INTO events (tenant_id, event_id, kind, occurred_at, payload) VALUES ($1, $2, $3, $4, $5)'
        USING p_tenant, p_id, 'dyn', p_at, p_payload;
END $$;
SELECT h10_dyn_insert(t, 700000 + t, jsonb_build_object('t', t), timestamptz '2024-11-04' + t * interval '1 hour') FROM generate_series(1, 12) t;
SELECT h10_dyn_insert(1, 700100, NULL, '2024-11-04');
SELECT h10_dyn_insert(1, 700101, '[1, 2]', '2024-11-04');
-- error
SELECT h10_dyn_insert(1, 700100, NULL, '2024-11-04');
-- error
SELECT h10_dyn_insert(NULL, 700102, NULL, '2024-11-04');

-- SQL-language function writing, VOLATILE, called in a SELECT list and FROM
CREATE FUNCTION h10_add_comment(p_tenant bigint, p_id bigint, p_task bigint, p_body text) RETURNS bigint LANGUAGE sql AS $$
    INSERT INTO comments (tenant_id, comment_id, task_id, body, created_at) VALUES (p_tenant, p_id, p_task, p_body, '2024-11-05')
    RETURNING comment_id $$;
SELECT h10_add_comment(t, 9100000 + t, 1, 'sql fn ' || t) FROM generate_series(1, 10) t;
SELECT * FROM h10_add_comment(1, 9100100, 2, 'from');

-- a function that reads what it just wrote (read-your-writes inside one statement's function)
CREATE FUNCTION h10_write_then_read(p_tenant bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    INSERT INTO projects (tenant_id, name, created_at) VALUES (p_tenant, 'wtr', '2024-11-06');
    UPDATE users SET role = 'admin' WHERE tenant_id = p_tenant AND role = 'guest';
    SELECT count(*) INTO n FROM projects WHERE tenant_id = p_tenant AND name = 'wtr';
    SELECT n * 1000 + count(*) INTO n FROM users WHERE tenant_id = p_tenant AND role = 'admin';
    RETURN n;
END $$;
SELECT t, h10_write_then_read(t) FROM generate_series(1, 9) t;
SELECT h10_write_then_read(1);

-- exceptions roll back the writes of their block only
CREATE FUNCTION h10_try(p_tenant bigint) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tenants SET mrr = coalesce(mrr, 0) + 1 WHERE tenant_id = p_tenant;
    BEGIN
        UPDATE projects SET budget = -1 WHERE tenant_id = p_tenant;
        RETURN 'no error';
    EXCEPTION WHEN check_violation THEN
        UPDATE tenants SET mrr = coalesce(mrr, 0) + 100 WHERE tenant_id = p_tenant;
        RETURN 'caught';
    END;
END $$;
SELECT t, h10_try(t) FROM generate_series(1, 8) t;
SELECT h10_try(35);
SELECT h10_try(40);

-- DO blocks
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT tenant_id, count(*) AS n FROM users GROUP BY tenant_id ORDER BY tenant_id LOOP
        UPDATE tenants SET settings = coalesce(settings, '{}') || jsonb_build_object('users', r.n) WHERE tenant_id = r.tenant_id;
    END LOOP;
END $$;
DO $$
BEGIN
    DELETE FROM comments WHERE tenant_id = 3 AND edited;
    IF (SELECT count(*) FROM comments WHERE tenant_id = 3 AND edited) <> 0 THEN RAISE EXCEPTION 'not deleted'; END IF;
    INSERT INTO comments SELECT tenant_id, comment_id + 50000000, task_id, author_id, body || ' (copy)', created_at, true FROM comments WHERE tenant_id = 3;
END $$;
-- error
DO $$
BEGIN
    UPDATE tasks SET status = 'doomed' WHERE tenant_id = 4;
    RAISE EXCEPTION 'boom';
END $$;
SELECT count(*) FROM tasks WHERE status = 'doomed';

-- procedures with transaction control
CREATE PROCEDURE h10_batches(p_from bigint, p_to bigint) LANGUAGE plpgsql AS $$
BEGIN
    FOR t IN p_from..p_to LOOP
        UPDATE events SET kind = kind || '+' WHERE tenant_id = t AND event_id % 4 = 0;
        INSERT INTO audit_log (tenant_id, seq, action, at) VALUES (t, 200000 + t, 'batch', '2024-11-07');
        IF t % 2 = 0 THEN COMMIT; ELSE ROLLBACK; END IF;
    END LOOP;
END $$;
CALL h10_batches(1, 10);
SELECT tenant_id, count(*) FROM events WHERE kind LIKE '%+' GROUP BY tenant_id;

CREATE PROCEDURE h10_commit_loop() LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
    -- a loop over a query with COMMIT inside: the query's portal is held across commits
    FOR r IN SELECT tenant_id, invoice_id FROM invoices WHERE status = 'draft' ORDER BY tenant_id, invoice_id LOOP
        UPDATE invoices SET status = 'void' WHERE tenant_id = r.tenant_id AND invoice_id = r.invoice_id;
        COMMIT;
    END LOOP;
END $$;
CALL h10_commit_loop();
SELECT status, count(*) FROM invoices GROUP BY status;

CREATE PROCEDURE h10_inout(INOUT n bigint, p_tenant bigint) LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM sessions WHERE tenant_id = p_tenant AND duration IS NULL;
    GET DIAGNOSTICS n = ROW_COUNT;
    COMMIT;
END $$;
CALL h10_inout(NULL, 1);
CALL h10_inout(NULL, 2);
CALL h10_inout(0, 999);

CREATE PROCEDURE h10_sql_proc(p_tenant bigint) LANGUAGE sql AS $$
    UPDATE users SET last_login = '2024-11-08' WHERE tenant_id = p_tenant;
    DELETE FROM api_keys WHERE tenant_id = p_tenant AND revoked_at IS NOT NULL;
$$;
CALL h10_sql_proc(1);
CALL h10_sql_proc(2);
CALL h10_sql_proc(3);
CALL h10_sql_proc(4);
CALL h10_sql_proc(5);
CALL h10_sql_proc(6);
CALL h10_sql_proc(7);

-- CALL inside an explicit transaction block: COMMIT inside is an error there
BEGIN;
-- error
CALL h10_batches(20, 21);
ROLLBACK;
SELECT count(*) FROM audit_log WHERE action = 'batch';

-- functions with a write, called from a WHERE clause of a distributed query
CREATE FUNCTION h10_log_and_true(p_tenant bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (tenant_id, seq, action, at) VALUES (p_tenant, 300000, 'where', '2024-11-09');
    RETURN true;
END $$;
SELECT tenant_id FROM tenants WHERE tenant_id <= 6 AND h10_log_and_true(tenant_id);
SELECT count(*) FROM audit_log WHERE action = 'where';

DROP FUNCTION h10_reassign(bigint, bigint, bigint);
DROP FUNCTION h10_bump_overdue(date);
DROP FUNCTION h10_pay(bigint, timestamptz);
DROP FUNCTION h10_dyn_touch(text, bigint, text, text);
DROP FUNCTION h10_dyn_insert(bigint, bigint, jsonb, timestamptz);
DROP FUNCTION h10_add_comment(bigint, bigint, bigint, text);
DROP FUNCTION h10_write_then_read(bigint);
DROP FUNCTION h10_try(bigint);
DROP FUNCTION h10_log_and_true(bigint);
DROP PROCEDURE h10_batches(bigint, bigint);
DROP PROCEDURE h10_commit_loop();
DROP PROCEDURE h10_inout(bigint, bigint);
DROP PROCEDURE h10_sql_proc(bigint);
