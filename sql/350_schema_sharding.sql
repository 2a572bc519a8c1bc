-- Schema-based sharding (Citus 12): a distributed schema's tables are single-shard distributed
-- tables of one colocation group, recorded in pg_dist_schema (sql/100_distributed_metadata.sql).

CREATE FUNCTION pg_catalog.citus_schema_distribute(schemaname regnamespace)
    RETURNS void LANGUAGE C STRICT VOLATILE
    AS 'MODULE_PATHNAME', 'tessera_citus_schema_distribute';
COMMENT ON FUNCTION pg_catalog.citus_schema_distribute(regnamespace)
    IS 'turns a schema into a distributed schema: its tables become one colocated group of single-shard tables';

CREATE FUNCTION pg_catalog.citus_schema_undistribute(schemaname regnamespace)
    RETURNS void LANGUAGE C STRICT VOLATILE
    AS 'MODULE_PATHNAME', 'tessera_citus_schema_undistribute';
COMMENT ON FUNCTION pg_catalog.citus_schema_undistribute(regnamespace)
    IS 'turns a distributed schema back into a regular schema of local tables';

-- citus_schema_move: moves the shard group of a distributed schema to another node, through
-- citus_move_shard_placement of one of its shards (which moves the whole colocated group).
CREATE FUNCTION pg_catalog.citus_schema_move(schema_id regnamespace, target_node_name text,
                                             target_node_port integer,
                                             shard_transfer_mode text DEFAULT 'auto')
    RETURNS void LANGUAGE plpgsql STRICT VOLATILE
    SET search_path = pg_catalog
    AS $$
DECLARE
    group_id integer;
    shard bigint;
    source record;
BEGIN
    SELECT ds.colocationid INTO group_id FROM pg_dist_schema ds WHERE ds.schemaid = schema_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'schema % is not a distributed schema', schema_id
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Distribute it first with citus_schema_distribute().';
    END IF;
    SELECT s.shardid INTO shard
    FROM pg_dist_partition p JOIN pg_dist_shard s ON s.logicalrelid = p.logicalrelid
    WHERE p.colocationid = group_id ORDER BY s.shardid LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'cannot move distributed schema % because it has no tables', schema_id
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    SELECT n.nodename, n.nodeport INTO source
    FROM pg_dist_placement pl JOIN pg_dist_node n ON n.groupid = pl.groupid AND n.noderole = 'primary'
    WHERE pl.shardid = shard;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'shard % of distributed schema % has no placement', shard, schema_id
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM citus_move_shard_placement(shard, source.nodename, source.nodeport, target_node_name,
                                       target_node_port, shard_transfer_mode);
END
$$;
COMMENT ON FUNCTION pg_catalog.citus_schema_move(regnamespace, text, integer, text)
    IS 'moves the tables of a distributed schema to another node';
REVOKE ALL ON FUNCTION pg_catalog.citus_schema_move(regnamespace, text, integer, text) FROM public;

CREATE FUNCTION pg_catalog.citus_schema_move(schema_id regnamespace, target_node_id integer,
                                             shard_transfer_mode text DEFAULT 'auto')
    RETURNS void LANGUAGE plpgsql STRICT VOLATILE
    SET search_path = pg_catalog
    AS $$
DECLARE
    target record;
BEGIN
    SELECT n.nodename, n.nodeport INTO target FROM pg_dist_node n WHERE n.nodeid = target_node_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'node with id % does not exist', target_node_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM citus_schema_move(schema_id, target.nodename, target.nodeport, shard_transfer_mode);
END
$$;
COMMENT ON FUNCTION pg_catalog.citus_schema_move(regnamespace, integer, text)
    IS 'moves the tables of a distributed schema to another node, given by its node id';
REVOKE ALL ON FUNCTION pg_catalog.citus_schema_move(regnamespace, integer, text) FROM public;

-- citus_schemas: every distributed schema with its colocation group, the size of its shards
-- (NULL for schemas the current user may not use) and its owner.
CREATE SCHEMA tessera_schema_setup;
CREATE VIEW tessera_schema_setup.citus_schemas AS
SELECT ds.schemaid::regnamespace AS schema_name,
       ds.colocationid AS colocation_id,
       CASE WHEN pg_catalog.has_schema_privilege(ds.schemaid, 'USAGE')
            THEN pg_catalog.pg_size_pretty(coalesce(sizes.schema_size, 0)) END AS schema_size,
       pg_catalog.pg_get_userbyid(n.nspowner) AS schema_owner
FROM pg_catalog.pg_dist_schema ds
JOIN pg_catalog.pg_namespace n ON n.oid = ds.schemaid
LEFT JOIN (SELECT c.relnamespace AS schemaid, sum(sz.shard_size)::bigint AS schema_size
           FROM pg_catalog.tessera_shard_sizes() sz
           JOIN pg_catalog.pg_dist_shard s ON s.shardid = sz.shardid
           JOIN pg_catalog.pg_class c ON c.oid = s.logicalrelid
           GROUP BY c.relnamespace) sizes ON sizes.schemaid = ds.schemaid
ORDER BY ds.schemaid::regnamespace::text;
ALTER VIEW tessera_schema_setup.citus_schemas SET SCHEMA pg_catalog;
DROP SCHEMA tessera_schema_setup;
GRANT SELECT ON pg_catalog.citus_schemas TO public;
