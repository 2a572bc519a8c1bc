-- PL/pgSQL functions doing writes, then TRUNCATE.

CREATE FUNCTION close_project(p_tenant bigint, p_project bigint) RETURNS int LANGUAGE plpgsql AS $$
DECLARE n int;
BEGIN
    UPDATE tasks SET status = 'done', completed_at = '2024-10-01 00:00+00'
    WHERE tenant_id = p_tenant AND project_id = p_project AND status <> 'done';
    GET DIAGNOSTICS n = ROW_COUNT;
    UPDATE projects SET status = 'done', archived = true WHERE tenant_id = p_tenant AND project_id = p_project;
    INSERT INTO events (tenant_id, event_id, kind, occurred_at, payload)
    VALUES (p_tenant, 600000 + p_project, 'project_closed', '2024-10-01 00:00+00', jsonb_build_object('closed', n));
    RETURN n;
END $$;

SELECT close_project(1, 1);
SELECT close_project(2, 41);
SELECT close_project(3, 49);
SELECT close_project(4, 57);
SELECT close_project(5, 65);
SELECT close_project(6, 73);
SELECT close_project(7, 75);
SELECT close_project(1, 2);
SELECT close_project(999, 1);

CREATE FUNCTION add_user(p_tenant bigint, p_email text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE id bigint;
BEGIN
    INSERT INTO users (tenant_id, email, created_at) VALUES (p_tenant, p_email, '2024-10-02 00:00+00') RETURNING user_id INTO id;
    RETURN id;
END $$;
SELECT add_user(1, 'fn1@t1');
SELECT add_user(2, 'fn2@t2');
SELECT add_user(3, 'fn3@t3');
SELECT add_user(4, 'fn4@t4');
SELECT add_user(5, 'fn5@t5');
SELECT add_user(6, 'fn6@t6');
SELECT add_user(7, 'fn7@t7');
SELECT t, add_user(t, 'multi@t' || t) IS NOT NULL FROM generate_series(20, 24) t;

CREATE FUNCTION tenant_task_count(p_tenant bigint) RETURNS bigint LANGUAGE sql STABLE AS
    $$ SELECT count(*) FROM tasks WHERE tenant_id = p_tenant $$;
SELECT tenant_id, tenant_task_count(tenant_id) FROM tenants WHERE tenant_id <= 8;

-- loop of single-row writes
DO $$
BEGIN
    FOR i IN 1..30 LOOP
        INSERT INTO comments (tenant_id, comment_id, task_id, body, created_at)
        VALUES (1 + i % 6, 8800000 + i, i, 'loop ' || i, timestamptz '2024-10-03 00:00+00' + i * interval '1 minute');
        IF i % 10 = 0 THEN
            UPDATE comments SET edited = true WHERE comment_id = 8800000 + i - 1 AND tenant_id = 1 + (i - 1) % 6;
        END IF;
    END LOOP;
END $$;

DROP FUNCTION close_project(bigint, bigint);
DROP FUNCTION add_user(bigint, text);
DROP FUNCTION tenant_task_count(bigint);

TRUNCATE comments;
SELECT count(*) FROM comments;
TRUNCATE events, audit_log;
INSERT INTO events (tenant_id, event_id, kind, occurred_at) VALUES (1, 1, 'after truncate', '2024-10-04');
BEGIN;
TRUNCATE sessions;
INSERT INTO sessions (session_id, tenant_id, started_at) VALUES (md5('x')::uuid, 1, '2024-10-04');
ROLLBACK;
SELECT count(*) FROM sessions;
BEGIN;
TRUNCATE api_keys;
COMMIT;
SELECT count(*) FROM api_keys;
