-- recover_prepared_transactions(): prepared transactions named like ours whose coordinator
-- transaction has ended are committed if a commit record exists and rolled back otherwise;
-- those whose transaction still runs are left alone; records no longer needed are deleted.
-- The prepared transactions are made by hand on the workers to reach every case.
\set VERBOSITY terse
SELECT oid AS dboid FROM pg_database WHERE datname = current_database() \gset
SELECT success FROM run_command_on_workers('TRUNCATE tx_items');
-- Prepares, on every worker, a transaction that inserts `id`, under the name `gid`.
CREATE FUNCTION prepare_on_workers(gid text, id int) RETURNS SETOF boolean LANGUAGE sql AS $$
    SELECT success FROM run_command_on_workers(format(
        'BEGIN; INSERT INTO tx_items VALUES (%s); PREPARE TRANSACTION %L', id, gid))
$$;
-- A transaction id of this coordinator that has ended (committed).
SELECT (pg_current_xact_id()::text::bigint % 4294967296) AS done_xid \gset

-- No record: rolled back on both workers.
SELECT prepare_on_workers(format('tessera_%s_1_%s_1', :dboid, :done_xid), 1);
SELECT * FROM prepared_on_workers();
SELECT recover_prepared_transactions();
SELECT * FROM prepared_on_workers();
SELECT * FROM worker_rows();

-- With a record for each worker's group: committed, and the records deleted.
SELECT prepare_on_workers(format('tessera_%s_1_%s_2', :dboid, :done_xid), 2);
INSERT INTO pg_dist_transaction
SELECT groupid, format('tessera_%s_1_%s_2', :dboid, :done_xid) FROM pg_dist_node WHERE groupid <> 0;
SELECT recover_prepared_transactions();
SELECT * FROM prepared_on_workers();
SELECT * FROM worker_rows();
SELECT count(*) AS records FROM pg_dist_transaction;

-- A record for one worker only: committed there, rolled back on the other.
SELECT prepare_on_workers(format('tessera_%s_1_%s_3', :dboid, :done_xid), 3);
INSERT INTO pg_dist_transaction
SELECT groupid, format('tessera_%s_1_%s_3', :dboid, :done_xid) FROM pg_dist_node
WHERE nodeport = :worker_2_port;
SELECT recover_prepared_transactions();
SELECT * FROM worker_rows();

-- The preparing transaction is still running (here: this one, its backend and xid in the
-- name): left alone until it ends. A name with the same xid but another backend is a
-- transaction that is over (an xid used again after a coordinator crash): rolled back.
BEGIN;
SELECT (pg_current_xact_id()::text::bigint % 4294967296) AS running_xid \gset
SELECT prepare_on_workers(format('tessera_%s_%s_%s_4', :dboid, pg_backend_pid(), :running_xid), 4);
SELECT prepare_on_workers(format('tessera_%s_1_%s_10', :dboid, :running_xid), 10);
SELECT recover_prepared_transactions();
SELECT * FROM prepared_on_workers();
COMMIT;
SELECT recover_prepared_transactions();
SELECT * FROM prepared_on_workers();
SELECT * FROM worker_rows();

-- Names that are not ours (another prefix, another database) are never touched.
SELECT prepare_on_workers('not_tessera_1', 5);
SELECT prepare_on_workers(format('tessera_%s_1_%s_5', :dboid + 1, :done_xid), 6);
SELECT recover_prepared_transactions();
SELECT * FROM prepared_on_workers();
SELECT success FROM run_command_on_workers($$ROLLBACK PREPARED 'not_tessera_1'$$);
SELECT success FROM run_command_on_workers(
    format('ROLLBACK PREPARED %L', format('tessera_%s_1_%s_5', :dboid + 1, :done_xid)));

-- A record whose prepared transaction is gone is deleted.
INSERT INTO pg_dist_transaction
SELECT groupid, format('tessera_%s_1_%s_7', :dboid, :done_xid) FROM pg_dist_node WHERE groupid <> 0;
SELECT recover_prepared_transactions();
SELECT count(*) AS records FROM pg_dist_transaction;

-- An unreachable worker is skipped with a warning.
SELECT prepare_on_workers(format('tessera_%s_1_%s_8', :dboid, :done_xid), 8);
UPDATE pg_dist_node SET nodeport = 1 WHERE nodeport = :worker_2_port;
SELECT recover_prepared_transactions();
UPDATE pg_dist_node SET nodeport = :worker_2_port WHERE nodeport = 1;
SELECT recover_prepared_transactions();

-- Only superusers (or those granted it) may run recovery.
CREATE ROLE tx_plain_user;
SET ROLE tx_plain_user;
SELECT recover_prepared_transactions();
RESET ROLE;
DROP ROLE tx_plain_user;

-- The maintenance worker runs recovery every tessera.recover_2pc_interval.
SELECT prepare_on_workers(format('tessera_%s_1_%s_9', :dboid, :done_xid), 9);
ALTER SYSTEM SET tessera.recover_2pc_interval = 100;
SELECT pg_reload_conf();
DO $$
BEGIN
    FOR attempt IN 1..300 LOOP
        EXIT WHEN NOT EXISTS (SELECT 1 FROM prepared_on_workers() WHERE prepared <> '0');
        PERFORM pg_sleep(0.1);
    END LOOP;
END
$$;
SELECT * FROM prepared_on_workers();
ALTER SYSTEM SET tessera.recover_2pc_interval = -1;
SELECT pg_reload_conf();
SELECT * FROM worker_rows();
