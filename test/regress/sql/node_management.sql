-- Node management: pg_dist_node after the harness registered both workers, citus_add_node /
-- citus_remove_node / citus_set_coordinator_host, and the errors that must change nothing.
-- Runs last in the suite: it removes and re-adds a worker.

-- Error messages name nodes with their ports, which change from run to run: mask them.
SELECT set_config('regress.coordinator_port', :'coordinator_port', false) IS NOT NULL AS set,
       set_config('regress.worker_1_port', :'worker_1_port', false) IS NOT NULL AS set,
       set_config('regress.worker_2_port', :'worker_2_port', false) IS NOT NULL AS set;
CREATE FUNCTION pg_temp.mask_ports(message text) RETURNS text LANGUAGE sql AS $$
    SELECT replace(replace(replace(message,
        current_setting('regress.coordinator_port'), '<coordinator_port>'),
        current_setting('regress.worker_1_port'), '<worker_1_port>'),
        current_setting('regress.worker_2_port'), '<worker_2_port>')
$$;

-- The catalog as the harness left it.
SELECT nodeid, groupid, nodename, nodeport = :worker_1_port AS is_worker_1,
       nodeport = :worker_2_port AS is_worker_2, noderack, hasmetadata, isactive, noderole,
       nodecluster, metadatasynced, shouldhaveshards
  FROM pg_dist_node ORDER BY nodeid;
SELECT node_name, node_port = :worker_1_port AS is_worker_1, node_port = :worker_2_port AS is_worker_2
  FROM citus_get_active_worker_nodes();
SELECT pg_typeof(node_name), pg_typeof(node_port) FROM citus_get_active_worker_nodes() LIMIT 1;

-- Every failed change below leaves pg_dist_node exactly as it was.
CREATE TABLE nodes_before AS SELECT * FROM pg_dist_node;
CREATE VIEW catalog_unchanged AS
    SELECT NOT EXISTS (SELECT * FROM pg_dist_node EXCEPT SELECT * FROM nodes_before)
       AND NOT EXISTS (SELECT * FROM nodes_before EXCEPT SELECT * FROM pg_dist_node) AS unchanged;

-- An unreachable node (port 1: privileged, nothing listens there).
SELECT count(*) AS nodes_before FROM pg_dist_node;
SELECT citus_add_node('127.0.0.1', 1);
SELECT count(*) AS nodes_after FROM pg_dist_node;
SELECT * FROM catalog_unchanged;

-- A node already in the cluster: as in Citus, adding it again returns its id and changes
-- nothing; asking for another group or role is an error.
SELECT citus_add_node('127.0.0.1', :worker_1_port) =
       (SELECT nodeid FROM pg_dist_node WHERE nodeport = :worker_1_port) AS same_id;
SELECT * FROM catalog_unchanged;
\set VERBOSITY sqlstate
SELECT citus_add_node('127.0.0.1', :worker_1_port, groupid => 99);
\set VERBOSITY default
SELECT pg_temp.mask_ports(:'LAST_ERROR_MESSAGE') AS error;
\set VERBOSITY sqlstate
SELECT citus_add_node('127.0.0.1', :worker_1_port, noderole => 'secondary');
\set VERBOSITY default
SELECT pg_temp.mask_ports(:'LAST_ERROR_MESSAGE') AS error;
SELECT * FROM catalog_unchanged;

-- The coordinator itself, by address and by another name.
\set VERBOSITY sqlstate
SELECT citus_add_node('127.0.0.1', :coordinator_port);
\set VERBOSITY default
SELECT pg_temp.mask_ports(:'LAST_ERROR_MESSAGE') AS error;
\set VERBOSITY sqlstate
SELECT citus_add_node('localhost', :coordinator_port);
\set VERBOSITY default
SELECT pg_temp.mask_ports(:'LAST_ERROR_MESSAGE') AS error;
SELECT * FROM catalog_unchanged;

-- Invalid arguments.
SELECT citus_add_node('127.0.0.1', 0);
SELECT citus_add_node('127.0.0.1', -5);
SELECT citus_add_node('127.0.0.1', 65536);
SELECT citus_add_node('', 5432);
SELECT citus_add_node(NULL, 5432) IS NULL AS strict;
SELECT citus_add_node('127.0.0.1', 1, groupid => 0);
SELECT citus_add_node('127.0.0.1', 1, groupid => -7);
SELECT citus_add_node('127.0.0.1', 1, noderole => 'leader');
SELECT * FROM catalog_unchanged;

-- Removing a node that is not there.
SELECT citus_remove_node('127.0.0.1', 1);
SELECT citus_remove_node('no-such-host', 5432);
SELECT * FROM catalog_unchanged;

