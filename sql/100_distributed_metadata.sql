-- Distributed table metadata: which tables are distributed, their shards, where the shards live,
-- and which tables share a shard layout (colocation groups). Column names and types follow the
-- Citus catalogs so existing tooling and queries keep working.
--
-- PostgreSQL refuses CREATE TABLE/VIEW directly in pg_catalog, so the catalogs and views are built
-- in a scratch schema and moved with SET SCHEMA; the scratch schema is dropped at the end.

CREATE SCHEMA tessera_metadata_setup;

CREATE TABLE tessera_metadata_setup.pg_dist_colocation (
    colocationid integer NOT NULL,
    shardcount integer NOT NULL,
    replicationfactor integer NOT NULL,
    distributioncolumntype oid NOT NULL,
    distributioncolumncollation oid NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX pg_dist_colocation_pkey
    ON tessera_metadata_setup.pg_dist_colocation (colocationid);
CREATE INDEX pg_dist_colocation_configuration_index
    ON tessera_metadata_setup.pg_dist_colocation (shardcount, replicationfactor,
                                                  distributioncolumntype);

CREATE TABLE tessera_metadata_setup.pg_dist_partition (
    logicalrelid regclass NOT NULL,
    partmethod "char" NOT NULL,
    partkey text,
    colocationid integer NOT NULL DEFAULT 0,
    repmodel "char" NOT NULL DEFAULT 's',
    autoconverted boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX pg_dist_partition_logical_relid_index
    ON tessera_metadata_setup.pg_dist_partition (logicalrelid);
CREATE INDEX pg_dist_partition_colocationid_index
    ON tessera_metadata_setup.pg_dist_partition (colocationid);

CREATE TABLE tessera_metadata_setup.pg_dist_shard (
    logicalrelid regclass NOT NULL,
    shardid bigint NOT NULL,
    shardstorage "char" NOT NULL,
    shardminvalue text,
    shardmaxvalue text
);
CREATE UNIQUE INDEX pg_dist_shard_shardid_index
    ON tessera_metadata_setup.pg_dist_shard (shardid);
CREATE INDEX pg_dist_shard_logical_relid_index
    ON tessera_metadata_setup.pg_dist_shard (logicalrelid);

CREATE TABLE tessera_metadata_setup.pg_dist_placement (
    placementid bigint NOT NULL,
    shardid bigint NOT NULL,
    shardstate integer NOT NULL DEFAULT 1,
    shardlength bigint NOT NULL DEFAULT 0,
    groupid integer NOT NULL
);
CREATE UNIQUE INDEX pg_dist_placement_placementid_index
    ON tessera_metadata_setup.pg_dist_placement (placementid);
CREATE INDEX pg_dist_placement_shardid_index
    ON tessera_metadata_setup.pg_dist_placement (shardid);
CREATE INDEX pg_dist_placement_groupid_index
    ON tessera_metadata_setup.pg_dist_placement (groupid);

-- Distributed schemas (schema-based sharding): each schema's tables form one colocation group of
-- single-shard tables. Column names and types as in Citus 12 (schemaid is an oid there too).
CREATE TABLE tessera_metadata_setup.pg_dist_schema (
    schemaid oid NOT NULL,
    colocationid integer NOT NULL,
    CONSTRAINT pg_dist_schema_pkey PRIMARY KEY (schemaid),
    CONSTRAINT pg_dist_schema_unique_colocationid_index UNIQUE (colocationid)
);

CREATE SEQUENCE tessera_metadata_setup.pg_dist_shardid_seq MINVALUE 102008 NO CYCLE;
CREATE SEQUENCE tessera_metadata_setup.pg_dist_placement_placementid_seq NO CYCLE;
CREATE SEQUENCE tessera_metadata_setup.pg_dist_colocationid_seq MINVALUE 1 MAXVALUE 4294967296;

ALTER TABLE tessera_metadata_setup.pg_dist_colocation SET SCHEMA pg_catalog;
ALTER TABLE tessera_metadata_setup.pg_dist_partition SET SCHEMA pg_catalog;
ALTER TABLE tessera_metadata_setup.pg_dist_shard SET SCHEMA pg_catalog;
ALTER TABLE tessera_metadata_setup.pg_dist_placement SET SCHEMA pg_catalog;
ALTER TABLE tessera_metadata_setup.pg_dist_schema SET SCHEMA pg_catalog;
ALTER SEQUENCE tessera_metadata_setup.pg_dist_shardid_seq SET SCHEMA pg_catalog;
ALTER SEQUENCE tessera_metadata_setup.pg_dist_placement_placementid_seq SET SCHEMA pg_catalog;
ALTER SEQUENCE tessera_metadata_setup.pg_dist_colocationid_seq SET SCHEMA pg_catalog;
GRANT SELECT ON pg_catalog.pg_dist_colocation, pg_catalog.pg_dist_partition,
                pg_catalog.pg_dist_shard, pg_catalog.pg_dist_placement,
                pg_catalog.pg_dist_schema TO public;

-- Writes made with plain SQL (by an administrator or a later operation) reach every backend's
-- metadata cache through this trigger; Tessera's own C code invalidates directly.
CREATE FUNCTION pg_catalog.tessera_metadata_changed() RETURNS trigger
    LANGUAGE C AS 'MODULE_PATHNAME', 'tessera_metadata_changed';
CREATE TRIGGER tessera_metadata_changed
    AFTER INSERT OR UPDATE OR DELETE ON pg_catalog.pg_dist_partition
    FOR EACH ROW EXECUTE FUNCTION pg_catalog.tessera_metadata_changed();
CREATE TRIGGER tessera_metadata_changed
    AFTER INSERT OR UPDATE OR DELETE ON pg_catalog.pg_dist_shard
    FOR EACH ROW EXECUTE FUNCTION pg_catalog.tessera_metadata_changed();
CREATE TRIGGER tessera_metadata_changed
    AFTER INSERT OR UPDATE OR DELETE ON pg_catalog.pg_dist_placement
    FOR EACH ROW EXECUTE FUNCTION pg_catalog.tessera_metadata_changed();

-- Distributing tables ----------------------------------------------------------------------------

CREATE FUNCTION pg_catalog.create_distributed_table(table_name regclass,
                                                    distribution_column text,
                                                    distribution_type text DEFAULT 'hash',
                                                    colocate_with text DEFAULT 'default',
                                                    shard_count integer DEFAULT NULL)
    RETURNS void LANGUAGE C CALLED ON NULL INPUT
    AS 'MODULE_PATHNAME', 'tessera_create_distributed_table';
COMMENT ON FUNCTION pg_catalog.create_distributed_table(regclass, text, text, text, integer)
    IS 'hash-distributes a table into shards on the worker nodes';

CREATE FUNCTION pg_catalog.create_reference_table(table_name regclass)
    RETURNS void LANGUAGE C STRICT
    AS 'MODULE_PATHNAME', 'tessera_create_reference_table';
COMMENT ON FUNCTION pg_catalog.create_reference_table(regclass)
    IS 'replicates a table to every worker node';

CREATE FUNCTION pg_catalog.undistribute_table(table_name regclass,
                                              cascade_via_foreign_keys boolean DEFAULT false)
    RETURNS void LANGUAGE C STRICT
    AS 'MODULE_PATHNAME', 'tessera_undistribute_table';
COMMENT ON FUNCTION pg_catalog.undistribute_table(regclass, boolean)
    IS 'brings the rows of a distributed or reference table back into a local table';

CREATE FUNCTION pg_catalog.alter_distributed_table(table_name regclass,
                                                   distribution_column text DEFAULT NULL,
                                                   shard_count integer DEFAULT NULL,
                                                   colocate_with text DEFAULT NULL,
                                                   cascade_to_colocated boolean DEFAULT NULL)
    RETURNS void LANGUAGE C CALLED ON NULL INPUT
    AS 'MODULE_PATHNAME', 'tessera_alter_distributed_table';
COMMENT ON FUNCTION pg_catalog.alter_distributed_table(regclass, text, integer, text, boolean)
    IS 'changes the distribution column, shard count or colocation of a distributed table';

CREATE FUNCTION pg_catalog.truncate_local_data_after_distributing_table(function_name regclass)
    RETURNS void LANGUAGE C CALLED ON NULL INPUT
    AS 'MODULE_PATHNAME', 'tessera_truncate_local_data_after_distributing_table';
COMMENT ON FUNCTION pg_catalog.truncate_local_data_after_distributing_table(regclass)
    IS 'removes rows left in the local table of a distributed table (none: distributing moves them)';

CREATE FUNCTION pg_catalog.replicate_reference_tables()
    RETURNS void LANGUAGE C STRICT
    AS 'MODULE_PATHNAME', 'tessera_replicate_reference_tables';
COMMENT ON FUNCTION pg_catalog.replicate_reference_tables()
    IS 'copies reference tables to active workers that lack a placement';

-- Helpers ----------------------------------------------------------------------------------------

CREATE FUNCTION pg_catalog.worker_hash(value anyelement)
    RETURNS integer LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE
    AS 'MODULE_PATHNAME', 'tessera_worker_hash';
COMMENT ON FUNCTION pg_catalog.worker_hash(anyelement)
    IS 'hash value used to place a distribution column value into a shard';

-- Called on the workers by UPDATE and ON CONFLICT DO UPDATE assignments to a distribution
-- column that planning cannot prove unchanged: returns the new value if it hashes as the row's
-- old one does, else fails the write (tessera_keep_distribution_value in metadata_functions.cpp).
CREATE FUNCTION pg_catalog.tessera_keep_distribution_value(new_value anyelement,
                                                           old_value anyelement,
                                                           table_name text, column_name text)
    RETURNS anyelement LANGUAGE C IMMUTABLE PARALLEL SAFE
    AS 'MODULE_PATHNAME', 'tessera_keep_distribution_value';
COMMENT ON FUNCTION pg_catalog.tessera_keep_distribution_value(anyelement, anyelement, text, text)
    IS 'the new value of a distribution column if the row stays in its shard, else an error';

-- The function of the trigger that shards of hash-distributed tables with BEFORE row triggers
-- carry (tessera_shard_range_guard): it runs only when the distribution column of a written row
-- no longer hashes into the shard's range, and fails the write.
CREATE FUNCTION pg_catalog.tessera_shard_range_guard()
    RETURNS trigger LANGUAGE C
    AS 'MODULE_PATHNAME', 'tessera_shard_range_guard';
COMMENT ON FUNCTION pg_catalog.tessera_shard_range_guard()
    IS 'fails a write whose row a trigger moved out of its shard''s hash range';

CREATE FUNCTION pg_catalog.column_to_column_name(table_name regclass, column_var_text text)
    RETURNS text LANGUAGE C STRICT STABLE
    AS 'MODULE_PATHNAME', 'tessera_column_to_column_name';

CREATE FUNCTION pg_catalog.get_shard_id_for_distribution_column(table_name regclass,
                                                                distribution_value "any" DEFAULT NULL)
    RETURNS bigint LANGUAGE C CALLED ON NULL INPUT STABLE
    AS 'MODULE_PATHNAME', 'tessera_get_shard_id_for_distribution_column';

-- The name of a shard table on the workers; skip_qualify_public (as in Citus 12) leaves the
-- schema out when it is public.
CREATE FUNCTION pg_catalog.shard_name(object_name regclass, shard_id bigint,
                                      skip_qualify_public boolean DEFAULT true)
    RETURNS text LANGUAGE C STRICT STABLE
    AS 'MODULE_PATHNAME', 'tessera_shard_name';

-- Size of every shard placement, measured on the worker that holds it. NULL when a worker does
-- not answer or the shard table is missing there.
CREATE FUNCTION pg_catalog.tessera_shard_sizes(OUT shardid bigint, OUT groupid integer,
                                               OUT shard_size bigint, OUT relation_size bigint,
                                               OUT table_size bigint)
    RETURNS SETOF record LANGUAGE C STRICT VOLATILE
    AS 'MODULE_PATHNAME', 'tessera_shard_sizes';

-- The size of a distributed or reference table: its shards' sizes (one placement each), as
-- pg_total_relation_size / pg_relation_size / pg_table_size would measure the table. NULL when
-- a shard's node could not be asked (with a WARNING), unless fail_on_error raises instead.
CREATE FUNCTION tessera.distributed_table_size(logicalrelid regclass, measure text,
                                               fail_on_error boolean)
    RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    size bigint;
    known boolean;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid = $1) THEN
        RAISE EXCEPTION 'cannot calculate the size because relation "%" is not distributed', $1
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT sum(per_shard.size), bool_and(per_shard.size IS NOT NULL) INTO size, known
    FROM pg_catalog.pg_dist_shard s
    LEFT JOIN (SELECT sz.shardid,
                      max(CASE measure WHEN 'total' THEN sz.shard_size
                                       WHEN 'relation' THEN sz.relation_size
                                       ELSE sz.table_size END) AS size
               FROM pg_catalog.tessera_shard_sizes() sz GROUP BY sz.shardid) per_shard
           ON per_shard.shardid = s.shardid
    WHERE s.logicalrelid = $1;
    IF NOT coalesce(known, true) THEN
        IF fail_on_error THEN
            RAISE EXCEPTION 'could not get the size of every shard of "%"', $1
                USING HINT = 'A worker holding its shards did not answer.';
        END IF;
        RETURN NULL;
    END IF;
    RETURN coalesce(size, 0);
END
$$;

CREATE FUNCTION pg_catalog.citus_total_relation_size(logicalrelid regclass,
                                                     fail_on_error boolean DEFAULT true)
    RETURNS bigint LANGUAGE sql VOLATILE
    AS $$ SELECT tessera.distributed_table_size($1, 'total', $2) $$;
CREATE FUNCTION pg_catalog.citus_relation_size(logicalrelid regclass)
    RETURNS bigint LANGUAGE sql VOLATILE
    AS $$ SELECT tessera.distributed_table_size($1, 'relation', true) $$;
CREATE FUNCTION pg_catalog.citus_table_size(logicalrelid regclass)
    RETURNS bigint LANGUAGE sql VOLATILE
    AS $$ SELECT tessera.distributed_table_size($1, 'table', true) $$;

-- Drops shards and metadata of distributed tables that were dropped (DROP TABLE, DROP SCHEMA
-- ... CASCADE, DROP OWNED ...).
CREATE FUNCTION pg_catalog.tessera_drop_trigger() RETURNS event_trigger
    LANGUAGE C AS 'MODULE_PATHNAME', 'tessera_drop_trigger';
CREATE EVENT TRIGGER tessera_drop_trigger ON sql_drop
    EXECUTE FUNCTION pg_catalog.tessera_drop_trigger();

-- Views ------------------------------------------------------------------------------------------

CREATE VIEW tessera_metadata_setup.citus_shards AS
SELECT p.logicalrelid AS table_name,
       s.shardid,
       pg_catalog.shard_name(p.logicalrelid, s.shardid) AS shard_name,
       -- single-shard distributed tables are 'n' too, with repmodel 's'; those of a distributed
       -- schema are 'schema' tables, as in Citus 12
       CASE WHEN p.partmethod = 'n' AND p.repmodel = 't' THEN 'reference'
            WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_dist_schema ds
                         WHERE ds.colocationid = p.colocationid) THEN 'schema'
            ELSE 'distributed' END
           AS citus_table_type,
       p.colocationid AS colocation_id,
       n.nodename,
       n.nodeport,
       sz.shard_size
