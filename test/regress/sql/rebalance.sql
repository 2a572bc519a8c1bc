-- Scale-out: tables created while only worker 1 is active, then worker 2 joins and the
-- rebalancer spreads the shard groups; rows, colocation and foreign keys survive every move.
CREATE FUNCTION rb_try(command text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE command;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN regexp_replace(regexp_replace(SQLERRM, ':[0-9]+', ':<port>', 'g'),
                          '[0-9]{6,}', '<id>', 'g');
END $$;

SELECT citus_remove_node('127.0.0.1', :worker_2_port);

CREATE TABLE rb_ref (id int PRIMARY KEY, name text);
SELECT create_reference_table('rb_ref');
INSERT INTO rb_ref SELECT i, 'kind ' || i FROM generate_series(1, 5) i;
CREATE TABLE rb_customers (id int PRIMARY KEY, name text);
SELECT create_distributed_table('rb_customers', 'id', shard_count => 4);
CREATE TABLE rb_orders (customer_id int REFERENCES rb_customers (id), id int,
                        kind int REFERENCES rb_ref (id), amount int,
                        PRIMARY KEY (customer_id, id));
SELECT create_distributed_table('rb_orders', 'customer_id', colocate_with => 'rb_customers');
INSERT INTO rb_customers SELECT i, 'customer ' || i FROM generate_series(1, 200) i;
INSERT INTO rb_orders SELECT i % 200 + 1, i, i % 5 + 1, i FROM generate_series(1, 1000) i;
-- Where every table's shards are, by worker.
CREATE VIEW rb_layout AS
SELECT s.logicalrelid AS table_name,
       count(*) FILTER (WHERE n.nodeport = :worker_1_port) AS on_worker_1,
       count(*) FILTER (WHERE n.nodeport = :worker_2_port) AS on_worker_2
FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid) JOIN pg_dist_node n USING (groupid)
WHERE s.logicalrelid::text LIKE 'rb\_%'
GROUP BY s.logicalrelid ORDER BY s.logicalrelid::text;

-- Shard groups whose shards are not on one node (must stay empty).
CREATE VIEW rb_split_groups AS
SELECT c.shardminvalue
FROM pg_dist_shard c JOIN pg_dist_placement cp USING (shardid),
     pg_dist_shard o JOIN pg_dist_placement op USING (shardid)
WHERE c.logicalrelid = 'rb_customers'::regclass AND o.logicalrelid = 'rb_orders'::regclass
  AND c.shardminvalue = o.shardminvalue AND cp.groupid <> op.groupid;

CREATE VIEW rb_totals AS
SELECT 'customers' AS t, count(*) AS rows, sum(id) AS total FROM rb_customers
UNION ALL SELECT 'orders', count(*), sum(amount) FROM rb_orders
UNION ALL SELECT 'ref', count(*), sum(id) FROM rb_ref;
CREATE TABLE rb_before AS SELECT * FROM rb_totals;
SELECT * FROM rb_layout;

-- A new, empty worker: the plan moves half of the shard groups there.
SELECT citus_add_node('127.0.0.1', :worker_2_port) > 0 AS added;
SELECT table_name, sourcename, sourceport = :worker_1_port AS from_worker_1,
       targetname, targetport = :worker_2_port AS to_worker_2, shard_size > 0 AS has_size
FROM get_rebalance_table_shards_plan();
SELECT count(*) FROM get_rebalance_table_shards_plan(max_shard_moves => 1);
SELECT count(*) FROM get_rebalance_table_shards_plan(drain_only => true);
-- threshold: nodes within that fraction of the average count as balanced; 0..1 only
SELECT count(*) AS moves_at_zero FROM get_rebalance_table_shards_plan(threshold => 0);
SELECT count(*) AS moves_at_half FROM get_rebalance_table_shards_plan(threshold => 0.5);
SELECT count(*) AS moves_at_one FROM get_rebalance_table_shards_plan(threshold => 1);
SELECT rb_try($$SELECT * FROM get_rebalance_table_shards_plan(threshold => 1.5)$$);
SELECT rb_try($$SELECT rebalance_table_shards(threshold => -0.1)$$);
SELECT count(*) FROM get_rebalance_table_shards_plan('rb_orders');
SELECT rb_try($$SELECT * FROM get_rebalance_table_shards_plan('rb_ref')$$);
-- planning changes nothing
SELECT * FROM rb_layout;

-- A rebalance that is rolled back leaves everything where it was.
BEGIN;
SELECT rebalance_table_shards();
SELECT * FROM rb_layout;
ROLLBACK;
SELECT * FROM rb_layout;
SELECT * FROM rb_totals EXCEPT SELECT * FROM rb_before;
\c - - - :worker_2_port
SELECT count(*) AS shard_tables_on_worker_2 FROM pg_tables WHERE tablename ~ '^rb_(customers|orders)_';
\c - - - :coordinator_port

