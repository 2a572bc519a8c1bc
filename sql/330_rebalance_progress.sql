-- get_rebalance_progress(): the shard moves running now in any session of this database
-- (citus_move_shard_placement, rebalance_table_shards, background rebalance tasks), one row per
-- shard of the shard group being moved. Each move describes itself in shared memory; the sizes
-- are read live from the nodes' data files, without taking locks (the move holds them).
--   sessionid          pid of the backend running the move
--   shard_size         size of the shard on the source when the move started
--   progress           0: not copied yet, 1: being copied, 2: copied
--   source_shard_size  size of the source shard now
--   target_shard_size  size of the target's (still uncommitted) copy now; 0 before it is made
--   operation_type     always 'move'
--   source_lsn, target_lsn  always NULL: Tessera copies in one transaction, without logical
--                      replication, so there is no replication position to report
--   status             the move's current step: copying data, adding foreign keys,
--                      switching placements, waiting for commit
-- A rebalance_table_shards call shows the move it is making now, not the ones it has made or
-- will make (they all commit together at the end). Sizes read data files with pg_stat_file on
-- the workers, so the caller must be a superuser.
CREATE FUNCTION pg_catalog.get_rebalance_progress()
    RETURNS TABLE (sessionid integer, table_name regclass, shardid bigint, shard_size bigint,
                   sourcename text, sourceport integer, targetname text, targetport integer,
                   progress bigint, source_shard_size bigint, target_shard_size bigint,
                   operation_type text, source_lsn pg_lsn, target_lsn pg_lsn, status text)
    LANGUAGE C STRICT VOLATILE
    AS 'MODULE_PATHNAME', 'get_rebalance_progress';
REVOKE ALL ON FUNCTION pg_catalog.get_rebalance_progress() FROM public;

-- The data files (relative to the data directory, without segment number or fork suffix) of a
-- table, its TOAST table and their indexes. Reads the catalogs without locking the table, so a
-- table locked by a move can be measured while the move runs. NULL for a missing table.
CREATE FUNCTION tessera.relation_data_files(rel regclass)
    RETURNS text[] LANGUAGE sql STABLE
    AS $$
    SELECT array_agg(pg_catalog.pg_relation_filepath(r.oid) ORDER BY r.oid)
      FROM pg_catalog.pg_class r
     WHERE (r.oid = rel
            OR r.oid = (SELECT c.reltoastrelid FROM pg_catalog.pg_class c WHERE c.oid = rel)
            OR r.oid IN (SELECT i.indexrelid FROM pg_catalog.pg_index i
                          WHERE i.indrelid = rel
                             OR i.indrelid = (SELECT c.reltoastrelid FROM pg_catalog.pg_class c
                                               WHERE c.oid = rel)))
       AND pg_catalog.pg_relation_filepath(r.oid) IS NOT NULL
    $$;
REVOKE ALL ON FUNCTION tessera.relation_data_files(regclass) FROM public;

-- The total size in bytes of the data files `paths` (as relation_data_files returns them): every
-- segment of their main, free space map and visibility map forks. Files that do not exist count
-- as empty.
CREATE FUNCTION tessera.data_files_size(paths text[])
    RETURNS bigint LANGUAGE sql VOLATILE
    AS $$
    WITH RECURSIVE segment(path, n, size) AS (
        SELECT p || fork, 0, (pg_catalog.pg_stat_file(p || fork, true)).size
          FROM unnest(paths) p, unnest(ARRAY['', '_fsm', '_vm']) fork
        UNION ALL
        SELECT path, n + 1, (pg_catalog.pg_stat_file(path || '.' || (n + 1), true)).size
          FROM segment WHERE size IS NOT NULL)
    SELECT coalesce(sum(size), 0)::bigint FROM segment
    $$;
REVOKE ALL ON FUNCTION tessera.data_files_size(text[]) FROM public;
