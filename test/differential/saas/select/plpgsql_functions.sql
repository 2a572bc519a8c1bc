-- PL/pgSQL and SQL functions reading distributed tables: loops over query results, RETURN QUERY,
-- dynamic EXECUTE ... USING, functions in WHERE and SELECT lists, STABLE vs VOLATILE, and each
-- called many times (PL/pgSQL caches its plans: generic plans after the fifth call).

CREATE OR REPLACE FUNCTION h10_open_tasks(p_tenant bigint) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
DECLARE n bigint;
BEGIN
    SELECT count(*) INTO n FROM tasks WHERE tenant_id = p_tenant AND status <> 'done';
    RETURN n;
END $$;

CREATE OR REPLACE FUNCTION h10_open_tasks_v(p_tenant bigint) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
DECLARE n bigint;
BEGIN
    SELECT count(*) INTO n FROM tasks WHERE tenant_id = p_tenant AND status <> 'done';
    RETURN n;
END $$;

CREATE OR REPLACE FUNCTION h10_budget_sql(p_tenant bigint) RETURNS numeric LANGUAGE sql STABLE AS
    $$ SELECT sum(budget) FROM projects WHERE tenant_id = p_tenant $$;

CREATE OR REPLACE FUNCTION h10_budget_sql_v(p_tenant bigint) RETURNS numeric LANGUAGE sql VOLATILE AS
    $$ SELECT sum(budget) FROM projects WHERE tenant_id = p_tenant $$;

-- called once per row of a distributed table (many calls: generic plans inside)
SELECT tenant_id, h10_open_tasks(tenant_id) FROM tenants;
SELECT tenant_id, h10_open_tasks_v(tenant_id) FROM tenants;
SELECT tenant_id, h10_budget_sql(tenant_id), h10_budget_sql_v(tenant_id) FROM tenants;
SELECT tenant_id, name FROM tenants WHERE h10_open_tasks(tenant_id) > 5;
SELECT tenant_id, name FROM tenants WHERE h10_open_tasks_v(tenant_id) BETWEEN 1 AND 5;
SELECT tenant_id, name FROM tenants WHERE h10_budget_sql(tenant_id) IS NULL;
SELECT t.tenant_id, count(*) FROM tasks t WHERE t.tenant_id <= 6 AND h10_open_tasks(t.tenant_id) > 3 GROUP BY t.tenant_id;
-- function of a constant: router-able query inside
SELECT h10_open_tasks(1), h10_open_tasks(2), h10_open_tasks(NULL), h10_open_tasks(999);
SELECT g, h10_open_tasks(g), h10_budget_sql(g) FROM generate_series(1, 42) g;
-- function used as a filter on a router query
SELECT task_id, status FROM tasks WHERE tenant_id = 3 AND project_id = 49 AND h10_open_tasks(3) > 0;

-- loop over query results, accumulating
CREATE OR REPLACE FUNCTION h10_loop_sum(p_tenant bigint) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r record; total numeric := 0; n int := 0; names text := '';
BEGIN
    FOR r IN SELECT project_id, name, budget FROM projects WHERE tenant_id = p_tenant ORDER BY project_id LOOP
        n := n + 1;
        total := total + coalesce(r.budget, 0);
        IF n <= 3 THEN names := names || r.name || ';'; END IF;
    END LOOP;
    RETURN n || '/' || total || '/' || names;
END $$;
SELECT g, h10_loop_sum(g) FROM generate_series(1, 12) g;
SELECT h10_loop_sum(34), h10_loop_sum(35), h10_loop_sum(NULL);

-- loop over a multi-shard query and a join with a reference table
CREATE OR REPLACE FUNCTION h10_loop_multi() RETURNS TABLE (region text, tenants bigint, mrr numeric) LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
    FOR r IN SELECT c.region, t.tenant_id, t.mrr FROM tenants t LEFT JOIN countries c ON c.code = t.country LOOP
        region := coalesce(r.region, '?');
        tenants := 1;
        mrr := r.mrr;
        RETURN NEXT;
    END LOOP;
END $$;
SELECT region, sum(tenants), sum(mrr) FROM h10_loop_multi() GROUP BY region;

