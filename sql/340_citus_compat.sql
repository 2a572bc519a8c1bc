-- Smaller Citus functions and views that monitoring queries and scripts call, built on what the
-- earlier parts provide (docs/citus_compatibility.md lists what is present, differs or is absent).

-- Size of every shard placement (one row per placement), as pg_total_relation_size measures it on
-- the node holding it; size is NULL when that node did not answer. shard_id is bigint, like
-- pg_dist_shard.shardid (Citus 12 declares it integer).
CREATE FUNCTION pg_catalog.citus_shard_sizes(OUT shard_id bigint, OUT size bigint)
    RETURNS SETOF record LANGUAGE sql VOLATILE
    AS $$ SELECT sz.shardid, sz.shard_size FROM pg_catalog.tessera_shard_sizes() sz $$;
COMMENT ON FUNCTION pg_catalog.citus_shard_sizes()
    IS 'the size of every shard placement, measured on the node that holds it';

-- The connections this coordinator's backends hold to each node. Tessera counts them per node
-- across all databases, so database_name is NULL (Citus counts per database).
CREATE FUNCTION pg_catalog.citus_remote_connection_stats(OUT hostname text, OUT port integer,
                                                         OUT database_name text,
                                                         OUT connection_count_to_node integer)
    RETURNS SETOF record LANGUAGE sql VOLATILE
    AS $$
    SELECT c.nodename, c.nodeport, NULL::text, c.connection_count
      FROM tessera.connection_counts() c ORDER BY c.nodename, c.nodeport
$$;
COMMENT ON FUNCTION pg_catalog.citus_remote_connection_stats()
    IS 'connections this node holds to each other node (all databases together)';

-- Global process ids, as citus_stat_activity computes them: node id * 10^10 + pid (this node's
-- id: tessera.local_nodeid(), sql/145_stat_activity.sql).
CREATE FUNCTION pg_catalog.citus_calculate_gpid(nodeid integer, pid integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT $1::bigint * 10000000000 + $2 $$;
COMMENT ON FUNCTION pg_catalog.citus_calculate_gpid(integer, integer)
    IS 'the global process id of process pid on node nodeid';

CREATE FUNCTION pg_catalog.citus_backend_gpid() RETURNS bigint LANGUAGE sql STABLE
    AS $$ SELECT pg_catalog.citus_calculate_gpid(tessera.local_nodeid(), pg_catalog.pg_backend_pid()) $$;
COMMENT ON FUNCTION pg_catalog.citus_backend_gpid()
    IS 'the global process id of this session, as citus_stat_activity shows it';

CREATE FUNCTION pg_catalog.citus_nodeid_for_gpid(global_pid bigint) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT ($1 / 10000000000)::integer $$;
COMMENT ON FUNCTION pg_catalog.citus_nodeid_for_gpid(bigint)
    IS 'the node id part of a global process id';

CREATE FUNCTION pg_catalog.citus_pid_for_gpid(global_pid bigint) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT ($1 % 10000000000)::integer $$;
COMMENT ON FUNCTION pg_catalog.citus_pid_for_gpid(bigint)
    IS 'the process id part of a global process id';

-- citus_move_shard_placement with the nodes given by their pg_dist_node ids.
CREATE FUNCTION pg_catalog.citus_move_shard_placement(shard_id bigint, source_node_id integer,
                                                      target_node_id integer,
                                                      shard_transfer_mode text DEFAULT 'auto')
    RETURNS void LANGUAGE plpgsql CALLED ON NULL INPUT VOLATILE
    SET search_path = pg_catalog
    AS $$
DECLARE
    source record;
    target record;
BEGIN
    IF shard_id IS NULL OR source_node_id IS NULL OR target_node_id IS NULL
       OR shard_transfer_mode IS NULL THEN
        RAISE EXCEPTION 'shard_id, source_node_id, target_node_id and shard_transfer_mode must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT n.nodename, n.nodeport INTO source FROM pg_dist_node n WHERE n.nodeid = source_node_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'node with id % does not exist', source_node_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT n.nodename, n.nodeport INTO target FROM pg_dist_node n WHERE n.nodeid = target_node_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'node with id % does not exist', target_node_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM citus_move_shard_placement(shard_id, source.nodename, source.nodeport,
                                       target.nodename, target.nodeport, shard_transfer_mode);
END
$$;
REVOKE ALL ON FUNCTION pg_catalog.citus_move_shard_placement(bigint, integer, integer, text)
    FROM public;

