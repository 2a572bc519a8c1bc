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

-- citus_lock_waits: which client session of this coordinator waits for which, through a lock
-- here or a row or table lock on any worker. A coordinator backend's connections to the nodes
-- carry "tessera:<pid>:<backend start, Unix seconds>" in application_name, so a worker's lock
-- wait between two such connections (pg_blocking_pids) names the two coordinator sessions; a
-- backend serving a connection of the coordinator to itself counts as the session it serves.
-- Waits behind backends that are not such sessions (a client connected to a worker directly,
-- or a node_conninfo that overrides application_name) are not shown. The other nodes are asked
-- as the calling user (pg_stat_activity there shows that user what it shows it); a node that
-- does not answer is left out with a WARNING. The columns are Citus's: the global pids are those
-- of citus_stat_activity and both node ids are this coordinator's.
CREATE FUNCTION tessera.lock_wait_pairs()
    RETURNS TABLE (waiting_pid integer, blocking_pid integer, blocked_statement text,
                   current_statement_in_blocking_process text)
    LANGUAGE sql VOLATILE AS $fn$
    -- pg_stat_activity afresh, not as the calling transaction read it first.
    SELECT pg_catalog.pg_stat_clear_snapshot();
    WITH sessions AS (
        SELECT a.pid, a.application_name, a.query,
               'tessera:' || a.pid || ':' || floor(extract(epoch FROM a.backend_start))::bigint
                   AS identity
          FROM pg_catalog.pg_stat_activity a
         WHERE a.datname = pg_catalog.current_database()),
    owners AS (
        SELECT s.pid, coalesce(o.pid, s.pid) AS owner
          FROM sessions s LEFT JOIN sessions o ON o.identity = s.application_name),
    local_waits AS (
        SELECT w.owner AS waiting, h.owner AS blocking
          FROM pg_catalog.pg_stat_activity a
               CROSS JOIN LATERAL pg_catalog.unnest(pg_catalog.pg_blocking_pids(a.pid)) AS b(pid)
               JOIN owners w ON w.pid = a.pid
               JOIN owners h ON h.pid = b.pid
         WHERE a.wait_event_type = 'Lock' AND a.datname = pg_catalog.current_database()),
    worker_waits AS (
        SELECT w.pid AS waiting, h.pid AS blocking
          FROM tessera.json_of_workers(
                   'SELECT coalesce(pg_catalog.json_agg(pg_catalog.json_build_array('
                   'w.application_name, h.application_name)), ''[]'') '
                   'FROM pg_catalog.pg_stat_activity w '
                   'CROSS JOIN LATERAL pg_catalog.unnest(pg_catalog.pg_blocking_pids(w.pid)) '
                   'AS b(pid) JOIN pg_catalog.pg_stat_activity h ON h.pid = b.pid '
                   'WHERE w.wait_event_type = ''Lock'' '
                   'AND w.datname = pg_catalog.current_database() '
                   'AND w.application_name LIKE ''tessera:%'' '
                   'AND h.application_name LIKE ''tessera:%''',
                   'lock waits') n,
               pg_catalog.json_array_elements(n.result) AS e(pair)
               JOIN sessions w ON w.identity = e.pair ->> 0
               JOIN sessions h ON h.identity = e.pair ->> 1)
    SELECT p.waiting, p.blocking, w.query, h.query
      FROM (SELECT DISTINCT * FROM (SELECT * FROM local_waits
                                    UNION ALL SELECT * FROM worker_waits) u) p
           JOIN sessions w ON w.pid = p.waiting
           JOIN sessions h ON h.pid = p.blocking
     WHERE p.waiting <> p.blocking
$fn$;

CREATE SCHEMA tessera_lock_waits_setup;
CREATE VIEW tessera_lock_waits_setup.citus_lock_waits AS
    SELECT n.nodeid::bigint * 10000000000 + p.waiting_pid AS waiting_gpid,
           n.nodeid::bigint * 10000000000 + p.blocking_pid AS blocking_gpid,
           p.waiting_pid, p.blocking_pid, p.blocked_statement,
           p.current_statement_in_blocking_process,
           n.nodeid AS waiting_nodeid, n.nodeid AS blocking_nodeid
      FROM tessera.lock_wait_pairs() p
           CROSS JOIN (SELECT tessera.local_nodeid() AS nodeid) n;
ALTER VIEW tessera_lock_waits_setup.citus_lock_waits SET SCHEMA pg_catalog;
DROP SCHEMA tessera_lock_waits_setup;
GRANT SELECT ON pg_catalog.citus_lock_waits TO public;