FROM pg_catalog.pg_dist_partition p
JOIN pg_catalog.pg_dist_shard s ON s.logicalrelid = p.logicalrelid
JOIN pg_catalog.pg_dist_placement pl ON pl.shardid = s.shardid
JOIN pg_catalog.pg_dist_node n ON n.groupid = pl.groupid AND n.noderole = 'primary'
LEFT JOIN pg_catalog.tessera_shard_sizes() sz
       ON sz.shardid = s.shardid AND sz.groupid = pl.groupid
ORDER BY p.logicalrelid::text, s.shardid, n.nodename, n.nodeport;

CREATE VIEW tessera_metadata_setup.citus_tables AS
WITH sizes AS (
    -- one placement per shard counts towards the table size (reference tables are replicated)
    SELECT s.logicalrelid,
           count(DISTINCT s.shardid) AS shard_count,
           sum(per_shard.size)::bigint AS table_size,
           -- false when a shard's size is unknown (its nodes did not answer): no partial sums
           bool_and(per_shard.size IS NOT NULL) AS size_known
    FROM pg_catalog.pg_dist_shard s
    LEFT JOIN (SELECT sz.shardid, max(sz.shard_size) AS size
               FROM pg_catalog.tessera_shard_sizes() sz GROUP BY sz.shardid) per_shard
           ON per_shard.shardid = s.shardid
    GROUP BY s.logicalrelid
)
SELECT p.logicalrelid AS table_name,
       -- single-shard distributed tables are 'n' too, with repmodel 's'; those of a distributed
       -- schema are 'schema' tables, as in Citus 12
       CASE WHEN p.partmethod = 'n' AND p.repmodel = 't' THEN 'reference'
            WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_dist_schema ds
                         WHERE ds.colocationid = p.colocationid) THEN 'schema'
            ELSE 'distributed' END
           AS citus_table_type,
       coalesce(pg_catalog.column_to_column_name(p.logicalrelid, p.partkey), '<none>')
           AS distribution_column,
       p.colocationid AS colocation_id,
       CASE WHEN coalesce(sizes.size_known, true)
            THEN pg_catalog.pg_size_pretty(coalesce(sizes.table_size, 0)) END AS table_size,
       coalesce(sizes.shard_count, 0) AS shard_count, -- bigint, a count, as in Citus
       pg_catalog.pg_get_userbyid(c.relowner) AS table_owner,
       coalesce(am.amname, 'heap') AS access_method
FROM pg_catalog.pg_dist_partition p
JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid
LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
LEFT JOIN sizes ON sizes.logicalrelid = p.logicalrelid
ORDER BY p.logicalrelid::text;

-- The older catalog of placements with their node's name and port (from before groups): one row per
-- placement on its group's primary node.
CREATE VIEW tessera_metadata_setup.pg_dist_shard_placement AS
SELECT pl.shardid, pl.shardstate, pl.shardlength, n.nodename, n.nodeport, pl.placementid
FROM pg_catalog.pg_dist_placement pl
JOIN pg_catalog.pg_dist_node n ON n.groupid = pl.groupid AND n.noderole = 'primary';

ALTER VIEW tessera_metadata_setup.pg_dist_shard_placement SET SCHEMA pg_catalog;
ALTER VIEW tessera_metadata_setup.citus_shards SET SCHEMA pg_catalog;
ALTER VIEW tessera_metadata_setup.citus_tables SET SCHEMA pg_catalog;
DROP SCHEMA tessera_metadata_setup;
GRANT SELECT ON pg_catalog.citus_tables, pg_catalog.citus_shards,
                pg_catalog.pg_dist_shard_placement TO public;
