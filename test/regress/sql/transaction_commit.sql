-- Distributed transactions driven through tessera.test_run_in_transaction: every node commits
-- or none does.
\set VERBOSITY terse

-- The maintenance worker must not resolve anything behind these tests' backs.
ALTER SYSTEM SET tessera.recover_2pc_interval = -1;
SELECT pg_reload_conf();
SELECT pg_sleep(0.3);
-- Commit records left by the suite's set-up (catalog changes that reached one node are
-- prepared too: the coordinator wrote locally) are cleaned up first.
SELECT recover_prepared_transactions() >= 0 AS recovered;

CREATE TABLE tx_nodes (n int PRIMARY KEY, port int NOT NULL);
INSERT INTO tx_nodes VALUES (1, :worker_1_port), (2, :worker_2_port);
-- Runs a command on worker n inside the current distributed transaction.
CREATE FUNCTION on_worker(n int, command text) RETURNS text LANGUAGE sql AS $$
    SELECT tessera.test_run_in_transaction('127.0.0.1', port, command) FROM tx_nodes t WHERE t.n = $1
$$;
-- What each worker holds, seen from outside any distributed transaction.
CREATE FUNCTION worker_rows() RETURNS TABLE (worker int, ids text) LANGUAGE sql AS $$
    SELECT row_number() OVER ()::int,
           result FROM run_command_on_workers(
               $c$SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '-') FROM tx_items$c$)
$$;
CREATE FUNCTION prepared_on_workers() RETURNS TABLE (worker int, prepared text) LANGUAGE sql AS $$
    SELECT row_number() OVER ()::int, result FROM run_command_on_workers(
               $c$SELECT count(*) FROM pg_prepared_xacts$c$)
$$;
SELECT success FROM run_command_on_workers(
    'CREATE TABLE tx_items (id int PRIMARY KEY, note text)');

-- One statement, one node: committed with the statement (one-phase, no commit record).
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (1)');
SELECT * FROM worker_rows();
SELECT count(*) AS records FROM pg_dist_transaction;

-- Two nodes in one transaction: two-phase commit with one record per node.
BEGIN;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (2)');
SELECT on_worker(2, 'INSERT INTO tx_items VALUES (2)');
COMMIT;
SELECT * FROM worker_rows();
SELECT count(*) AS records,
       count(DISTINCT groupid) AS groups,
       bool_and(gid ~ ('^tessera_' || (SELECT oid FROM pg_database
                                        WHERE datname = current_database()) || '_\d+_\d+_\d+$'))
           AS named_as_documented
FROM pg_dist_transaction;
SELECT * FROM prepared_on_workers();
-- Nothing was left to recover; the records are cleaned up.
SELECT recover_prepared_transactions();
SELECT count(*) AS records FROM pg_dist_transaction;

-- A statement spanning two nodes outside BEGIN is atomic too.
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (3)'), on_worker(2, 'INSERT INTO tx_items VALUES (3)');
SELECT * FROM worker_rows();

-- ROLLBACK undoes every node.
BEGIN;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (4)');
SELECT on_worker(2, 'INSERT INTO tx_items VALUES (4)');
ROLLBACK;
SELECT * FROM worker_rows();

-- An error on one node: nothing anywhere.
BEGIN;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (5)');
SELECT on_worker(2, 'INSERT INTO tx_items VALUES (2)');
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (6)');
COMMIT;
SELECT * FROM worker_rows();

-- A local error after remote work: nothing anywhere.
BEGIN;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (7)');
SELECT on_worker(2, 'INSERT INTO tx_items VALUES (7)');
SELECT 1 / 0;
COMMIT;
SELECT * FROM worker_rows();

-- The transaction sees its own writes; others do not until it commits.
BEGIN;
SELECT on_worker(2, 'INSERT INTO tx_items VALUES (8)');
SELECT on_worker(2, 'SELECT count(*) FROM tx_items WHERE id = 8') AS seen_inside;
SELECT * FROM worker_rows();
COMMIT;
SELECT * FROM worker_rows();

-- The isolation level travels to the nodes.
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT on_worker(1, 'SHOW transaction_isolation');
COMMIT;
BEGIN;
SELECT on_worker(1, 'SHOW transaction_isolation');
COMMIT;

-- A failure after every node prepared and the records were written: all of it rolls back,
-- no prepared transaction or record stays behind.
SELECT recover_prepared_transactions();
SELECT count(*) AS records FROM pg_dist_transaction;
SET tessera.test_fault = 'fail_before_local_commit';
BEGIN;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (9)');
SELECT on_worker(2, 'INSERT INTO tx_items VALUES (9)');
COMMIT;
RESET tessera.test_fault;
SELECT * FROM worker_rows();
SELECT * FROM prepared_on_workers();
SELECT count(*) AS records FROM pg_dist_transaction;
-- The fault setting is for superusers and hidden from SHOW ALL.
SELECT count(*) FROM pg_settings WHERE name = 'tessera.test_fault';

-- A transaction with work on other nodes cannot itself be prepared.
BEGIN;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (10)');
PREPARE TRANSACTION 'tx_local';
SELECT * FROM worker_rows();
