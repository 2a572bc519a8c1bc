-- Extended statistics (CREATE / ALTER / DROP STATISTICS) of distributed and reference tables:
-- every shard placement has its own copy of each statistics object, named <name>_<shardid> in
-- the table's schema, and every way of making shards from a table's definition carries them.
-- What each placement has (shard ids shown as N), in shard order, worker 1 first.
CREATE FUNCTION stats_on_shards(rel regclass) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT regexp_replace(coalesce(result, '-'), '_[0-9]{6,}', '_N', 'g')
    FROM run_command_on_placements(rel, $q$SELECT string_agg(pg_get_statisticsobjdef(oid)
        || ' target ' || stxstattarget || ' owner ' || stxowner::regrole, ' | ' ORDER BY stxname)
        FROM pg_statistic_ext WHERE stxrelid = '%s'::regclass$q$)
    ORDER BY shardid, nodeport $$;
CREATE SCHEMA stats_schema;
CREATE TABLE orders (tenant int, id int, city text, zip text, total numeric);
INSERT INTO orders SELECT g % 10, g, 'city' || g % 7, 'zip' || g % 7, g FROM generate_series(1, 500) g;
-- Made before distribution: the shards are created with them.
CREATE STATISTICS orders_city_zip ON city, zip FROM orders;
CREATE STATISTICS stats_schema.orders_expr (ndistinct, mcv) ON tenant, (total::int % 3) FROM orders;
ALTER STATISTICS orders_city_zip SET STATISTICS 300;
SELECT create_distributed_table('orders', 'tenant', shard_count => 2);
SELECT * FROM stats_on_shards('orders');
-- Made after: on every shard too; the workers' ANALYZE builds them.
CREATE STATISTICS orders_one_expr ON (lower(city)) FROM orders;
CREATE STATISTICS IF NOT EXISTS orders_city_zip ON city, zip FROM orders;
ANALYZE orders;
SELECT result FROM run_command_on_shards('orders', $$SELECT count(*) FROM pg_statistic_ext_data d
    JOIN pg_statistic_ext s ON s.oid = d.stxoid WHERE s.stxrelid = '%s'::regclass$$) ORDER BY shardid;
-- ALTER STATISTICS: target, name, owner; SET SCHEMA moves the coordinator's object only.
CREATE ROLE stats_owner;
ALTER STATISTICS orders_city_zip SET STATISTICS -1;
ALTER STATISTICS stats_schema.orders_expr SET STATISTICS 40;
ALTER STATISTICS orders_one_expr RENAME TO orders_lower_city;
ALTER STATISTICS stats_schema.orders_expr OWNER TO stats_owner;
ALTER STATISTICS orders_city_zip SET SCHEMA stats_schema;
SELECT * FROM stats_on_shards('orders');
-- In a transaction that rolls back: the shards roll back too.
BEGIN;
CREATE STATISTICS orders_rolled_back ON id, total FROM orders;
DROP STATISTICS stats_schema.orders_city_zip;
ROLLBACK;
SELECT * FROM stats_on_shards('orders');
-- Shards made from the table's definition: a new shard count, a move, a split.
SELECT alter_distributed_table('orders', shard_count => 3);
SELECT stxname FROM pg_statistic_ext WHERE stxrelid = 'orders'::regclass ORDER BY 1;
SELECT * FROM stats_on_shards('orders');
SELECT shardid AS move_me FROM pg_dist_shard WHERE logicalrelid = 'orders'::regclass
ORDER BY shardid LIMIT 1 \gset
SELECT nodeport AS move_from FROM citus_shards WHERE shardid = :move_me \gset
SELECT citus_move_shard_placement(:move_me, '127.0.0.1', :move_from, '127.0.0.1',
    CASE WHEN :move_from = :worker_1_port THEN :worker_2_port ELSE :worker_1_port END);
SELECT nodeid AS node_1 FROM pg_dist_node WHERE nodeport = :worker_1_port \gset
SELECT citus_split_shard_by_split_points(:move_me,
    ARRAY[((shardminvalue::bigint + shardmaxvalue::bigint) / 2)::text], ARRAY[:node_1, :node_1])
FROM pg_dist_shard WHERE shardid = :move_me;
SELECT * FROM stats_on_shards('orders');
SELECT count(*) FROM orders WHERE city = 'city1' AND zip = 'zip1';
-- DROP: several at once, IF EXISTS.
DROP STATISTICS IF EXISTS orders_lower_city, stats_schema.orders_expr, no_such_stats;
SELECT * FROM stats_on_shards('orders');
-- Reference tables: every placement.
CREATE TABLE cities (name text PRIMARY KEY, zip text, region text);
CREATE STATISTICS cities_zip_region (dependencies) ON zip, region FROM cities;
SELECT create_reference_table('cities');
CREATE STATISTICS cities_region ON region, (length(name)) FROM cities;
SELECT * FROM stats_on_shards('cities');
-- undistribute_table keeps the local objects.
SELECT undistribute_table('orders');
SELECT stxname, stxstattarget FROM pg_statistic_ext WHERE stxrelid = 'orders'::regclass ORDER BY 1;
-- A node that receives the reference tables gets them too.
SELECT citus_remove_node('127.0.0.1', :worker_2_port);
SELECT citus_add_node('127.0.0.1', :worker_2_port) > 0 AS added;
SELECT * FROM stats_on_shards('cities');
DROP TABLE orders, cities;
DROP SCHEMA stats_schema;
DROP ROLE stats_owner;
DROP FUNCTION stats_on_shards(regclass);
