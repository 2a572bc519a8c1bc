-- EXPLAIN and EXPLAIN ANALYZE on every query shape must succeed. Plans differ between the sides,
-- so each EXPLAIN runs through h10_explain_ok(), which returns only whether a plan came out.

CREATE OR REPLACE FUNCTION h10_explain_ok(q text, opts text DEFAULT '') RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE r record; n int := 0;
BEGIN
    FOR r IN EXECUTE 'EXPLAIN ' || opts || ' ' || q LOOP
        n := n + 1;
    END LOOP;
    RETURN n > 0;
END $$;

CREATE TEMP TABLE h10_queries (id int, q text);
INSERT INTO h10_queries VALUES
    (1, $q$SELECT * FROM tasks WHERE tenant_id = 1 AND task_id = 1001$q$),
    (2, $q$SELECT count(*) FROM tasks WHERE tenant_id = 2$q$),
    (3, $q$SELECT tenant_id, count(*) FROM tasks GROUP BY tenant_id$q$),
    (4, $q$SELECT status, count(*), avg(estimate_hours) FROM tasks GROUP BY status HAVING count(*) > 1 ORDER BY 2 DESC LIMIT 3$q$),
    (5, $q$SELECT t.tenant_id, p.name, count(*) FROM tasks t JOIN projects p ON p.tenant_id = t.tenant_id AND p.project_id = t.project_id GROUP BY 1, 2$q$),
    (6, $q$SELECT s.session_id, u.email FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.user_id = s.user_id$q$),
    (7, $q$SELECT t.name, c.name FROM tenants t LEFT JOIN countries c ON c.code = t.country JOIN plans p ON p.plan_id = t.plan_id$q$),
    (8, $q$SELECT * FROM plans ORDER BY plan_id$q$),
    (9, $q$SELECT tenant_id FROM tenants WHERE tenant_id IN (SELECT tenant_id FROM invoices WHERE amount > 1000)$q$),
    (10, $q$WITH x AS (SELECT tenant_id, sum(amount) s FROM invoices GROUP BY 1) SELECT * FROM x WHERE s > 100$q$),
    (11, $q$SELECT tenant_id, event_id, row_number() OVER (PARTITION BY tenant_id ORDER BY occurred_at) FROM events$q$),
    (12, $q$SELECT kind, rank() OVER (ORDER BY count(*) DESC) FROM events GROUP BY kind$q$),
    (13, $q$SELECT tenant_id FROM users UNION SELECT tenant_id FROM projects$q$),
    (14, $q$SELECT tenant_id FROM users UNION ALL SELECT tenant_id FROM audit_log$q$),
    (15, $q$SELECT DISTINCT ON (tenant_id) tenant_id, event_id FROM events ORDER BY tenant_id, event_id$q$),
    (16, $q$SELECT * FROM events ORDER BY occurred_at, tenant_id, event_id LIMIT 10 OFFSET 100$q$),
    (17, $q$SELECT a.tenant_id, count(*) FROM audit_log a JOIN tenants t ON t.tenant_id = a.tenant_id GROUP BY 1$q$),
    (18, $q$SELECT key FROM api_keys WHERE key = 'key_x'$q$),
    (19, $q$SELECT * FROM tasks t WHERE EXISTS (SELECT 1 FROM comments c WHERE c.tenant_id = t.tenant_id AND c.task_id = t.task_id)$q$),
    (20, $q$SELECT t.tenant_id, x.n FROM tenants t, LATERAL (SELECT count(*) n FROM tasks k WHERE k.tenant_id = t.tenant_id) x$q$),
    (21, $q$SELECT count(*) FROM tasks t JOIN plain.tenant_flags f ON f.tenant_id = t.tenant_id$q$),
    (22, $q$SELECT tenant_id, jsonb_agg(meta ORDER BY task_id) FROM tasks WHERE tenant_id < 5 GROUP BY 1$q$),
    (23, $q$SELECT * FROM tasks WHERE tenant_id = 1 FOR UPDATE$q$),
    (24, $q$SELECT tenant_id, count(*) FROM tasks GROUP BY GROUPING SETS ((tenant_id), ())$q$),
    (25, $q$SELECT * FROM tenants WHERE false$q$),
    (26, $q$SELECT sum(amount) FROM invoices WHERE tenant_id = 1 OR tenant_id = 2$q$),
    (27, $q$SELECT * FROM events WHERE tenant_id = 1 AND occurred_at > now() - interval '1 year'$q$);

