-- Rebalance strategies (pg_dist_rebalance_strategy), as Citus has them. A strategy names three
-- functions: the cost of a shard group (called with a shard id of the group), the capacity of a
-- node (called with its node id) and whether a shard group may be on a node (shard id, node id),
-- and its thresholds: default_threshold is the threshold of a rebalance that gives none,
-- minimum_threshold the lowest one a rebalance may give, improvement_threshold how much a move
-- must narrow the utilization gap between its two nodes (see src/core/rebalance_planner.h).
-- rebalance_table_shards, get_rebalance_table_shards_plan, citus_rebalance_start and
-- citus_drain_node take a strategy by name; NULL is the default strategy.
--
-- The default is by_shard_count (Citus 12 defaults to by_disk_size): plans stay the same as
-- before strategies existed and do not depend on sizes measured on the workers.
-- citus_set_default_rebalance_strategy('by_disk_size') makes it Citus's.

CREATE TABLE tessera.pg_dist_rebalance_strategy (
    name name NOT NULL UNIQUE,
    default_strategy boolean NOT NULL DEFAULT false,
    shard_cost_function regproc NOT NULL,
    node_capacity_function regproc NOT NULL,
    shard_allowed_on_node_function regproc NOT NULL,
    default_threshold float4 NOT NULL,
    minimum_threshold float4 NOT NULL DEFAULT 0,
    improvement_threshold float4 NOT NULL DEFAULT 0
);
-- At most one default strategy.
CREATE UNIQUE INDEX pg_dist_rebalance_strategy_default_idx
    ON tessera.pg_dist_rebalance_strategy (default_strategy) WHERE default_strategy;
ALTER TABLE tessera.pg_dist_rebalance_strategy SET SCHEMA pg_catalog;
GRANT SELECT ON pg_catalog.pg_dist_rebalance_strategy TO public;

-- Built-in functions of the strategies.
CREATE FUNCTION pg_catalog.citus_shard_cost_1(bigint) RETURNS real
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT 1.0::real $$;
COMMENT ON FUNCTION pg_catalog.citus_shard_cost_1(bigint)
    IS 'the cost of every shard group is 1 (rebalance by shard count)';
CREATE FUNCTION pg_catalog.citus_node_capacity_1(integer) RETURNS real
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT 1.0::real $$;
COMMENT ON FUNCTION pg_catalog.citus_node_capacity_1(integer)
    IS 'every node has capacity 1';
