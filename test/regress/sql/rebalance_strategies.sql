-- Rebalance strategies: pg_dist_rebalance_strategy, by_disk_size with one much bigger shard
-- group, user-defined cost / capacity / placement functions, the default strategy, and errors.
CREATE FUNCTION rs_try(command text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE command;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN regexp_replace(regexp_replace(SQLERRM, ':[0-9]+', ':<port>', 'g'),
                          '[0-9]{6,}', '<id>', 'g');
END $$;

SELECT name, default_strategy, shard_cost_function, node_capacity_function,
       shard_allowed_on_node_function, default_threshold, minimum_threshold,
       improvement_threshold
FROM pg_dist_rebalance_strategy ORDER BY name;
SELECT citus_shard_cost_1(1), citus_node_capacity_1(1), citus_shard_allowed_on_node_true(1, 1);
SELECT citus_set_node_property('127.0.0.1', port, 'shouldhaveshards', true)
FROM (VALUES (:worker_1_port), (:worker_2_port)) p(port);

-- Shard groups per worker of a table.
CREATE FUNCTION rs_layout(t regclass, OUT on_worker_1 bigint, OUT on_worker_2 bigint)
LANGUAGE sql AS $$
SELECT count(*) FILTER (WHERE n.nodeport = (SELECT min(nodeport) FROM pg_dist_node WHERE groupid > 0)),
       count(*) FILTER (WHERE n.nodeport = (SELECT max(nodeport) FROM pg_dist_node WHERE groupid > 0))
FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid) JOIN pg_dist_node n USING (groupid)
WHERE s.logicalrelid = t $$;

-- by_disk_size: four shard groups, two per worker, one of them much bigger than the others.
CREATE TABLE rs_items (id int, payload text);
SELECT create_distributed_table('rs_items', 'id', shard_count => 4, colocate_with => 'none');
INSERT INTO rs_items SELECT 1, repeat('x', 1000) FROM generate_series(1, 4000);
INSERT INTO rs_items SELECT i, 'small' FROM generate_series(2, 200) i;
SELECT * FROM rs_layout('rs_items');
CREATE VIEW rs_big AS
SELECT sz.shardid, sz.groupid FROM tessera_shard_sizes() sz JOIN pg_dist_shard s USING (shardid)
WHERE s.logicalrelid = 'rs_items'::regclass ORDER BY sz.shard_size DESC LIMIT 1;
SELECT citus_shard_cost_by_disk_size(shardid) > 100 * 1024 * 1024 + 4000000 AS big_cost
FROM rs_big;
-- By shard count the table is balanced; by disk size, with the default base cost of 100 MiB
-- per shard group, too.
SELECT count(*) AS moves FROM get_rebalance_table_shards_plan('rs_items');
SELECT count(*) AS moves
FROM get_rebalance_table_shards_plan('rs_items', rebalance_strategy => 'by_disk_size');
-- Without the base cost the small shard group next to the big one moves, the big one stays.
SET citus.rebalancer_by_disk_size_base_cost = 0;
SHOW tessera.rebalancer_by_disk_size_base_cost;
SELECT count(*) AS moves, bool_and(p.shardid <> b.shardid) AS big_one_stays,
       bool_and(n.groupid = b.groupid) AS from_the_big_ones_node
FROM get_rebalance_table_shards_plan('rs_items', rebalance_strategy => 'by_disk_size') p
JOIN pg_dist_node n ON n.nodename = p.sourcename AND n.nodeport = p.sourceport, rs_big b;
SELECT rebalance_table_shards('rs_items', rebalance_strategy => 'by_disk_size');
SELECT on_worker_1 + on_worker_2 AS shards, abs(on_worker_1 - on_worker_2) AS difference
FROM rs_layout('rs_items');
-- Done: planning again moves nothing back.
SELECT count(*) AS moves
FROM get_rebalance_table_shards_plan('rs_items', rebalance_strategy => 'by_disk_size');
SELECT count(*), sum(length(payload)) FROM rs_items;
-- The threshold may not go below the strategy's minimum (0.01 for by_disk_size).
SELECT rs_try($$SELECT * FROM get_rebalance_table_shards_plan('rs_items', threshold => 0.001,
                                                              rebalance_strategy => 'by_disk_size')$$);
