-- citus_stat_activity and citus_dist_stat_activity: pg_stat_activity of every node, with
-- global_pid, nodeid and is_worker_query in front (as Citus names them).
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
WHERE attrelid = 'citus_stat_activity'::regclass AND attnum > 0 ORDER BY attnum;
SELECT array_agg(attname ORDER BY attnum) = (SELECT array_agg(attname ORDER BY attnum)
                                            FROM pg_attribute
                                            WHERE attrelid = 'citus_stat_activity'::regclass
                                              AND attnum > 0) AS same_columns
FROM pg_attribute WHERE attrelid = 'citus_dist_stat_activity'::regclass AND attnum > 0;

-- This session, on the coordinator (not in pg_dist_node here: node id 0); its global pid is
-- node id * 10^10 + pid.
SELECT nodeid, global_pid = pg_backend_pid() AS gpid_is_pid, is_worker_query, datname, state,
       query LIKE '%this session%' AS own_query
FROM citus_dist_stat_activity WHERE pid = pg_backend_pid() AND nodeid = 0; -- this session
-- Every worker answers; the backends that serve this query there are worker queries.
-- Their application_name names this session (pid and start), for the deadlock detector.
SELECT n.nodeport = :worker_1_port AS is_worker_1, s.is_worker_query,
       s.application_name = (SELECT format('tessera:%s:%s', pid, floor(extract(epoch FROM backend_start)))
                             FROM pg_stat_activity WHERE pid = pg_backend_pid()) AS names_session,
       s.global_pid = n.nodeid::bigint * 10000000000 + s.pid AS gpid_ok, s.datname
FROM citus_stat_activity s JOIN pg_dist_node n USING (nodeid)
WHERE s.query LIKE '%pg_stat_activity a' AND s.backend_type = 'client backend' AND s.state = 'active'
ORDER BY n.nodeport;
SELECT count(*) AS worker_queries FROM citus_dist_stat_activity WHERE is_worker_query;
-- Other users see what pg_stat_activity shows them on each node.
CREATE ROLE stat_user LOGIN;
SET ROLE stat_user;
SELECT count(DISTINCT nodeid) AS nodes, bool_and(usename = 'stat_user') AS own_rows
FROM citus_stat_activity
WHERE query LIKE '%pg_stat_activity a' AND backend_type = 'client backend' AND state = 'active';
RESET ROLE;
DROP ROLE stat_user;