-- Node changes are for superusers only: EXECUTE is revoked from public, and the functions check
-- again in case it is granted.
CREATE ROLE node_user LOGIN;
SET ROLE node_user;
SELECT citus_add_node('127.0.0.1', 1);
SELECT citus_remove_node('127.0.0.1', 1);
SELECT citus_set_coordinator_host('127.0.0.1');
SELECT master_add_node('127.0.0.1', 1);
SELECT master_remove_node('127.0.0.1', 1);
-- Reading the node list is allowed.
SELECT count(*) FROM pg_dist_node;
SELECT count(*) FROM citus_get_active_worker_nodes();
RESET ROLE;
GRANT SELECT ON catalog_unchanged TO node_user;
GRANT EXECUTE ON FUNCTION citus_add_node(text, integer, integer, noderole, name),
                          citus_remove_node(text, integer),
                          citus_set_coordinator_host(text, integer, noderole, name) TO node_user;
\c - node_user
SELECT current_user;
SELECT citus_add_node('127.0.0.1', 1);
SELECT citus_remove_node('127.0.0.1', 1);
SELECT citus_set_coordinator_host('127.0.0.1');
SELECT * FROM catalog_unchanged;
\c - postgres
DROP OWNED BY node_user;
DROP ROLE node_user;
SELECT * FROM catalog_unchanged;

-- citus_set_coordinator_host records the coordinator as group 0; it is not a worker.
SELECT citus_set_coordinator_host('127.0.0.1');
SELECT groupid, nodename, nodeport = :coordinator_port AS is_coordinator, noderole
  FROM pg_dist_node WHERE groupid = 0;
SELECT count(*) FROM citus_get_active_worker_nodes();
SELECT count(*) FROM run_command_on_workers('select 1');
-- Called again, it updates the row.
SELECT citus_set_coordinator_host('localhost', :coordinator_port);
SELECT groupid, nodename, nodeport = :coordinator_port AS is_coordinator
  FROM pg_dist_node WHERE groupid = 0;
SELECT citus_set_coordinator_host('localhost', 0);
SELECT citus_remove_node('localhost', :coordinator_port);
SELECT * FROM catalog_unchanged;

-- A node added in a transaction that rolls back leaves no trace either.
BEGIN;
SELECT citus_remove_node('127.0.0.1', :worker_2_port);
SELECT citus_add_node('127.0.0.1', :worker_2_port) > 0 AS added;
SELECT count(*) FROM run_command_on_workers('select 1');
ROLLBACK;
SELECT * FROM catalog_unchanged;

-- The older names master_add_node and master_remove_node do the same, with the same checks.
BEGIN;
SELECT master_remove_node('127.0.0.1', :worker_2_port);
SELECT count(*) FROM citus_get_active_worker_nodes();
SELECT master_add_node('127.0.0.1', :worker_2_port) > 0 AS added;
SELECT count(*) FROM citus_get_active_worker_nodes();
ROLLBACK;
\set VERBOSITY terse
SELECT master_add_node('127.0.0.1', 1, groupid => 0);
SELECT master_remove_node('no-such-host', 5432);
\set VERBOSITY default
SELECT * FROM catalog_unchanged;

-- Removing a worker inside a transaction that rolls back changes nothing, and every reader of
-- the node list sees the rollback.
BEGIN;
SELECT citus_remove_node('127.0.0.1', :worker_2_port);
SELECT count(*) FROM citus_get_active_worker_nodes();
SELECT count(*) FROM run_command_on_workers('select 1');
ROLLBACK;
SELECT count(*) FROM citus_get_active_worker_nodes();
SELECT count(*) FROM run_command_on_workers('select 1');
SELECT * FROM catalog_unchanged;

-- Remove a worker for good, then add it back: it gets a new node id and group.
SELECT citus_remove_node('127.0.0.1', :worker_2_port);
SELECT nodeid, nodeport = :worker_1_port AS is_worker_1 FROM pg_dist_node ORDER BY nodeid;
SELECT nodeport = :worker_1_port AS is_worker_1, success, result
  FROM run_command_on_workers('select 1');
SELECT citus_add_node('127.0.0.1', :worker_2_port) AS nodeid;
SELECT nodeid, groupid, nodename, nodeport = :worker_1_port AS is_worker_1,
       nodeport = :worker_2_port AS is_worker_2, isactive, noderole, shouldhaveshards
  FROM pg_dist_node ORDER BY nodeid;
SELECT nodeport = :worker_2_port AS is_worker_2, success, result::int = nodeport AS computed_there
  FROM run_command_on_workers('select current_setting(''port'')');
DROP VIEW catalog_unchanged;
DROP TABLE nodes_before;
