-- Connectivity checks between nodes, as Citus names them (src/commands/node_health.cpp).

CREATE FUNCTION tessera.check_connection_to_node(nodename text, nodeport integer)
    RETURNS boolean LANGUAGE C STRICT VOLATILE
    AS 'MODULE_PATHNAME', 'tessera_check_connection_to_node';

-- A node whose address cannot even be resolved raises while the connection starts: that is
-- caught here (in a subtransaction, so nothing is left half done) and answered with false.
CREATE FUNCTION pg_catalog.citus_check_connection_to_node(nodename text,
                                                          nodeport integer DEFAULT 5432)
    RETURNS boolean LANGUAGE plpgsql STRICT VOLATILE AS $fn$
DECLARE
    detail text;
BEGIN
    RETURN tessera.check_connection_to_node(nodename, nodeport);
EXCEPTION WHEN connection_exception THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RAISE WARNING '%', SQLERRM USING DETAIL = detail;
    RETURN false;
END
$fn$;
COMMENT ON FUNCTION pg_catalog.citus_check_connection_to_node(text, integer)
    IS 'checks whether this node can connect to the given node and run a query there';

-- Every active node of pg_dist_node checks every one (itself included): from this node
-- directly, from the others through one command each, which returns its answers in node order.
-- result is NULL when the checking node itself cannot be reached.
CREATE FUNCTION pg_catalog.citus_check_cluster_node_health(
        OUT from_nodename text, OUT from_nodeport integer,
        OUT to_nodename text, OUT to_nodeport integer, OUT result boolean)
    RETURNS SETOF record LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    names text[];
    ports integer[];
    local_group integer;
    targets text;
    answers text[];
    remote record;
BEGIN
    SELECT array_agg(n.nodename ORDER BY n.nodeid), array_agg(n.nodeport ORDER BY n.nodeid)
      INTO names, ports
      FROM pg_catalog.pg_dist_node n
     WHERE n.isactive AND n.noderole = 'primary';
    IF names IS NULL THEN
        RETURN;
    END IF;
    -- This node is the coordinator: group 0 in pg_dist_node when it is registered there.
    local_group := 0;
    SELECT string_agg(format('(%L, %s, %s)', names[i], ports[i], i), ', ')
      INTO targets
      FROM generate_subscripts(names, 1) i;
    FOR f IN 1 .. array_length(names, 1) LOOP
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_dist_node n
                    WHERE n.nodename = names[f] AND n.nodeport = ports[f]
                      AND n.groupid = local_group) THEN
            FOR t IN 1 .. array_length(names, 1) LOOP
                from_nodename := names[f]; from_nodeport := ports[f];
                to_nodename := names[t]; to_nodeport := ports[t];
                result := pg_catalog.citus_check_connection_to_node(names[t], ports[t]);
                RETURN NEXT;
            END LOOP;
            CONTINUE;
        END IF;
        SELECT r.success, r.result INTO remote
          FROM tessera.run_commands_on_nodes(
                   ARRAY[names[f]], ARRAY[ports[f]],
                   ARRAY[format('SELECT string_agg(pg_catalog.citus_check_connection_to_node('
                                'v.n, v.p)::text, %L ORDER BY v.o) FROM (VALUES %s) v(n, p, o)',
                                ',', targets)],
                   false) r;
        answers := CASE WHEN remote.success THEN string_to_array(remote.result, ',') END;
        FOR t IN 1 .. array_length(names, 1) LOOP
            from_nodename := names[f]; from_nodeport := ports[f];
            to_nodename := names[t]; to_nodeport := ports[t];
            result := answers[t]::boolean;
            RETURN NEXT;
        END LOOP;
    END LOOP;
END
$fn$;
COMMENT ON FUNCTION pg_catalog.citus_check_cluster_node_health()
    IS 'checks whether every active node can connect to every other one';

-- Node ids to names and ports, and the coordinator's node id, as monitoring queries use them.
CREATE FUNCTION pg_catalog.citus_nodename_for_nodeid(nodeid integer) RETURNS text
    LANGUAGE sql STABLE STRICT AS $fn$
    SELECT n.nodename FROM pg_catalog.pg_dist_node n WHERE n.nodeid = $1
$fn$;
CREATE FUNCTION pg_catalog.citus_nodeport_for_nodeid(nodeid integer) RETURNS integer
    LANGUAGE sql STABLE STRICT AS $fn$
    SELECT n.nodeport FROM pg_catalog.pg_dist_node n WHERE n.nodeid = $1
$fn$;
CREATE FUNCTION pg_catalog.citus_coordinator_nodeid() RETURNS integer
    LANGUAGE sql STABLE AS $fn$
    SELECT n.nodeid FROM pg_catalog.pg_dist_node n WHERE n.groupid = 0 LIMIT 1
$fn$;