SELECT id, h10_explain_ok(q) FROM h10_queries;
SELECT id, h10_explain_ok(q, '(VERBOSE, COSTS OFF)') FROM h10_queries;
SELECT id, h10_explain_ok(q, '(ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)') FROM h10_queries;
SELECT id, h10_explain_ok(q, '(ANALYZE, BUFFERS, FORMAT JSON)') FROM h10_queries;
SELECT id, h10_explain_ok(q, '(FORMAT YAML)') FROM h10_queries;
SELECT id, h10_explain_ok(q, '(FORMAT XML, ANALYZE)') FROM h10_queries;
-- EXPLAIN inside a transaction, and of prepared statements (generic and custom plans)
BEGIN;
SELECT id, h10_explain_ok(q, '(ANALYZE)') FROM h10_queries WHERE id % 3 = 0;
COMMIT;
PREPARE ex_router(bigint) AS SELECT * FROM tasks WHERE tenant_id = $1;
PREPARE ex_multi(text) AS SELECT tenant_id, count(*) FROM tasks WHERE status = $1 GROUP BY 1;
SELECT g, h10_explain_ok('EXECUTE ex_router(' || g || ')'), h10_explain_ok('EXECUTE ex_multi(''done'')', '(ANALYZE)') FROM generate_series(1, 8) g;
SET plan_cache_mode = force_generic_plan;
SELECT h10_explain_ok('EXECUTE ex_router(3)'), h10_explain_ok('EXECUTE ex_router(NULL)', '(ANALYZE)');
RESET plan_cache_mode;
DEALLOCATE ALL;
-- EXPLAIN (not ANALYZE) of writes: nothing changes
SELECT h10_explain_ok($q$UPDATE tasks SET status = 'x' WHERE tenant_id = 1$q$);
SELECT h10_explain_ok($q$DELETE FROM tasks WHERE status = 'done'$q$);
SELECT h10_explain_ok($q$INSERT INTO events (tenant_id, event_id, kind, occurred_at) VALUES (1, -1, 'x', now())$q$);
SELECT h10_explain_ok($q$INSERT INTO audit_log SELECT * FROM audit_log WHERE seq < 10$q$);
SELECT count(*) FROM tasks WHERE status = 'x';
SELECT count(*) FROM events WHERE event_id = -1;
-- EXPLAIN ANALYZE of writes, rolled back
BEGIN;
SELECT h10_explain_ok($q$UPDATE tasks SET status = 'x' WHERE tenant_id = 1 AND task_id < 1010$q$, '(ANALYZE)');
SELECT h10_explain_ok($q$DELETE FROM comments WHERE tenant_id = 2$q$, '(ANALYZE)');
SELECT h10_explain_ok($q$UPDATE invoices SET amount = amount + 1 WHERE status = 'open'$q$, '(ANALYZE)');
SELECT count(*) FROM tasks WHERE status = 'x';
SELECT count(*) FROM comments WHERE tenant_id = 2;
SELECT sum(amount) FROM invoices;
ROLLBACK;
SELECT count(*) FROM tasks WHERE status = 'x';
SELECT sum(amount) FROM invoices;
-- plain EXPLAIN statements as the client sends them: only success is compared via a DO block
DO $$ BEGIN PERFORM h10_explain_ok('SELECT 1 FROM tasks WHERE tenant_id = 1'); END $$;
DROP FUNCTION h10_explain_ok(text, text);
DROP TABLE h10_queries;