RESET citus.rebalancer_by_disk_size_base_cost;
-- Back to two per worker.
SELECT rebalance_table_shards('rs_items');
SELECT * FROM rs_layout('rs_items');

-- User-defined strategies: worker 1 has three times worker 2's capacity; a placement rule that
-- keeps shard groups off worker 2.
CREATE TABLE rs_units (id int PRIMARY KEY);
SELECT create_distributed_table('rs_units', 'id', shard_count => 8, colocate_with => 'none');
INSERT INTO rs_units SELECT generate_series(1, 100);
SELECT * FROM rs_layout('rs_units');
CREATE FUNCTION rs_cost(shardid bigint) RETURNS real LANGUAGE sql AS $$ SELECT 2.0::real $$;
CREATE FUNCTION rs_capacity(id int) RETURNS real LANGUAGE sql AS $$
    SELECT CASE WHEN nodeport = (SELECT min(nodeport) FROM pg_dist_node WHERE groupid > 0)
                THEN 3 ELSE 1 END::real
    FROM pg_dist_node WHERE nodeid = id $$;
CREATE FUNCTION rs_not_on_worker_2(shardid bigint, id int) RETURNS boolean LANGUAGE sql AS $$
    SELECT nodeport <> (SELECT max(nodeport) FROM pg_dist_node WHERE groupid > 0)
    FROM pg_dist_node WHERE nodeid = id $$;
CREATE FUNCTION rs_zero(id int) RETURNS real LANGUAGE sql AS $$ SELECT 0::real $$;
SELECT citus_add_rebalance_strategy('rs_capacity', 'rs_cost', 'rs_capacity',
                                    'citus_shard_allowed_on_node_true', 0);
SELECT citus_add_rebalance_strategy('rs_only_worker_1', 'citus_shard_cost_1',
                                    'citus_node_capacity_1', 'rs_not_on_worker_2', 0.1, 0.05, 0.2);
SELECT name, default_strategy, shard_cost_function, node_capacity_function,
       shard_allowed_on_node_function, default_threshold, minimum_threshold,
       improvement_threshold
FROM pg_dist_rebalance_strategy WHERE name LIKE 'rs\_%' ORDER BY name;
-- Capacities 3:1 make the 4/4 layout 6/2.
SELECT sourceport = :worker_2_port AS from_worker_2, targetport = :worker_1_port AS to_worker_1,
       count(*)
FROM get_rebalance_table_shards_plan('rs_units', rebalance_strategy => 'rs_capacity')
GROUP BY 1, 2;
-- The placement rule moves everything off worker 2.
SELECT rebalance_table_shards('rs_units', rebalance_strategy => 'rs_only_worker_1');
SELECT * FROM rs_layout('rs_units');
SELECT count(*) AS moves
FROM get_rebalance_table_shards_plan('rs_units', rebalance_strategy => 'rs_only_worker_1');
SELECT count(*), sum(id) FROM rs_units;

-- The default strategy is the one a NULL rebalance_strategy means.
SELECT citus_set_default_rebalance_strategy('rs_capacity');
SELECT name FROM pg_dist_rebalance_strategy WHERE default_strategy;
SELECT rebalance_table_shards('rs_units');
SELECT * FROM rs_layout('rs_units');
SELECT citus_set_default_rebalance_strategy('by_shard_count');
SELECT name FROM pg_dist_rebalance_strategy WHERE default_strategy;
SELECT rebalance_table_shards('rs_units');
SELECT * FROM rs_layout('rs_units');
-- The background rebalancer takes a strategy too (every colocation group).
SET client_min_messages TO warning; -- the NOTICE names the job id
SELECT citus_rebalance_start(rebalance_strategy => 'rs_only_worker_1') IS NOT NULL AS started;
RESET client_min_messages;
SELECT citus_rebalance_wait();
SELECT state FROM citus_rebalance_status();
SELECT * FROM rs_layout('rs_units');
SELECT * FROM rs_layout('rs_items');
SELECT rebalance_table_shards();
SELECT * FROM rs_layout('rs_units');
SELECT * FROM rs_layout('rs_items');