-- The real one.
SELECT rebalance_table_shards();
SELECT * FROM rb_layout;
SELECT count(*) AS split_shard_groups FROM rb_split_groups;
SELECT count(*) AS rows_changed FROM (SELECT * FROM rb_totals EXCEPT SELECT * FROM rb_before) d;
SELECT count(*) AS remaining_moves FROM get_rebalance_table_shards_plan();
SELECT rebalance_table_shards();
SELECT * FROM rb_layout;
\c - - - :worker_1_port
SELECT count(*) AS shard_tables_on_worker_1 FROM pg_tables WHERE tablename ~ '^rb_(customers|orders)_';
\c - - - :worker_2_port
SELECT count(*) AS shard_tables_on_worker_2 FROM pg_tables WHERE tablename ~ '^rb_(customers|orders)_';
SELECT count(*) AS foreign_keys_on_worker_2 FROM pg_constraint
 WHERE contype = 'f' AND conrelid::regclass::text ~ '^rb_orders_';
\c - - - :coordinator_port

-- Queries and writes work on the moved shards.
SELECT c.id, c.name, count(*), sum(o.amount)
FROM rb_customers c JOIN rb_orders o ON o.customer_id = c.id
WHERE c.id IN (1, 2, 3, 150) GROUP BY c.id, c.name ORDER BY c.id;
INSERT INTO rb_customers SELECT i, 'new ' || i FROM generate_series(201, 220) i;
INSERT INTO rb_orders SELECT i, 5000 + i, 1, 7 FROM generate_series(201, 220) i;
UPDATE rb_orders SET amount = amount + 1 WHERE customer_id BETWEEN 1 AND 10;
DELETE FROM rb_orders WHERE customer_id = 220;
SELECT count(*), sum(amount) FROM rb_orders;
SELECT rb_try('INSERT INTO rb_orders VALUES (9999, 1, 1, 1)') AS missing_customer;
SELECT rb_try('INSERT INTO rb_orders VALUES (1, 99999, 42, 1)') AS missing_kind;
SELECT * FROM rb_ref ORDER BY id;
SELECT count(*) AS ref_placements FROM pg_dist_placement p JOIN pg_dist_shard s USING (shardid)
 WHERE s.logicalrelid = 'rb_ref'::regclass;

-- citus_move_shard_placement moves a shard with its colocated shard.
SELECT s.shardid AS move_shard, n.nodeport AS from_port,
       CASE WHEN n.nodeport = :worker_1_port THEN :worker_2_port ELSE :worker_1_port END AS to_port
FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid) JOIN pg_dist_node n USING (groupid)
WHERE s.logicalrelid = 'rb_orders'::regclass ORDER BY s.shardid LIMIT 1 \gset
CREATE TABLE rb_before_move AS SELECT * FROM rb_totals;
SELECT citus_move_shard_placement(:move_shard, '127.0.0.1', :from_port, '127.0.0.1', :to_port);
SELECT * FROM rb_layout;
SELECT count(*) AS split_shard_groups FROM rb_split_groups;
SELECT count(*) AS rows_changed FROM (SELECT * FROM rb_totals EXCEPT SELECT * FROM rb_before_move) d;
SELECT n.nodeport = :to_port AS on_target FROM pg_dist_placement p JOIN pg_dist_node n USING (groupid)
 WHERE p.shardid = :move_shard;
-- and back, with an explicit transfer mode
SELECT citus_move_shard_placement(:move_shard, '127.0.0.1', :to_port, '127.0.0.1', :from_port,
                                  shard_transfer_mode => 'block_writes');
SELECT * FROM rb_layout;
SELECT count(*) AS rows_changed FROM (SELECT * FROM rb_totals EXCEPT SELECT * FROM rb_before_move) d;

-- Errors change nothing.
SELECT rb_try(format('SELECT citus_move_shard_placement(%s, %L, %s, %L, %s)', 1, '127.0.0.1',
              :from_port, '127.0.0.1', :to_port)) AS unknown_shard;
SELECT rb_try(format('SELECT citus_move_shard_placement(%s, %L, %s, %L, %s)', :move_shard,
              '127.0.0.1', :to_port, '127.0.0.1', :from_port)) AS source_lacks_it;
-- (with one placement per shard the only node that can already hold it is the source)
SELECT rb_try(format('SELECT citus_move_shard_placement(%s, %L, %s, %L, %s)', :move_shard,
              '127.0.0.1', :from_port, '127.0.0.1', :from_port)) AS same_node;
SELECT rb_try(format('SELECT citus_move_shard_placement(%s, %L, %s, %L, %s)', :move_shard,
              '127.0.0.1', :from_port, '127.0.0.1', 1)) AS unknown_target;
SELECT rb_try(format('SELECT citus_move_shard_placement(%s, %L, %s, %L, %s, %L)', :move_shard,
              '127.0.0.1', :from_port, '127.0.0.1', :to_port, 'teleport')) AS bad_mode;
