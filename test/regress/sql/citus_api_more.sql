-- More of Citus's SQL API: run_command_on_all_nodes, citus_get_active_worker_nodes /
-- master_get_active_worker_nodes, citus_create_restore_point, and citus_copy_shard_placement
-- (refused: one placement per shard).

-- run_command_on_all_nodes: one row per node, the coordinator (node id 0 while it is not in
-- pg_dist_node) and each active worker, each answering with its own port.
SELECT r.nodeid = 0 AS is_coordinator, r.success,
       r.result::int = coalesce(n.nodeport, :coordinator_port) AS own_port
  FROM run_command_on_all_nodes('SHOW port') r LEFT JOIN pg_dist_node n USING (nodeid)
 ORDER BY r.nodeid;
SELECT count(*) AS rows, count(DISTINCT result) AS distinct_ports
  FROM run_command_on_all_nodes('SHOW port', parallel := false);
-- The coordinator answers through a connection of its own, not this session.
SELECT result <> pg_backend_pid()::text AS other_backend
  FROM run_command_on_all_nodes('SELECT pg_backend_pid()') WHERE nodeid = 0;
-- Commands commit on their own: the table stays after the caller's rollback, on every node.
BEGIN;
SELECT success, result FROM run_command_on_all_nodes('CREATE TABLE all_nodes_t (a int)')
 ORDER BY nodeid;
ROLLBACK;
SELECT to_regclass('all_nodes_t') IS NOT NULL AS on_coordinator;
SELECT success, result FROM run_command_on_all_nodes('SELECT count(*) FROM all_nodes_t')
 ORDER BY nodeid;
SELECT success, result FROM run_command_on_all_nodes('DROP TABLE all_nodes_t') ORDER BY nodeid;
-- Failures are reported per node, as rows; with give_warning_for_connection_errors also as
-- warnings naming the node id.
SELECT nodeid = 0 AS is_coordinator, success, result
  FROM run_command_on_all_nodes('SELECT 1/0') ORDER BY nodeid;
SELECT success, result FROM run_command_on_all_nodes('SELECT 1/0', true, true) ORDER BY nodeid;
SELECT success, result FROM run_command_on_all_nodes('SELECT 1, 2') ORDER BY nodeid;
SELECT * FROM run_command_on_all_nodes(NULL);
-- With the coordinator in pg_dist_node, its row carries its node id. (The node id sequence is
-- put back afterwards: later tests show node ids.)
SELECT last_value AS nodeid_seq_before FROM tessera.pg_dist_node_nodeid_seq \gset
SELECT citus_set_coordinator_host('127.0.0.1', :coordinator_port);
SELECT r.nodeid = citus_coordinator_nodeid() AS is_coordinator, r.success,
       r.result::int = n.nodeport AS own_port
  FROM run_command_on_all_nodes('SHOW port') r JOIN pg_dist_node n USING (nodeid)
 ORDER BY r.nodeid;
SELECT count(*) FROM run_command_on_all_nodes('SELECT 1') WHERE nodeid = 0;
SELECT citus_remove_node('127.0.0.1', :coordinator_port);
SELECT setval('tessera.pg_dist_node_nodeid_seq', :nodeid_seq_before) > 0 AS restored;
SELECT count(*) FROM run_command_on_all_nodes('SELECT 1') WHERE nodeid = 0;

-- citus_get_active_worker_nodes / master_get_active_worker_nodes: the active primary workers.
SELECT node_port IN (:worker_1_port, :worker_2_port) AS is_worker, pg_typeof(node_port)
  FROM citus_get_active_worker_nodes() ORDER BY node_port;
SELECT count(*) FROM master_get_active_worker_nodes();

-- citus_create_restore_point: the named point is in every node's WAL (read back from each
-- node's current WAL segment after a switch, which flushes it); returns the coordinator's LSN.
SELECT citus_create_restore_point('tessera_rp_marker_1') <= pg_current_wal_insert_lsn() AS lsn_ok;
SELECT nodeid = 0 AS is_coordinator, success, result
  FROM run_command_on_all_nodes($$SELECT position(convert_to('tessera_rp_marker_1', 'UTF8') IN
        pg_read_binary_file('pg_wal/' || pg_walfile_name(pg_switch_wal()))) > 0$$)
 ORDER BY nodeid;
-- It waits for distributed commits in flight: while this transaction holds the lock that a
-- two-phase commit takes to write its commit record, a restore point asked for through another
-- connection (as a role whose lock_timeout makes it give up) is not created.
CREATE ROLE citus_api_rp_waiter SUPERUSER LOGIN;
ALTER ROLE citus_api_rp_waiter SET lock_timeout = '300ms';
SET ROLE citus_api_rp_waiter;
BEGIN;
LOCK pg_dist_transaction IN ROW EXCLUSIVE MODE;
SELECT success, result
  FROM run_command_on_all_nodes($$SELECT citus_create_restore_point('tessera_rp_blocked')$$)
 WHERE nodeid = 0;
COMMIT;
SELECT success, result <> '' AS has_lsn
  FROM run_command_on_all_nodes($$SELECT citus_create_restore_point('tessera_rp_unblocked')$$)
 WHERE nodeid = 0;
RESET ROLE;
DROP ROLE citus_api_rp_waiter;
-- Not in a transaction block, not with a name PostgreSQL refuses, not for other users.
BEGIN;
SELECT citus_create_restore_point('tessera_rp_in_block');
ROLLBACK;
SELECT citus_create_restore_point(repeat('x', 64));
SELECT citus_create_restore_point(NULL) IS NULL AS null_name;
CREATE ROLE citus_api_more_user;
SET ROLE citus_api_more_user;
SELECT citus_create_restore_point('tessera_rp_not_allowed');
RESET ROLE;
DROP ROLE citus_api_more_user;

-- citus_copy_shard_placement: both forms exist and refuse.
SELECT citus_copy_shard_placement(1, '127.0.0.1', :worker_1_port, '127.0.0.1', :worker_2_port);
SELECT citus_copy_shard_placement(1, 1, 2, transfer_mode := 'block_writes');