-- Errors.
SELECT rs_try($$SELECT rebalance_table_shards(rebalance_strategy => 'no_such_strategy')$$);
SELECT rs_try($$SELECT * FROM get_rebalance_table_shards_plan(rebalance_strategy => 'nope')$$);
SELECT rs_try($$SELECT citus_drain_node('127.0.0.1', $$ || :worker_2_port || $$,
                                        rebalance_strategy => 'nope')$$);
SELECT shouldhaveshards FROM pg_dist_node WHERE nodeport = :worker_2_port;
SELECT rs_try($$SELECT citus_set_default_rebalance_strategy('nope')$$);
SELECT rs_try($$SELECT citus_add_rebalance_strategy('rs_capacity', 'rs_cost', 'rs_capacity',
                                                    'citus_shard_allowed_on_node_true', 0)$$);
SELECT rs_try($$SELECT citus_add_rebalance_strategy('rs_bad', 'rs_capacity', 'rs_capacity',
                                                    'citus_shard_allowed_on_node_true', 0)$$);
SELECT rs_try($$SELECT citus_add_rebalance_strategy('rs_bad', 'rs_cost', 'rs_cost',
                                                    'citus_shard_allowed_on_node_true', 0)$$);
SELECT rs_try($$SELECT citus_add_rebalance_strategy('rs_bad', 'rs_cost', 'rs_capacity',
                                                    'rs_cost', 0)$$);
SELECT rs_try($$SELECT citus_add_rebalance_strategy('rs_bad', 'rs_cost', 'rs_capacity',
                                                    'citus_shard_allowed_on_node_true', 0.1, 0.2)$$);
SELECT rs_try($$SELECT citus_add_rebalance_strategy('rs_bad', 'rs_cost', 'rs_capacity',
                                                    'citus_shard_allowed_on_node_true', 0, 0, 2)$$);
SELECT rs_try($$SELECT citus_add_rebalance_strategy('rs_bad', NULL, 'rs_capacity',
                                                    'citus_shard_allowed_on_node_true', 0)$$);
SELECT count(*) AS bad_ones FROM pg_dist_rebalance_strategy WHERE name = 'rs_bad';
SELECT citus_add_rebalance_strategy('rs_zero', 'citus_shard_cost_1', 'rs_zero',
                                    'citus_shard_allowed_on_node_true', 0);
SELECT rs_try($$SELECT * FROM get_rebalance_table_shards_plan('rs_units',
                                                              rebalance_strategy => 'rs_zero')$$);
BEGIN;
UPDATE pg_dist_rebalance_strategy SET default_strategy = false;
SELECT rs_try($$SELECT * FROM get_rebalance_table_shards_plan('rs_units')$$);
ROLLBACK;
SELECT rs_try($$SELECT citus_shard_cost_by_disk_size(1)$$);
-- Only superusers add strategies or change the default; everyone may read the catalog.
CREATE ROLE rs_user;
SET ROLE rs_user;
SELECT count(*) > 0 AS readable FROM pg_dist_rebalance_strategy;
SELECT rs_try($$SELECT citus_set_default_rebalance_strategy('by_disk_size')$$);
RESET ROLE;
DROP ROLE rs_user;

DELETE FROM pg_dist_rebalance_strategy WHERE name LIKE 'rs\_%';
DROP VIEW rs_big;
DROP TABLE rs_items, rs_units;
DROP FUNCTION rs_cost(bigint), rs_capacity(int), rs_not_on_worker_2(bigint, int), rs_zero(int),
              rs_layout(regclass), rs_try(text);