CREATE FUNCTION pg_catalog.citus_shard_allowed_on_node_true(bigint, integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT true $$;
COMMENT ON FUNCTION pg_catalog.citus_shard_allowed_on_node_true(bigint, integer)
    IS 'every shard group may be on every node';
-- The size in bytes of the shard's group (the shard and its colocated shards) on its worker,
-- plus a base cost (citus.rebalancer_by_disk_size_base_cost, default 100 MiB) that keeps empty
-- shard groups from counting as free.
CREATE FUNCTION pg_catalog.citus_shard_cost_by_disk_size(bigint) RETURNS real
    LANGUAGE C STRICT VOLATILE AS 'MODULE_PATHNAME', 'citus_shard_cost_by_disk_size';
COMMENT ON FUNCTION pg_catalog.citus_shard_cost_by_disk_size(bigint)
    IS 'the disk size of the shard and its colocated shards, plus citus.rebalancer_by_disk_size_base_cost';

-- Checks the functions and thresholds of a strategy row before it is stored (any way it is
-- stored: citus_add_rebalance_strategy or INSERT / UPDATE of the catalog).
CREATE FUNCTION tessera.check_rebalance_strategy() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    PERFORM tessera.check_strategy_function(NEW.shard_cost_function, 'shard_cost_function',
                                            ARRAY['int8'::regtype], 'float4'::regtype);
    PERFORM tessera.check_strategy_function(NEW.node_capacity_function, 'node_capacity_function',
                                            ARRAY['int4'::regtype], 'float4'::regtype);
    PERFORM tessera.check_strategy_function(NEW.shard_allowed_on_node_function,
                                            'shard_allowed_on_node_function',
                                            ARRAY['int8'::regtype, 'int4'::regtype],
                                            'bool'::regtype);
    IF NOT (NEW.minimum_threshold >= 0 AND NEW.minimum_threshold <= 1
            AND NEW.default_threshold >= 0 AND NEW.default_threshold <= 1) THEN
        RAISE EXCEPTION 'thresholds of a rebalance strategy must be between 0.0 and 1.0'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NEW.default_threshold < NEW.minimum_threshold THEN
        RAISE EXCEPTION 'default_threshold cannot be lower than minimum_threshold'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT (NEW.improvement_threshold >= 0 AND NEW.improvement_threshold <= 1) THEN
        RAISE EXCEPTION 'improvement_threshold must be between 0.0 and 1.0'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN NEW;
END
$$;

-- Raises unless function `fn` (the strategy's `what`) takes exactly `args` and returns `result`.
CREATE FUNCTION tessera.check_strategy_function(fn regproc, what text, args regtype[],
                                                result regtype) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    p record;
BEGIN
    SELECT proargtypes::text AS argtypes, prorettype, proretset INTO p
      FROM pg_proc WHERE oid = fn;
    IF NOT FOUND THEN
        RAISE EXCEPTION '% % does not exist', what, fn::oid USING ERRCODE = 'undefined_function';
    END IF;
    -- (oidvector's text: the argument type oids separated by spaces)
    IF p.argtypes <> array_to_string(args::oid[], ' ') OR p.prorettype <> result OR p.proretset THEN
        RAISE EXCEPTION '% % has the wrong signature', what, fn
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('It must take (%s) and return %s.',
                                  array_to_string(args, ', '), result);
    END IF;
END
$$;

CREATE TRIGGER pg_dist_rebalance_strategy_check
    BEFORE INSERT OR UPDATE ON pg_catalog.pg_dist_rebalance_strategy
    FOR EACH ROW EXECUTE FUNCTION tessera.check_rebalance_strategy();

INSERT INTO pg_catalog.pg_dist_rebalance_strategy VALUES
    ('by_shard_count', true, 'pg_catalog.citus_shard_cost_1',
     'pg_catalog.citus_node_capacity_1', 'pg_catalog.citus_shard_allowed_on_node_true', 0, 0, 0),
    ('by_disk_size', false, 'pg_catalog.citus_shard_cost_by_disk_size',
     'pg_catalog.citus_node_capacity_1', 'pg_catalog.citus_shard_allowed_on_node_true',
     0.1, 0.01, 0.5);

CREATE FUNCTION pg_catalog.citus_add_rebalance_strategy(name name,
                                                        shard_cost_function regproc,
                                                        node_capacity_function regproc,
                                                        shard_allowed_on_node_function regproc,
                                                        default_threshold float4,
                                                        minimum_threshold float4 DEFAULT 0,
                                                        improvement_threshold float4 DEFAULT 0)
    RETURNS void LANGUAGE plpgsql CALLED ON NULL INPUT VOLATILE
    SET search_path = pg_catalog AS $$
BEGIN
    IF name IS NULL OR shard_cost_function IS NULL OR node_capacity_function IS NULL
       OR shard_allowed_on_node_function IS NULL OR default_threshold IS NULL
       OR minimum_threshold IS NULL OR improvement_threshold IS NULL THEN
        RAISE EXCEPTION 'arguments of citus_add_rebalance_strategy must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_dist_rebalance_strategy s
                WHERE s.name = citus_add_rebalance_strategy.name) THEN
        RAISE EXCEPTION 'rebalance strategy "%" already exists', name
            USING ERRCODE = 'duplicate_object';
    END IF;
    INSERT INTO pg_dist_rebalance_strategy (name, shard_cost_function, node_capacity_function,
                                            shard_allowed_on_node_function, default_threshold,
                                            minimum_threshold, improvement_threshold)
    VALUES (name, shard_cost_function, node_capacity_function, shard_allowed_on_node_function,
            default_threshold, minimum_threshold, improvement_threshold);
END
$$;
REVOKE ALL ON FUNCTION pg_catalog.citus_add_rebalance_strategy(name, regproc, regproc, regproc,
                                                               float4, float4, float4) FROM public;

CREATE FUNCTION pg_catalog.citus_set_default_rebalance_strategy(text)
    RETURNS void LANGUAGE plpgsql STRICT VOLATILE
    SET search_path = pg_catalog AS $$
BEGIN
    LOCK TABLE pg_dist_rebalance_strategy IN EXCLUSIVE MODE;
    IF NOT EXISTS (SELECT 1 FROM pg_dist_rebalance_strategy s WHERE s.name = $1) THEN
        RAISE EXCEPTION 'rebalance strategy "%" does not exist', $1
            USING ERRCODE = 'undefined_object';
    END IF;
    UPDATE pg_dist_rebalance_strategy SET default_strategy = false
     WHERE default_strategy AND name <> $1;
    UPDATE pg_dist_rebalance_strategy SET default_strategy = true
     WHERE name = $1 AND NOT default_strategy;
END
$$;
REVOKE ALL ON FUNCTION pg_catalog.citus_set_default_rebalance_strategy(text) FROM public;
