-- Scale-out: moving shard groups between workers and the shard rebalancer (strategy: by shard
-- count). A move copies the shards while writes to their tables wait (reads go on until the
-- placements switch at the end of the move); every shard_transfer_mode works that way.

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
                                                  drain_only boolean DEFAULT false,
                                                  rebalance_strategy name DEFAULT NULL)
    RETURNS void LANGUAGE C CALLED ON NULL INPUT VOLATILE
    AS 'MODULE_PATHNAME', 'rebalance_table_shards';
REVOKE ALL ON FUNCTION pg_catalog.rebalance_table_shards(regclass, real, integer, bigint[], text,
                                                         boolean, name) FROM public;

CREATE FUNCTION pg_catalog.get_rebalance_table_shards_plan(relation regclass DEFAULT NULL,
                                                           threshold real DEFAULT NULL,
                                                           max_shard_moves integer DEFAULT 1000000,
                                                           excluded_shard_list bigint[] DEFAULT '{}',
                                                           drain_only boolean DEFAULT false,
                                                           rebalance_strategy name DEFAULT NULL)
    RETURNS TABLE (table_name regclass, shardid bigint, shard_size bigint, sourcename text,
                   sourceport integer, targetname text, targetport integer)
    LANGUAGE C CALLED ON NULL INPUT VOLATILE
    AS 'MODULE_PATHNAME', 'get_rebalance_table_shards_plan';

-- Scale-in: a node that should hold no shards (shouldhaveshards = false) is emptied by
-- rebalance_table_shards(drain_only => true); citus_drain_node does both steps.
CREATE FUNCTION pg_catalog.citus_set_node_property(nodename text, nodeport integer,
                                                   property text, value boolean)
    RETURNS void LANGUAGE plpgsql STRICT VOLATILE
    SET search_path = pg_catalog
    AS $$
DECLARE
    node_group integer;
BEGIN
    IF property <> 'shouldhaveshards' THEN
        RAISE EXCEPTION 'property "%" cannot be set', property
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Only shouldhaveshards can be set with citus_set_node_property.';
    END IF;
    SELECT groupid INTO node_group FROM pg_dist_node n
     WHERE n.nodename = citus_set_node_property.nodename
       AND n.nodeport = citus_set_node_property.nodeport;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'node %:% is not in the cluster', nodename, nodeport
            USING ERRCODE = 'undefined_object';
    END IF;
    IF node_group = 0 THEN
        RAISE EXCEPTION 'the coordinator cannot hold shards'
            USING ERRCODE = 'feature_not_supported',
                  DETAIL = 'Shards of distributed tables are placed on worker nodes only.';
    END IF;
    UPDATE pg_dist_node n SET shouldhaveshards = value
     WHERE n.nodename = citus_set_node_property.nodename
       AND n.nodeport = citus_set_node_property.nodeport;
END
$$;
REVOKE ALL ON FUNCTION pg_catalog.citus_set_node_property(text, integer, text, boolean) FROM public;

-- Moves every shard group off the node (which keeps its reference table copies) and marks it
-- as one that should hold no shards, in the caller's transaction.
CREATE FUNCTION pg_catalog.citus_drain_node(nodename text, nodeport integer,
                                            shard_transfer_mode text DEFAULT 'auto',
                                            rebalance_strategy name DEFAULT NULL)
    RETURNS void LANGUAGE plpgsql CALLED ON NULL INPUT VOLATILE
    SET search_path = pg_catalog
    AS $$
BEGIN
    IF nodename IS NULL OR nodeport IS NULL THEN
        RAISE EXCEPTION 'nodename and nodeport must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_dist_node n
                    WHERE n.isactive AND n.noderole = 'primary' AND n.groupid <> 0
                      AND n.shouldhaveshards
                      AND (n.nodename, n.nodeport) <> (citus_drain_node.nodename,
                                                       citus_drain_node.nodeport)) THEN
        RAISE EXCEPTION 'cannot drain node %:%', nodename, nodeport
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'No other active worker node may hold shards.',
                  HINT = 'Add a worker with citus_add_node first.';
    END IF;
    PERFORM citus_set_node_property(nodename, nodeport, 'shouldhaveshards', false);
    PERFORM rebalance_table_shards(shard_transfer_mode => coalesce(shard_transfer_mode, 'auto'),
                                   drain_only => true,
                                   rebalance_strategy => rebalance_strategy);
END
$$;
REVOKE ALL ON FUNCTION pg_catalog.citus_drain_node(text, integer, text, name) FROM public;