-- citus_locks: pg_locks of every node (this one and the active primary workers), with the
-- global pid and node id as in citus_stat_activity, and relation_name: the name of a locked
-- relation of the database the query runs in, resolved on the node that holds the lock (NULL for
-- other databases' relations, whose OIDs mean nothing here). A node that does not answer is left
-- out with a WARNING.
CREATE FUNCTION tessera.locks_of_nodes()
    RETURNS TABLE (global_pid bigint, nodeid integer, locktype text, database oid, relation oid,
                   relation_name text, page integer, tuple smallint, virtualxid text,
                   transactionid xid, classid oid, objid oid, objsubid smallint,
                   virtualtransaction text, pid integer, mode text, granted boolean,
                   fastpath boolean, waitstart timestamptz)
    LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    -- Run here and on every worker: relation names resolve on the node holding the lock.
    locks_query constant text :=
        'SELECT coalesce(pg_catalog.json_agg(x), ''[]'') FROM ('
        'SELECT l.*, CASE WHEN l.database = (SELECT d.oid FROM '
        'pg_catalog.pg_database d WHERE d.datname = '
        'pg_catalog.current_database()) THEN l.relation::pg_catalog.regclass'
        '::text END AS relation_name FROM pg_catalog.pg_locks l) x';
    local_locks json;
BEGIN
    EXECUTE locks_query INTO local_locks;
    RETURN QUERY
        SELECT pg_catalog.citus_calculate_gpid(s.nodeid, l.pid), s.nodeid, l.locktype,
               l.database, l.relation, l.relation_name, l.page, l.tuple, l.virtualxid,
               l.transactionid, l.classid, l.objid, l.objsubid, l.virtualtransaction, l.pid,
               l.mode, l.granted, l.fastpath, l.waitstart
          FROM (SELECT tessera.local_nodeid(), local_locks
                UNION ALL
                SELECT w.nodeid, w.result
                  FROM tessera.json_of_workers(locks_query, 'pg_locks') w) s (nodeid, result),
               pg_catalog.json_to_recordset(s.result)
                   AS l(locktype text, database oid, relation oid, relation_name text,
                        page integer, tuple smallint, virtualxid text, transactionid xid,
                        classid oid, objid oid, objsubid smallint, virtualtransaction text,
                        pid integer, mode text, granted boolean, fastpath boolean,
                        waitstart timestamptz);
END
$fn$;

CREATE SCHEMA tessera_compat_setup;
CREATE VIEW tessera_compat_setup.citus_locks AS SELECT * FROM tessera.locks_of_nodes();
ALTER VIEW tessera_compat_setup.citus_locks SET SCHEMA pg_catalog;
DROP SCHEMA tessera_compat_setup;
GRANT SELECT ON pg_catalog.citus_locks TO public;

-- citus_copy_shard_placement (both forms): Tessera keeps exactly one placement per shard, so a
-- copy of a shard next to its placement cannot exist; the call is refused rather than ignored.
CREATE FUNCTION pg_catalog.citus_copy_shard_placement(shard_id bigint, source_node_name text,
                                                      source_node_port integer,
                                                      target_node_name text,
                                                      target_node_port integer,
                                                      transfer_mode text DEFAULT 'auto')
    RETURNS void LANGUAGE plpgsql CALLED ON NULL INPUT VOLATILE
    AS $$
BEGIN
    RAISE EXCEPTION 'citus_copy_shard_placement is not supported by tessera'
        USING ERRCODE = 'feature_not_supported',
              DETAIL = 'Every shard has exactly one placement (citus.shard_replication_factor 1), '
                       'so a shard cannot be copied to a second node.',
              HINT = 'Use citus_move_shard_placement to move a shard; reference tables reach new '
                     'nodes with replicate_reference_tables().';
END
$$;
CREATE FUNCTION pg_catalog.citus_copy_shard_placement(shard_id bigint, source_node_id integer,
                                                      target_node_id integer,
                                                      transfer_mode text DEFAULT 'auto')
    RETURNS void LANGUAGE plpgsql CALLED ON NULL INPUT VOLATILE
    AS $$
BEGIN
    RAISE EXCEPTION 'citus_copy_shard_placement is not supported by tessera'
        USING ERRCODE = 'feature_not_supported',
              DETAIL = 'Every shard has exactly one placement (citus.shard_replication_factor 1), '
                       'so a shard cannot be copied to a second node.',
              HINT = 'Use citus_move_shard_placement to move a shard; reference tables reach new '
                     'nodes with replicate_reference_tables().';
END
$$;
REVOKE ALL ON FUNCTION pg_catalog.citus_copy_shard_placement(bigint, text, integer, text, integer,
                                                             text) FROM public;
REVOKE ALL ON FUNCTION pg_catalog.citus_copy_shard_placement(bigint, integer, integer, text)
    FROM public;
