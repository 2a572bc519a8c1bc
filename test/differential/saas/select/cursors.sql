-- Cursors over distributed tables: DECLARE (SCROLL, WITH HOLD, NO SCROLL), FETCH forward and
-- backward, ABSOLUTE/RELATIVE, MOVE, inside transactions; router, multi-shard and join queries.

BEGIN;
DECLARE c1 CURSOR FOR SELECT task_id, title, status FROM tasks WHERE tenant_id = 2 ORDER BY task_id;
-- ordered
FETCH 5 FROM c1;
-- ordered
FETCH NEXT FROM c1;
MOVE 3 IN c1;
-- ordered
FETCH 4 FROM c1;
-- ordered
FETCH ALL FROM c1;
-- ordered
FETCH 1 FROM c1;
CLOSE c1;
COMMIT;

BEGIN;
DECLARE c2 SCROLL CURSOR FOR SELECT tenant_id, event_id, kind FROM events WHERE tenant_id IN (1, 3, 5) ORDER BY tenant_id, event_id;
-- ordered
FETCH 10 FROM c2;
-- ordered
FETCH BACKWARD 3 FROM c2;
-- ordered
FETCH ABSOLUTE 100 FROM c2;
-- ordered
FETCH RELATIVE -10 FROM c2;
-- ordered
FETCH PRIOR FROM c2;
-- ordered
FETCH LAST FROM c2;
-- ordered
FETCH FIRST FROM c2;
MOVE ABSOLUTE 2000 IN c2;
-- ordered
FETCH FORWARD 3 FROM c2;
MOVE LAST IN c2;
-- ordered
FETCH BACKWARD 5 FROM c2;
-- ordered
FETCH ABSOLUTE -1 FROM c2;
-- ordered
FETCH ABSOLUTE 0 FROM c2;
-- ordered
FETCH ABSOLUTE 999999 FROM c2;
-- ordered
FETCH BACKWARD ALL FROM c2;
CLOSE c2;
COMMIT;

-- multi-shard aggregate and join through a scroll cursor
BEGIN;
DECLARE c3 SCROLL CURSOR FOR
    SELECT t.tenant_id, t.name, count(p.project_id) AS n, sum(p.budget) AS budget
    FROM tenants t LEFT JOIN projects p ON p.tenant_id = t.tenant_id
    GROUP BY t.tenant_id, t.name ORDER BY t.tenant_id;
-- ordered
FETCH 7 FROM c3;
-- ordered
FETCH BACKWARD 2 FROM c3;
-- ordered
FETCH ABSOLUTE 40 FROM c3;
-- ordered
FETCH ABSOLUTE 20 FROM c3;
-- ordered
FETCH RELATIVE 5 FROM c3;
MOVE BACKWARD ALL IN c3;
-- ordered
FETCH 2 FROM c3;
COMMIT;

-- WITH HOLD: survives COMMIT, read after the transaction ends
BEGIN;
DECLARE h1 CURSOR WITH HOLD FOR SELECT u.tenant_id, u.user_id, u.email, c.name
    FROM users u JOIN tenants t ON t.tenant_id = u.tenant_id LEFT JOIN countries c ON c.code = t.country
    ORDER BY u.tenant_id, u.user_id;
-- ordered
FETCH 3 FROM h1;
COMMIT;
-- ordered
FETCH 5 FROM h1;
MOVE 100 IN h1;
-- ordered
FETCH 5 FROM h1;
-- ordered
FETCH 2 FROM h1;
CLOSE h1;

-- WITH HOLD declared outside a transaction block
DECLARE h2 SCROLL CURSOR WITH HOLD FOR SELECT tenant_id, invoice_id, amount FROM invoices WHERE amount > 1500 ORDER BY amount DESC, tenant_id, invoice_id;
-- ordered
FETCH 10 FROM h2;
-- ordered
FETCH LAST FROM h2;
-- ordered
FETCH ABSOLUTE 3 FROM h2;
CLOSE h2;

-- cursor without ORDER BY: rows compared as a set
BEGIN;
DECLARE c4 CURSOR FOR SELECT session_id, tenant_id FROM sessions WHERE tenant_id = 1;
FETCH ALL FROM c4;
COMMIT;

-- cursor whose query has a parameter-like filter on the distribution key of a text-keyed table
BEGIN;
DECLARE c5 NO SCROLL CURSOR FOR SELECT key, tenant_id, scopes FROM api_keys ORDER BY key;
-- ordered
FETCH 20 FROM c5;
-- ordered
FETCH 20 FROM c5;
-- ordered
FETCH 50 FROM c5;
-- error
FETCH BACKWARD 1 FROM c5;
ROLLBACK;

-- a cursor sees the snapshot of its declaration in REPEATABLE READ
BEGIN ISOLATION LEVEL REPEATABLE READ;
DECLARE c6 CURSOR FOR SELECT tenant_id, count(*) FROM comments GROUP BY tenant_id ORDER BY tenant_id;
-- ordered
FETCH 10 FROM c6;
-- ordered
FETCH ALL FROM c6;
COMMIT;

-- two cursors interleaved in one transaction
BEGIN;
DECLARE a CURSOR FOR SELECT task_id FROM tasks WHERE tenant_id = 1 ORDER BY task_id;
DECLARE b CURSOR FOR SELECT event_id FROM events WHERE tenant_id = 1 ORDER BY event_id DESC;
-- ordered
FETCH 3 FROM a;
-- ordered
FETCH 3 FROM b;
-- ordered
FETCH 3 FROM a;
-- ordered
FETCH 3 FROM b;
CLOSE a;
-- ordered
FETCH 3 FROM b;
COMMIT;

-- cursors in PL/pgSQL
CREATE OR REPLACE FUNCTION h10_cursor_walk(p_tenant bigint) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    cur CURSOR (t bigint) FOR SELECT project_id, budget FROM projects WHERE tenant_id = t ORDER BY project_id;
    r record; out text := '';
BEGIN
    OPEN cur(p_tenant);
    LOOP
        FETCH cur INTO r;
        EXIT WHEN NOT FOUND;
        out := out || r.project_id || ':' || coalesce(r.budget::text, '-') || ' ';
    END LOOP;
    CLOSE cur;
    RETURN out;
END $$;
SELECT g, h10_cursor_walk(g) FROM generate_series(1, 10) g;

CREATE OR REPLACE FUNCTION h10_refcursor(p_status text) RETURNS refcursor LANGUAGE plpgsql AS $$
DECLARE rc refcursor := 'h10_rc';
BEGIN
    OPEN rc SCROLL FOR EXECUTE 'SELECT tenant_id, task_id FROM tasks WHERE status = $1 ORDER BY tenant_id, task_id' USING p_status;
    RETURN rc;
END $$;
BEGIN;
SELECT h10_refcursor('blocked');
-- ordered
FETCH 5 FROM h10_rc;
-- ordered
FETCH ABSOLUTE 200 FROM h10_rc;
-- ordered
FETCH BACKWARD 2 FROM h10_rc;
COMMIT;
DROP FUNCTION h10_cursor_walk(bigint);
DROP FUNCTION h10_refcursor(text);