SELECT shardid AS ref_shard FROM pg_dist_shard WHERE logicalrelid = 'rb_ref'::regclass \gset
SELECT rb_try(format('SELECT citus_move_shard_placement(%s, %L, %s, %L, %s)', :ref_shard,
              '127.0.0.1', :worker_1_port, '127.0.0.1', :worker_2_port)) AS reference_shard;
-- a target that already holds the shard (a leftover copy of a failed move)
\c - - - :to_port
SELECT format('CREATE TABLE %I (x int)', 'rb_orders_' || :move_shard) AS ddl \gset
:ddl;
\c - - - :coordinator_port
SELECT rb_try(format('SELECT citus_move_shard_placement(%s, %L, %s, %L, %s)', :move_shard,
              '127.0.0.1', :from_port, '127.0.0.1', :to_port)) AS leftover_on_target;
\c - - - :to_port
SELECT format('DROP TABLE %I', 'rb_orders_' || :move_shard) AS ddl \gset
:ddl;
\c - - - :coordinator_port
CREATE ROLE rb_someone;
SET ROLE rb_someone;
SELECT rb_try(format('SELECT citus_move_shard_placement(%s, %L, %s, %L, %s)', :move_shard,
              '127.0.0.1', :from_port, '127.0.0.1', :to_port)) AS not_superuser;
SELECT rb_try('SELECT rebalance_table_shards()') AS not_superuser;
RESET ROLE;
DROP ROLE rb_someone;
SELECT * FROM rb_layout;
SELECT count(*) AS rows_changed FROM (SELECT * FROM rb_totals EXCEPT SELECT * FROM rb_before_move) d;

-- Draining: worker 2 should have no shards; drain_only moves them all back to worker 1.
SELECT citus_set_node_property('127.0.0.1', :worker_2_port, 'shouldhaveshards', false);
SELECT nodeport = :worker_2_port AS is_worker_2, shouldhaveshards FROM pg_dist_node ORDER BY nodeport;
SELECT count(*) AS moves, bool_and(targetport = :worker_1_port) AS all_to_worker_1
FROM get_rebalance_table_shards_plan(drain_only => true);
SELECT rebalance_table_shards(drain_only => true);
SELECT * FROM rb_layout;
SELECT count(*) AS rows_changed FROM (SELECT * FROM rb_totals EXCEPT SELECT * FROM rb_before_move) d;
SELECT citus_set_node_property('127.0.0.1', :worker_2_port, 'shouldhaveshards', true);
-- excluded shards stay where they are
SELECT count(*) FROM get_rebalance_table_shards_plan(
    excluded_shard_list => (SELECT array_agg(shardid) FROM pg_dist_shard
                            WHERE logicalrelid = 'rb_customers'::regclass));
SELECT rebalance_table_shards('rb_customers', max_shard_moves => 1);
SELECT * FROM rb_layout;
SELECT rebalance_table_shards();
SELECT * FROM rb_layout;
SELECT count(*) AS split_shard_groups FROM rb_split_groups;
SELECT count(*) AS rows_changed FROM (SELECT * FROM rb_totals EXCEPT SELECT * FROM rb_before_move) d;

-- citus_drain_node: worker 2 is emptied and marked; bad input changes nothing.
SELECT rb_try($$SELECT citus_set_node_property('127.0.0.1', 1, 'shouldhaveshards', false)$$);
SELECT rb_try($$SELECT citus_set_node_property('127.0.0.1', $$ || :worker_2_port || $$, 'isactive', false)$$);
SELECT rb_try($$SELECT rebalance_table_shards(rebalance_strategy => 'no_such_strategy')$$);
SELECT rb_try($$SELECT * FROM get_rebalance_table_shards_plan(rebalance_strategy => 'no_such_strategy')$$);
SELECT count(*) AS moves FROM get_rebalance_table_shards_plan(rebalance_strategy => 'by_shard_count');
SELECT citus_set_node_property('127.0.0.1', :worker_1_port, 'shouldhaveshards', false);
SELECT rb_try($$SELECT citus_drain_node('127.0.0.1', $$ || :worker_2_port || $$)$$) AS no_other_node;
SELECT citus_set_node_property('127.0.0.1', :worker_1_port, 'shouldhaveshards', true);
SELECT * FROM rb_layout;
SELECT citus_drain_node('127.0.0.1', :worker_2_port);
SELECT * FROM rb_layout;
SELECT nodeport = :worker_2_port AS is_worker_2, shouldhaveshards FROM pg_dist_node ORDER BY nodeport;
SELECT count(*) AS rows_changed FROM (SELECT * FROM rb_totals EXCEPT SELECT * FROM rb_before_move) d;
SELECT citus_set_node_property('127.0.0.1', :worker_2_port, 'shouldhaveshards', true);
SELECT rebalance_table_shards();
SELECT * FROM rb_layout;

DROP VIEW rb_totals, rb_split_groups, rb_layout;
DROP TABLE rb_before, rb_before_move, rb_orders, rb_customers, rb_ref;
DROP FUNCTION rb_try(text);
