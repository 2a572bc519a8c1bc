-- Scale-out: moving shard groups between workers and the shard rebalancer (strategy: by shard
-- count). A move copies the shards while writes to their tables wait (reads go on); every
-- shard_transfer_mode works that way.

CREATE FUNCTION pg_catalog.citus_move_shard_placement(shard_id bigint,
                                                      source_node_name text,
                                                      source_node_port integer,
                                                      target_node_name text,
                                                      target_node_port integer,
                                                      shard_transfer_mode text DEFAULT 'auto')
    RETURNS void LANGUAGE C STRICT VOLATILE
    AS 'MODULE_PATHNAME', 'citus_move_shard_placement';
REVOKE ALL ON FUNCTION pg_catalog.citus_move_shard_placement(bigint, text, integer, text, integer,
                                                             text) FROM public;

-- threshold (0..1, default 0): a colocation group is balanced once every node holds between
-- (1 - threshold) and (1 + threshold) times the average number of its shard groups; at 0 the
-- counts are evened out to within one. All moves run in the caller's transaction.
CREATE FUNCTION pg_catalog.rebalance_table_shards(relation regclass DEFAULT NULL,
                                                  threshold real DEFAULT NULL,
                                                  max_shard_moves integer DEFAULT 1000000,
                                                  excluded_shard_list bigint[] DEFAULT '{}',
                                                  shard_transfer_mode text DEFAULT 'auto',
                                                  drain_only boolean DEFAULT false)
    RETURNS void LANGUAGE C CALLED ON NULL INPUT VOLATILE
    AS 'MODULE_PATHNAME', 'rebalance_table_shards';
REVOKE ALL ON FUNCTION pg_catalog.rebalance_table_shards(regclass, real, integer, bigint[], text,
                                                         boolean) FROM public;

CREATE FUNCTION pg_catalog.get_rebalance_table_shards_plan(relation regclass DEFAULT NULL,
                                                           threshold real DEFAULT NULL,
                                                           max_shard_moves integer DEFAULT 1000000,
                                                           excluded_shard_list bigint[] DEFAULT '{}',
                                                           drain_only boolean DEFAULT false)
    RETURNS TABLE (table_name regclass, shardid bigint, shard_size bigint, sourcename text,
                   sourceport integer, targetname text, targetport integer)
    LANGUAGE C CALLED ON NULL INPUT VOLATILE
    AS 'MODULE_PATHNAME', 'get_rebalance_table_shards_plan';
