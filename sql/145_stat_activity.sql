-- citus_stat_activity and citus_dist_stat_activity: pg_stat_activity of every node, with the
-- columns Citus adds in front: global_pid, nodeid, is_worker_query.
--
-- What Tessera can fill: nodeid is the node's pg_dist_node id (0 for a coordinator that is not
-- registered in pg_dist_node); global_pid is nodeid * 10000000000 + pid of that backend itself
-- (Tessera does not pass the id of the originating session to the workers, so a worker backend
-- that serves a coordinator's query carries its own id, not that session's); is_worker_query is
-- true for the backends of Tessera's own node-to-node connections (application_name 'tessera').
-- The other nodes are asked as the calling user, so each node shows what pg_stat_activity shows
-- that user there; a node that does not answer is left out with a WARNING.

CREATE FUNCTION tessera.stat_activity_of_nodes()
    RETURNS TABLE (global_pid bigint, nodeid integer, is_worker_query boolean,
                   datid oid, datname name, pid integer, leader_pid integer, usesysid oid,
                   usename name, application_name text, client_addr inet,
                   client_hostname text, client_port integer,
                   backend_start timestamptz, xact_start timestamptz,
                   query_start timestamptz, state_change timestamptz,
                   wait_event_type text, wait_event text, state text, backend_xid xid,
                   backend_xmin xid, query_id bigint, query text, backend_type text)
    LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    local_nodeid integer;
    names text[];
    ports integer[];
    ids integer[];
    remote record;
BEGIN
    local_nodeid := coalesce((SELECT n.nodeid FROM pg_catalog.pg_dist_node n
                               WHERE n.groupid = 0 AND n.noderole = 'primary'
                               ORDER BY n.nodeid LIMIT 1), 0);
    RETURN QUERY
        SELECT local_nodeid::bigint * 10000000000 + a.pid, local_nodeid,
               a.application_name = 'tessera' AND a.backend_type = 'client backend',
               a.datid, a.datname, a.pid, a.leader_pid, a.usesysid, a.usename,
               a.application_name, a.client_addr, a.client_hostname, a.client_port,
               a.backend_start, a.xact_start, a.query_start, a.state_change,
               a.wait_event_type, a.wait_event, a.state, a.backend_xid, a.backend_xmin,
               a.query_id, a.query, a.backend_type
          FROM pg_catalog.pg_stat_activity a;
    -- The workers (every other active primary node), asked in parallel.
    SELECT array_agg(n.nodename ORDER BY n.nodeid), array_agg(n.nodeport ORDER BY n.nodeid),
           array_agg(n.nodeid ORDER BY n.nodeid)
      INTO names, ports, ids
      FROM pg_catalog.pg_dist_node n
     WHERE n.isactive AND n.noderole = 'primary' AND n.groupid <> 0;
    IF names IS NULL THEN
        RETURN;
    END IF;
    FOR remote IN
        SELECT r.node_name, r.node_port, r.success, r.result
          FROM tessera.run_commands_on_nodes(
                   names, ports,
                   array_fill('SELECT coalesce(pg_catalog.json_agg(a), ''[]'') '
                              'FROM pg_catalog.pg_stat_activity a'::text,
                              ARRAY[array_length(names, 1)]),
                   true) r
    LOOP
        IF NOT remote.success THEN
            RAISE WARNING 'could not read pg_stat_activity of node %:%', remote.node_name,
                          remote.node_port
                USING DETAIL = remote.result;
            CONTINUE;
        END IF;
        RETURN QUERY
            SELECT n.nodeid::bigint * 10000000000 + a.pid, n.nodeid,
                   a.application_name = 'tessera' AND a.backend_type = 'client backend',
                   a.datid, a.datname, a.pid, a.leader_pid, a.usesysid, a.usename,
                   a.application_name, a.client_addr, a.client_hostname, a.client_port,
                   a.backend_start, a.xact_start, a.query_start, a.state_change,
                   a.wait_event_type, a.wait_event, a.state, a.backend_xid, a.backend_xmin,
                   a.query_id, a.query, a.backend_type
              FROM pg_catalog.json_populate_recordset(NULL::pg_catalog.pg_stat_activity,
                                                      remote.result::json) a
              JOIN pg_catalog.pg_dist_node n
                ON n.nodename = remote.node_name AND n.nodeport = remote.node_port
               AND n.noderole = 'primary';
    END LOOP;
END
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