-- RETURN QUERY, router and multi-shard, with parameters
CREATE OR REPLACE FUNCTION h10_tasks_of(p_tenant bigint, p_status text)
RETURNS TABLE (task_id bigint, title text, due date) LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT t.task_id, t.title, t.due_date FROM tasks t WHERE t.tenant_id = p_tenant AND t.status = p_status;
END $$;
SELECT * FROM h10_tasks_of(1, 'blocked');
SELECT * FROM h10_tasks_of(2, 'todo');
SELECT * FROM h10_tasks_of(3, 'done');
SELECT * FROM h10_tasks_of(4, 'in_progress');
SELECT * FROM h10_tasks_of(5, 'todo');
SELECT * FROM h10_tasks_of(6, 'todo');
SELECT * FROM h10_tasks_of(7, 'done');
SELECT * FROM h10_tasks_of(8, 'done');
SELECT * FROM h10_tasks_of(NULL, 'done');
SELECT * FROM h10_tasks_of(1, NULL);
SELECT * FROM h10_tasks_of(1, 'done') WHERE due > '2024-05-01';
SELECT g, (SELECT count(*) FROM h10_tasks_of(g, 'done')) FROM generate_series(1, 20) g;
-- lateral call, one per tenant
SELECT t.tenant_id, x.task_id FROM tenants t, LATERAL h10_tasks_of(t.tenant_id, 'blocked') x WHERE t.tenant_id BETWEEN 2 AND 12;

CREATE OR REPLACE FUNCTION h10_multi_query(p_min numeric)
RETURNS TABLE (tenant_id bigint, n bigint, total numeric) LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY SELECT i.tenant_id, count(*), sum(i.amount) FROM invoices i WHERE i.amount >= p_min GROUP BY i.tenant_id;
    RETURN QUERY SELECT -1::bigint, count(*), sum(p.budget) FROM projects p WHERE p.budget >= p_min;
END $$;
SELECT * FROM h10_multi_query(0);
SELECT * FROM h10_multi_query(1000);
SELECT * FROM h10_multi_query(1999.5);
SELECT * FROM h10_multi_query(NULL);
SELECT * FROM h10_multi_query(500);
SELECT * FROM h10_multi_query(1500);
SELECT * FROM h10_multi_query(10);

