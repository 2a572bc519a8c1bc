-- Lock waits of distributed transactions on other nodes are bounded by
-- tessera.distributed_lock_timeout (or lock_timeout, if smaller), so a wait cycle across nodes
-- (a distributed deadlock, which no single node can see) ends with an error.
\set VERBOSITY terse
SELECT tessera.test_run_in_transaction('127.0.0.1', :worker_1_port, 'SHOW lock_timeout');
SET tessera.distributed_lock_timeout = '2s';
SELECT on_worker(1, 'SHOW lock_timeout');
SET lock_timeout = '1500ms';
SELECT on_worker(1, 'SHOW lock_timeout');
SET tessera.distributed_lock_timeout = 0;
SELECT on_worker(1, 'SHOW lock_timeout');
RESET lock_timeout;
SELECT on_worker(1, 'SHOW lock_timeout');
RESET tessera.distributed_lock_timeout;

-- Two sessions lock rows on two workers in opposite orders. The other session runs through
-- dblink; its limit (20s) is far above ours (300ms), so we are the one that gives up.
CREATE EXTENSION IF NOT EXISTS dblink;
SELECT success FROM run_command_on_workers('TRUNCATE tx_items');
SELECT success FROM run_command_on_workers('INSERT INTO tx_items VALUES (1), (2)');
SELECT dblink_connect('other', format('host=127.0.0.1 port=%s dbname=%s user=%s',
                                      :coordinator_port, current_database(), current_user));
SELECT dblink_exec('other', 'SET tessera.distributed_lock_timeout = ''20s''');
SELECT dblink_exec('other', 'BEGIN');
SELECT * FROM dblink('other', 'SELECT on_worker(1, ''UPDATE tx_items SET note = ''''other'''' WHERE id = 1'')') AS t(r text);
SET tessera.distributed_lock_timeout = '300ms';
BEGIN;
SELECT on_worker(2, 'UPDATE tx_items SET note = ''mine'' WHERE id = 2');
-- The other session now waits for our row on worker 2 ...
SELECT dblink_send_query('other', 'SELECT on_worker(2, ''UPDATE tx_items SET note = ''''other'''' WHERE id = 2'')');
SELECT pg_sleep(0.2);
-- ... and we wait for its row on worker 1: a cycle across nodes. Ours ends after 300ms.
DO $$
DECLARE
    hint text;
BEGIN
    PERFORM on_worker(1, 'UPDATE tx_items SET note = ''mine'' WHERE id = 1');
EXCEPTION WHEN lock_not_available THEN
    GET STACKED DIAGNOSTICS hint = PG_EXCEPTION_HINT;
    RAISE NOTICE 'error: %', SQLERRM;
    RAISE NOTICE 'hint: %', hint;
END
$$;
ROLLBACK;
-- Our rollback released the row; the other session goes on and commits.
SELECT * FROM dblink_get_result('other') AS t(r text);
SELECT * FROM dblink_get_result('other') AS t(r text);
SELECT dblink_exec('other', 'COMMIT');
SELECT dblink_disconnect('other');
RESET tessera.distributed_lock_timeout;
SELECT result FROM run_command_on_workers(
    'SELECT string_agg(id || '':'' || coalesce(note, ''-''), '','' ORDER BY id) FROM tx_items');

-- Clean up everything the transactions tests created.
DROP EXTENSION dblink;
SELECT success FROM run_command_on_workers('DROP TABLE tx_items');
DROP FUNCTION prepare_on_workers(text, int);
DROP FUNCTION worker_rows();
DROP FUNCTION prepared_on_workers();
DROP FUNCTION on_worker(int, text);
DROP TABLE tx_nodes;
ALTER SYSTEM RESET tessera.recover_2pc_interval;
SELECT pg_reload_conf();
