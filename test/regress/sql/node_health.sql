-- Connectivity checks between nodes: citus_check_connection_to_node and
-- citus_check_cluster_node_health, and the node id helpers monitoring queries use.
SELECT citus_check_connection_to_node('127.0.0.1', :worker_1_port);
SELECT citus_check_connection_to_node('127.0.0.1', :worker_2_port);
SELECT citus_check_connection_to_node(nodename, nodeport) FROM pg_dist_node ORDER BY nodeid;
-- Nothing listens on port 1: false, with a warning (not shown: it names the port).
SET client_min_messages = error;
SELECT citus_check_connection_to_node('127.0.0.1', 1);
SELECT citus_check_connection_to_node('no-such-host.invalid');
RESET client_min_messages;
SELECT citus_check_connection_to_node('127.0.0.1', 0);
SELECT citus_check_connection_to_node(NULL, 5432) IS NULL AS null_in_null_out;

-- Every active node checks every node: from the workers too (through one command each).
SELECT count(*) AS pairs, bool_and(result) AS all_connected,
       count(DISTINCT (from_nodename, from_nodeport)) AS from_nodes
  FROM citus_check_cluster_node_health();
SELECT h.from_nodeport = :worker_1_port AS from_worker_1,
       h.to_nodeport = :worker_1_port AS to_worker_1, h.result
  FROM citus_check_cluster_node_health() h
 ORDER BY 1 DESC, 2 DESC;
-- A node that is not active is not checked.
SELECT count(*) FROM pg_dist_node WHERE isactive;

-- Node ids to names and ports.
SELECT citus_nodename_for_nodeid(nodeid) = nodename AS name_ok,
       citus_nodeport_for_nodeid(nodeid) = nodeport AS port_ok
  FROM pg_dist_node ORDER BY nodeid;
SELECT citus_nodename_for_nodeid(-1) IS NULL AS unknown_id;
-- The coordinator is not in pg_dist_node here.
SELECT citus_coordinator_nodeid() IS NULL AS coordinator_not_registered;