-- dynamic EXECUTE with USING parameters, and format() with identifiers
CREATE OR REPLACE FUNCTION h10_dyn_count(p_table text, p_tenant bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM %I WHERE tenant_id = $1', p_table) INTO n USING p_tenant;
    RETURN n;
END $$;
SELECT tbl, g, h10_dyn_count(tbl, g)
FROM unnest(ARRAY['users', 'projects', 'tasks', 'comments', 'events', 'invoices', 'audit_log', 'sessions', 'api_keys']) tbl,
     generate_series(1, 8) g;
SELECT h10_dyn_count('tasks', NULL);

CREATE OR REPLACE FUNCTION h10_dyn_rows(p_tenant bigint, p_since timestamptz, p_kinds text[])
RETURNS SETOF events LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE 'SELECT * FROM events WHERE tenant_id = $1 AND occurred_at >= $2 AND kind = ANY ($3)'
        USING p_tenant, p_since, p_kinds;
END $$;
SELECT * FROM h10_dyn_rows(2, '2024-03-05', '{login,export}');
SELECT * FROM h10_dyn_rows(3, '2024-03-01', '{page_view}');
SELECT count(*) FROM h10_dyn_rows(1, '2024-03-20', '{page_view,login,logout}');
SELECT * FROM h10_dyn_rows(4, NULL, '{login}');
SELECT * FROM h10_dyn_rows(5, '2024-01-01', '{}');
SELECT * FROM h10_dyn_rows(6, '2024-01-01', '{login,logout,page_view,task_created,task_done,export}');
SELECT * FROM h10_dyn_rows(7, '2024-01-01', NULL);

CREATE OR REPLACE FUNCTION h10_dyn_multi(p_status text, p_prio int) RETURNS TABLE (tenant_id bigint, n bigint) LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE 'SELECT tenant_id, count(*) FROM tasks WHERE status = $1 AND priority >= $2 GROUP BY 1'
        USING p_status, p_prio;
END $$;
SELECT * FROM h10_dyn_multi('done', 1);
SELECT * FROM h10_dyn_multi('todo', 3);
SELECT * FROM h10_dyn_multi('blocked', 5);
SELECT * FROM h10_dyn_multi(NULL, 1);
SELECT * FROM h10_dyn_multi('in_progress', 2);
SELECT * FROM h10_dyn_multi('done', 4);
SELECT * FROM h10_dyn_multi('todo', 1);

-- SQL functions: set-returning, inlined, in FROM and in WHERE
CREATE OR REPLACE FUNCTION h10_users_of(p_tenant bigint) RETURNS SETOF users LANGUAGE sql STABLE AS
    $$ SELECT * FROM users WHERE tenant_id = p_tenant $$;
SELECT user_id, email, role FROM h10_users_of(2);
SELECT user_id, email, role FROM h10_users_of(1) WHERE role = 'admin';
SELECT u.tenant_id, count(*) FROM tenants t, LATERAL h10_users_of(t.tenant_id) u GROUP BY u.tenant_id;
SELECT count(*) FROM h10_users_of(NULL);

CREATE OR REPLACE FUNCTION h10_is_big(p_tenant bigint) RETURNS boolean LANGUAGE sql STABLE AS
    $$ SELECT count(*) > 50 FROM tasks WHERE tenant_id = p_tenant $$;
SELECT tenant_id, name FROM tenants WHERE h10_is_big(tenant_id);
SELECT tenant_id, h10_is_big(tenant_id) FROM tenants WHERE tenant_id < 10;

-- immutable helper used in a distributed query's WHERE and SELECT list
CREATE OR REPLACE FUNCTION h10_bucket(ts timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS
    $$ SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM') $$;
SELECT h10_bucket(occurred_at), count(*) FROM events GROUP BY 1;
SELECT tenant_id, count(*) FROM events WHERE h10_bucket(occurred_at) = '2024-03' GROUP BY tenant_id;
SELECT event_id, h10_bucket(occurred_at) FROM events WHERE tenant_id = 9;

-- plpgsql with exception blocks, reading inside them
CREATE OR REPLACE FUNCTION h10_safe_ratio(p_tenant bigint) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE a numeric; b numeric;
BEGIN
    SELECT count(*) INTO a FROM tasks WHERE tenant_id = p_tenant AND status = 'done';
    SELECT count(*) INTO b FROM tasks WHERE tenant_id = p_tenant AND status = 'blocked';
    RETURN round(a / b, 6);
EXCEPTION WHEN division_by_zero THEN
    RETURN -1;
END $$;
SELECT g, h10_safe_ratio(g) FROM generate_series(1, 36) g;

-- DO block reading; RAISE is not compared, but the block must succeed
DO $$
DECLARE r record; n int := 0;
BEGIN
    FOR r IN SELECT tenant_id FROM tenants ORDER BY tenant_id LOOP
        n := n + (SELECT count(*) FROM users WHERE tenant_id = r.tenant_id);
    END LOOP;
    IF n <> (SELECT count(*) FROM users) THEN RAISE EXCEPTION 'mismatch % vs %', n, (SELECT count(*) FROM users); END IF;
END $$;

-- scalar-subquery function in a multi-shard aggregate
SELECT p.tenant_id, count(*), sum(h10_open_tasks(p.tenant_id)) FROM projects p WHERE p.tenant_id <= 5 GROUP BY p.tenant_id;

DROP FUNCTION h10_open_tasks(bigint);
DROP FUNCTION h10_open_tasks_v(bigint);
DROP FUNCTION h10_budget_sql(bigint);
DROP FUNCTION h10_budget_sql_v(bigint);
DROP FUNCTION h10_loop_sum(bigint);
DROP FUNCTION h10_loop_multi();
DROP FUNCTION h10_tasks_of(bigint, text);
DROP FUNCTION h10_multi_query(numeric);
DROP FUNCTION h10_dyn_count(text, bigint);
DROP FUNCTION h10_dyn_rows(bigint, timestamptz, text[]);
DROP FUNCTION h10_dyn_multi(text, int);
DROP FUNCTION h10_users_of(bigint);
DROP FUNCTION h10_is_big(bigint);
DROP FUNCTION h10_bucket(timestamptz);
DROP FUNCTION h10_safe_ratio(bigint);
