-- citus_stat_activity and citus_dist_stat_activity: pg_stat_activity of every node, with the
-- columns Citus adds in front: global_pid, nodeid, is_worker_query.
--
-- What Tessera can fill: nodeid is the node's pg_dist_node id (0 for a coordinator that is not
-- registered in pg_dist_node); global_pid is nodeid * 10000000000 + pid of that backend itself
-- (Tessera does not pass the id of the originating session to the workers, so a worker backend
-- that serves a coordinator's query carries its own id, not that session's); is_worker_query is
-- true for the backends of Tessera's own node-to-node connections (application_name 'tessera:<pid>:<start>', or 'tessera').
-- The other nodes are asked as the calling user, so each node shows what pg_stat_activity shows
-- that user there; a node that does not answer is left out with a WARNING.

-- This node's id in its own pg_dist_node (group 0 on the coordinator), 0 where it is not listed
-- there (workers, a coordinator not registered as a node).
CREATE FUNCTION tessera.local_nodeid() RETURNS integer LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT n.nodeid FROM pg_catalog.pg_dist_node n
                      WHERE n.groupid = 0 AND n.noderole = 'primary'
                      ORDER BY n.nodeid LIMIT 1), 0)
$$;

-- What `query` (one row, one json array) answers on every active primary worker, asked in
-- parallel as the calling user: one row per node that answered, with its pg_dist_node id. A node
-- that does not answer is left out with a WARNING saying it could not read `what`.
CREATE FUNCTION tessera.json_of_workers(query text, what text)
    RETURNS TABLE (nodeid integer, result json) LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    names text[];
    ports integer[];
    remote record;
BEGIN
    SELECT array_agg(n.nodename ORDER BY n.nodeid), array_agg(n.nodeport ORDER BY n.nodeid)
      INTO names, ports
      FROM pg_catalog.pg_dist_node n
     WHERE n.isactive AND n.noderole = 'primary' AND n.groupid <> 0;
    IF names IS NULL THEN
        RETURN;
    END IF;
    FOR remote IN
        SELECT r.node_name, r.node_port, r.success, r.result
          FROM tessera.run_commands_on_nodes(names, ports,
                                             array_fill(query, ARRAY[array_length(names, 1)]),
                                             true) r
    LOOP
        IF NOT remote.success THEN
            RAISE WARNING 'could not read % of node %:%', what, remote.node_name,
                          remote.node_port
                USING DETAIL = remote.result;
            CONTINUE;
        END IF;
        RETURN QUERY
            SELECT n.nodeid, remote.result::json
              FROM pg_catalog.pg_dist_node n
             WHERE n.nodename = remote.node_name AND n.nodeport = remote.node_port
               AND n.noderole = 'primary';
    END LOOP;
END
$fn$;

CREATE FUNCTION tessera.stat_activity_of_nodes()
    RETURNS TABLE (global_pid bigint, nodeid integer, is_worker_query boolean,
                   datid oid, datname name, pid integer, leader_pid integer, usesysid oid,
                   usename name, application_name text, client_addr inet,
                   client_hostname text, client_port integer,
                   backend_start timestamptz, xact_start timestamptz,
                   query_start timestamptz, state_change timestamptz,
                   wait_event_type text, wait_event text, state text, backend_xid xid,
                   backend_xmin xid, query_id bigint, query text, backend_type text)
    LANGUAGE sql VOLATILE AS $fn$
    -- This node's rows go through JSON as the workers' do, so that one list reads them all.
    SELECT s.nodeid::bigint * 10000000000 + a.pid, s.nodeid,
           (a.application_name = 'tessera' OR a.application_name LIKE 'tessera:%')
               AND a.backend_type = 'client backend',
           a.datid, a.datname, a.pid, a.leader_pid, a.usesysid, a.usename,
           a.application_name, a.client_addr, a.client_hostname, a.client_port,
           a.backend_start, a.xact_start, a.query_start, a.state_change,
           a.wait_event_type, a.wait_event, a.state, a.backend_xid, a.backend_xmin,
           a.query_id, a.query, a.backend_type
      FROM (SELECT tessera.local_nodeid(),
                   (SELECT coalesce(pg_catalog.json_agg(l), '[]')
                      FROM pg_catalog.pg_stat_activity l)
            UNION ALL
            SELECT w.nodeid, w.result
              FROM tessera.json_of_workers(
                       'SELECT coalesce(pg_catalog.json_agg(a), ''[]'') '
                       'FROM pg_catalog.pg_stat_activity a',
                       'pg_stat_activity') w) s (nodeid, result),
           pg_catalog.json_populate_recordset(NULL::pg_catalog.pg_stat_activity, s.result) a
$fn$;

CREATE SCHEMA tessera_stat_setup;
CREATE VIEW tessera_stat_setup.citus_stat_activity AS
    SELECT * FROM tessera.stat_activity_of_nodes();
-- The sessions that clients opened (on any node), without the backends serving other nodes.
CREATE VIEW tessera_stat_setup.citus_dist_stat_activity AS
    SELECT * FROM tessera_stat_setup.citus_stat_activity s WHERE NOT s.is_worker_query;
ALTER VIEW tessera_stat_setup.citus_stat_activity SET SCHEMA pg_catalog;
ALTER VIEW tessera_stat_setup.citus_dist_stat_activity SET SCHEMA pg_catalog;
DROP SCHEMA tessera_stat_setup;
GRANT SELECT ON pg_catalog.citus_stat_activity, pg_catalog.citus_dist_stat_activity TO public;
