-- Shard splits: a shard group (the shard and its colocated shards) is replaced by shards that
-- each hold a contiguous part of its hash range. Writes to the tables wait during the split
-- (reads go on until the shards switch at the end); every shard_transfer_mode works that way.

-- split_points are hash values: a point p ends one new shard at p, the next starts at p + 1.
-- node_ids (pg_dist_node.nodeid) has one node per new shard, in hash range order.
CREATE FUNCTION pg_catalog.citus_split_shard_by_split_points(shard_id bigint,
                                                             split_points text[],
                                                             node_ids integer[],
                                                             shard_transfer_mode text DEFAULT 'auto')
    RETURNS void LANGUAGE C STRICT VOLATILE
    AS 'MODULE_PATHNAME', 'citus_split_shard_by_split_points';
REVOKE ALL ON FUNCTION pg_catalog.citus_split_shard_by_split_points(bigint, text[], integer[], text)
    FROM public;

-- Gives the hash value of tenant_id a shard of its own (on the node of its current shard), in
-- every colocated table when cascade_option is 'CASCADE'; returns that shard's id.
CREATE FUNCTION pg_catalog.isolate_tenant_to_new_shard(table_name regclass,
                                                       tenant_id "any",
                                                       cascade_option text DEFAULT '',
                                                       shard_transfer_mode text DEFAULT 'auto')
    RETURNS bigint LANGUAGE C CALLED ON NULL INPUT VOLATILE
    AS 'MODULE_PATHNAME', 'isolate_tenant_to_new_shard';
REVOKE ALL ON FUNCTION pg_catalog.isolate_tenant_to_new_shard(regclass, "any", text, text)
    FROM public;
