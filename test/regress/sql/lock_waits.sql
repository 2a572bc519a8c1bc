-- citus_lock_waits: coordinator sessions waiting for each other, through a row lock on a worker
-- or a lock on the coordinator. The other session runs through dblink and waits for ours.
\set VERBOSITY terse
CREATE TABLE wait_items (id int PRIMARY KEY, n int);
SELECT create_distributed_table('wait_items', 'id', shard_count => 4);
INSERT INTO wait_items SELECT g, 0 FROM generate_series(1, 10) g;
CREATE TABLE wait_ref (id int PRIMARY KEY, n int);
SELECT create_reference_table('wait_ref');
INSERT INTO wait_ref VALUES (1, 0);
CREATE EXTENSION IF NOT EXISTS dblink;
SELECT dblink_connect('other', format('host=127.0.0.1 port=%s dbname=%s user=%s',
                                      :coordinator_port, current_database(), current_user));
SELECT pid AS other_pid FROM dblink('other', 'SELECT pg_backend_pid()') AS t(pid int) \gset

-- Waits until the other session's wait shows in citus_lock_waits (at most 30 s).
CREATE FUNCTION wait_for_lock_wait() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    FOR i IN 1 .. 600 LOOP
        PERFORM pg_stat_clear_snapshot();
        IF EXISTS (SELECT 1 FROM citus_lock_waits) THEN
            RETURN true;
        END IF;
        PERFORM pg_sleep(0.05);
    END LOOP;
    RETURN false;
END
$$;

-- Nobody waits. (A session's statement is the one running when the view is read.)
SELECT * FROM citus_lock_waits;

-- A row lock on a worker: our transaction holds the row, the other session's UPDATE waits
-- there.
BEGIN;
SELECT id FROM wait_items WHERE id = 3 FOR UPDATE;
SELECT dblink_send_query('other', 'UPDATE wait_items SET n = n + 1 WHERE id = 3');
SELECT wait_for_lock_wait();
SELECT waiting_pid = :other_pid AS waiting_is_other, blocking_pid = pg_backend_pid() AS blocking_is_us,
       waiting_gpid = citus_calculate_gpid(waiting_nodeid, waiting_pid) AS waiting_gpid_ok,
       blocking_gpid = citus_backend_gpid() AS blocking_gpid_ok,
       blocked_statement, current_statement_in_blocking_process LIKE '%citus_lock_waits%' AS ours,
       waiting_nodeid = tessera.local_nodeid() AS waiting_here,
       blocking_nodeid = tessera.local_nodeid() AS blocking_here
  FROM citus_lock_waits;
COMMIT;
SELECT * FROM dblink_get_result('other') AS t(result text);
SELECT * FROM dblink_get_result('other') AS t(result text);
SELECT * FROM citus_lock_waits;

-- A lock on the coordinator: our FOR UPDATE of a reference table row holds its key there, the
-- other session's UPDATE of that row waits for it.
BEGIN;
SELECT id FROM wait_ref WHERE id = 1 FOR UPDATE;
SELECT dblink_send_query('other', 'UPDATE wait_ref SET n = n + 1 WHERE id = 1');
SELECT wait_for_lock_wait();
SELECT waiting_pid = :other_pid AS waiting_is_other, blocking_pid = pg_backend_pid() AS blocking_is_us,
       blocked_statement, current_statement_in_blocking_process LIKE '%citus_lock_waits%' AS ours
  FROM citus_lock_waits;
COMMIT;
SELECT * FROM dblink_get_result('other') AS t(result text);
SELECT * FROM dblink_get_result('other') AS t(result text);
SELECT n FROM wait_ref;
SELECT n FROM wait_items WHERE id = 3;

DROP FUNCTION wait_for_lock_wait();
SELECT dblink_disconnect('other');
DROP TABLE wait_items, wait_ref;
