-- Shard splits: a big tenant gets a shard of its own (isolate_tenant_to_new_shard), shards are
-- split at given hash values onto given nodes (citus_split_shard_by_split_points); rows, foreign
-- keys, routing, colocated joins, writes, moves and the rebalancer keep working on the split
-- layout, and a failed split changes nothing.
ALTER SEQUENCE pg_dist_shardid_seq RESTART 620000;
CREATE FUNCTION ss_try(command text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE command;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN regexp_replace(SQLERRM, ':[0-9]+', ':<port>', 'g');
END $$;

CREATE TABLE ss_kinds (id int PRIMARY KEY, name text);
SELECT create_reference_table('ss_kinds');
INSERT INTO ss_kinds SELECT i, 'kind ' || i FROM generate_series(1, 3) i;
CREATE TABLE ss_tenants (tenant_id int PRIMARY KEY, name text);
SELECT create_distributed_table('ss_tenants', 'tenant_id', shard_count => 4);
CREATE TABLE ss_orders (tenant_id int REFERENCES ss_tenants (tenant_id), id int,
                        kind int REFERENCES ss_kinds (id), amount int,
                        PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('ss_orders', 'tenant_id', colocate_with => 'ss_tenants');
INSERT INTO ss_tenants SELECT i, 'tenant ' || i FROM generate_series(1, 40) i;
INSERT INTO ss_orders SELECT i % 40 + 1, i, i % 3 + 1, i FROM generate_series(1, 800) i;
-- tenant 7 is the big one
INSERT INTO ss_orders SELECT 7, i, 1, i FROM generate_series(1001, 1500) i;
-- The same rows in local tables: every query below must give the same answer on both.
CREATE TABLE ss_local_tenants AS SELECT * FROM ss_tenants;
CREATE TABLE ss_local_orders AS SELECT * FROM ss_orders;

-- The shards: range, node, and the rows each holds.
CREATE VIEW ss_layout AS
SELECT s.logicalrelid AS table_name, s.shardid, s.shardminvalue::int AS min,
       s.shardmaxvalue::int AS max, n.nodeport = :worker_1_port AS on_worker_1
FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid) JOIN pg_dist_node n USING (groupid)
WHERE s.logicalrelid::text LIKE 'ss\_%' ORDER BY s.logicalrelid::text, min;
-- Rows per shard, and rows in a shard whose distribution value hashes outside its range (must
-- be 0): the shard tables read on the workers.
CREATE FUNCTION ss_shard_rows(t regclass)
RETURNS TABLE (shardid bigint, min int, max int, row_count bigint, misplaced bigint)
LANGUAGE sql AS $$
    SELECT r.shardid, s.shardminvalue::int, s.shardmaxvalue::int,
           coalesce(array_length(string_to_array(r.result, ','), 1), 0),
           (SELECT count(*) FROM unnest(string_to_array(r.result, ',')) v
            WHERE worker_hash(v::int) NOT BETWEEN s.shardminvalue::int AND s.shardmaxvalue::int)
    FROM run_command_on_shards(t, 'SELECT string_agg(tenant_id::text, '','') FROM %s') r
    JOIN pg_dist_shard s USING (shardid)
    ORDER BY 2
$$;
-- Query results that differ between the distributed and the local tables (must stay empty).
CREATE VIEW ss_differences AS
WITH d AS (
    SELECT 'per tenant' AS q, o.tenant_id, count(*) AS n, sum(o.amount) AS s
    FROM ss_orders o GROUP BY o.tenant_id
    UNION ALL
    SELECT 'join', t.tenant_id, count(*), sum(o.amount)
    FROM ss_tenants t JOIN ss_orders o USING (tenant_id) GROUP BY t.tenant_id
    UNION ALL
    SELECT 'kinds', k.id, count(*), sum(o.amount)
    FROM ss_orders o JOIN ss_kinds k ON k.id = o.kind GROUP BY k.id
    UNION ALL
    SELECT 'tenants', 0, count(*), sum(tenant_id) FROM ss_tenants),
l AS (
    SELECT 'per tenant' AS q, o.tenant_id, count(*) AS n, sum(o.amount) AS s
    FROM ss_local_orders o GROUP BY o.tenant_id
    UNION ALL
    SELECT 'join', t.tenant_id, count(*), sum(o.amount)
    FROM ss_local_tenants t JOIN ss_local_orders o USING (tenant_id) GROUP BY t.tenant_id
    UNION ALL
    SELECT 'kinds', k.id, count(*), sum(o.amount)
    FROM ss_local_orders o JOIN ss_kinds k ON k.id = o.kind GROUP BY k.id
    UNION ALL
    SELECT 'tenants', 0, count(*), sum(tenant_id) FROM ss_local_tenants)
(SELECT 'distributed only' AS side, * FROM d EXCEPT SELECT 'distributed only', * FROM l)
UNION ALL
(SELECT 'local only', * FROM l EXCEPT SELECT 'local only', * FROM d);

SELECT * FROM ss_layout;
SELECT * FROM ss_differences;

-- Bad input.
SELECT ss_try($$SELECT isolate_tenant_to_new_shard('ss_kinds', 1)$$);
SELECT ss_try($$SELECT isolate_tenant_to_new_shard('ss_local_orders', 1)$$);
SELECT ss_try($$SELECT isolate_tenant_to_new_shard('ss_tenants', NULL, 'CASCADE')$$);
SELECT ss_try($$SELECT isolate_tenant_to_new_shard('ss_tenants', 7, 'everything')$$);
SELECT ss_try($$SELECT isolate_tenant_to_new_shard('ss_tenants', 7, 'CASCADE', 'fast')$$);
SELECT ss_try($$SELECT isolate_tenant_to_new_shard('ss_tenants', 'seven', 'CASCADE')$$);
-- colocated tables without CASCADE: the error with its hint
SELECT isolate_tenant_to_new_shard('ss_tenants', 7);
SELECT count(*) AS shards FROM ss_layout;

-- A rolled-back isolation leaves everything as it was.
BEGIN;
SELECT isolate_tenant_to_new_shard('ss_tenants', 7, 'CASCADE') > 0 AS isolated;
SELECT count(*) AS shards_in_transaction FROM ss_layout;
ROLLBACK;
SELECT count(*) AS shards FROM ss_layout;
SELECT * FROM ss_differences;

-- Isolate tenant 7 (given as text: converted to the column type): its shard becomes three in
-- both tables, the middle one holding exactly its hash value.
SELECT isolate_tenant_to_new_shard('ss_tenants', '7', 'cascade') AS tenant_shard \gset
SELECT :tenant_shard = get_shard_id_for_distribution_column('ss_tenants', 7) AS returned_tenant_shard;
SELECT min = worker_hash(7) AND max = worker_hash(7) AS tenant_range_only
FROM ss_layout WHERE shardid = :tenant_shard;
SELECT * FROM ss_layout;
SELECT * FROM ss_shard_rows('ss_tenants');
SELECT * FROM ss_shard_rows('ss_orders');
SELECT * FROM ss_differences;
-- isolating it again finds nothing to split
SELECT isolate_tenant_to_new_shard('ss_orders', 7, 'CASCADE');
-- the old shard tables are gone from the workers, the new ones are there
SELECT result AS shard_tables FROM run_command_on_workers(
    $$SELECT string_agg(tablename, ' ' ORDER BY tablename) FROM pg_tables WHERE tablename ~ '^ss_(tenants|orders)_'$$)
ORDER BY 1;

-- Router queries and colocated joins reach the tenant's own shards.
\set VERBOSITY terse
SET tessera.log_remote_commands = on;
SELECT count(*) FROM ss_orders WHERE tenant_id = 7;
SELECT t.name, count(*) FROM ss_tenants t JOIN ss_orders o USING (tenant_id)
WHERE t.tenant_id = 7 GROUP BY t.name;
SELECT count(*) FROM ss_orders WHERE tenant_id = 8;
-- writes for the tenant: a new order goes to its shard
INSERT INTO ss_orders VALUES (7, 5000, 2, 50);
UPDATE ss_orders SET amount = amount + 1 WHERE tenant_id = 7 AND id = 1001;
RESET tessera.log_remote_commands;
\set VERBOSITY default
INSERT INTO ss_local_orders VALUES (7, 5000, 2, 50);
UPDATE ss_local_orders SET amount = amount + 1 WHERE tenant_id = 7 AND id = 1001;
-- multi-shard writes and COPY on the split layout
UPDATE ss_orders SET amount = amount * 2 WHERE id % 7 = 0;
UPDATE ss_local_orders SET amount = amount * 2 WHERE id % 7 = 0;
DELETE FROM ss_orders WHERE id % 11 = 0;
DELETE FROM ss_local_orders WHERE id % 11 = 0;
COPY ss_orders FROM STDIN WITH (FORMAT csv);
7,6000,3,60
8,6000,3,61
\.
INSERT INTO ss_local_orders VALUES (7, 6000, 3, 60), (8, 6000, 3, 61);
SELECT * FROM ss_differences;
SELECT row_count, misplaced FROM ss_shard_rows('ss_orders') WHERE shardid = :tenant_shard + 3;
-- the foreign keys hold on the new shards
SELECT ss_try($$INSERT INTO ss_orders VALUES (7, 7000, 99, 1)$$);
SELECT ss_try($$INSERT INTO ss_orders VALUES (4000, 7000, 1, 1)$$);
SELECT ss_try($$DELETE FROM ss_tenants WHERE tenant_id = 7$$);

-- citus_split_shard_by_split_points: bad input first.
SELECT shardid AS split_me, min AS split_min, max AS split_max FROM ss_layout
WHERE table_name = 'ss_tenants'::regclass ORDER BY min LIMIT 1 \gset
SELECT nodeid AS node_1 FROM pg_dist_node WHERE nodeport = :worker_1_port \gset
SELECT nodeid AS node_2 FROM pg_dist_node WHERE nodeport = :worker_2_port \gset
SELECT ss_try(format('SELECT citus_split_shard_by_split_points(%s, %L, %L)', :split_me,
              ARRAY[(:split_max)::text], ARRAY[:node_1, :node_2]));
SELECT ss_try(format('SELECT citus_split_shard_by_split_points(%s, %L, %L)', :split_me,
              ARRAY['2000000000'], ARRAY[:node_1, :node_2]));
SELECT ss_try(format('SELECT citus_split_shard_by_split_points(%s, %L, %L)', :split_me,
              ARRAY['-1500000000', '-1600000000'], ARRAY[:node_1, :node_2, :node_1]));
SELECT ss_try(format('SELECT citus_split_shard_by_split_points(%s, %L, %L)', :split_me,
              ARRAY['-1500000000'], ARRAY[:node_1]));
SELECT ss_try(format('SELECT citus_split_shard_by_split_points(%s, %L, %L)', :split_me,
              ARRAY['-1500000000'], ARRAY[:node_1, 999]));
SELECT ss_try(format('SELECT citus_split_shard_by_split_points(%s, %L, %L)', :split_me,
              ARRAY['one'], ARRAY[:node_1, :node_2]));
SELECT ss_try(format('SELECT citus_split_shard_by_split_points(%s, %L, %L)', :split_me,
              ARRAY['-1500000000', NULL], ARRAY[:node_1, :node_2, :node_2]));
SELECT ss_try(format('SELECT citus_split_shard_by_split_points(%s, %L, %L)', :split_me,
              '{}', ARRAY[:node_1]));
SELECT ss_try($$SELECT citus_split_shard_by_split_points(1, ARRAY['0'], ARRAY[1, 2])$$);
SELECT ss_try(format('SELECT citus_split_shard_by_split_points(%s, %L, %L)',
              (SELECT shardid FROM pg_dist_shard WHERE logicalrelid = 'ss_kinds'::regclass),
              ARRAY['0'], ARRAY[:node_1, :node_2]));
SELECT count(*) AS shards FROM ss_layout;

-- The first shard split in three, the parts on worker 1, worker 2 and worker 1.
SELECT citus_split_shard_by_split_points(:split_me, ARRAY['-1900000000', '-1800000000'],
                                         ARRAY[:node_1, :node_2, :node_1]);
SELECT * FROM ss_layout WHERE min < -1073741824;
SELECT * FROM ss_shard_rows('ss_orders') WHERE min < -1073741824;
SELECT * FROM ss_differences;

-- A split that fails half-way (a leftover table has the name of a new shard of ss_orders, so
-- creating that shard fails after the new shards of ss_tenants were made and filled) changes
-- nothing: old shards, catalogs and rows stay, and no new shard table is left behind.
CREATE TABLE ss_layout_before AS SELECT * FROM ss_layout;
SELECT shardid AS fail_me FROM ss_layout
WHERE table_name = 'ss_tenants'::regclass AND shardid <> :tenant_shard AND NOT on_worker_1
ORDER BY min DESC LIMIT 1 \gset
SELECT nextval('pg_dist_shardid_seq') AS next_id \gset
-- ids: ss_tenants gets next_id + 1 .. + 3, ss_orders next_id + 4 .. + 6
SELECT bool_and(success) AS blocked FROM run_command_on_workers(
    format('CREATE TABLE public.ss_orders_%s (leftover int)', :next_id + 5));
SELECT ss_try(format('SELECT isolate_tenant_to_new_shard(%L, %s, %L)', 'ss_orders',
              (SELECT tenant_id FROM ss_local_tenants
               WHERE get_shard_id_for_distribution_column('ss_tenants', tenant_id) = :fail_me
               ORDER BY tenant_id LIMIT 1), 'CASCADE'));
SELECT (SELECT count(*) FROM ss_layout) AS shards,
       (SELECT count(*) FROM (SELECT * FROM ss_layout EXCEPT SELECT * FROM ss_layout_before) c)
           AS changed;
SELECT * FROM ss_differences;
SELECT result AS new_shard_tables FROM run_command_on_workers(format(
    $$SELECT count(*) FROM pg_tables WHERE tablename ~ '^ss_(tenants|orders)_' AND
        substring(tablename from '[0-9]+$')::bigint > %s AND tablename <> 'ss_orders_%s'$$,
    :next_id, :next_id + 5));
SELECT result AS leftover_untouched FROM run_command_on_workers(format(
    'SELECT count(*) FROM public.ss_orders_%s', :next_id + 5));
SELECT bool_and(success) AS dropped FROM run_command_on_workers(
    format('DROP TABLE public.ss_orders_%s', :next_id + 5));
-- with the leftover gone the same isolation works
SELECT isolate_tenant_to_new_shard('ss_orders',
       (SELECT tenant_id FROM ss_local_tenants
        WHERE get_shard_id_for_distribution_column('ss_tenants', tenant_id) = :fail_me
        ORDER BY tenant_id LIMIT 1), 'CASCADE') > 0 AS isolated;
SELECT count(*) AS shards FROM ss_layout;
SELECT sum(row_count) AS orders, sum(misplaced) AS misplaced FROM ss_shard_rows('ss_orders');
SELECT * FROM ss_differences;

-- Moving the big tenant to the other worker (its own node for it), then rebalancing.
SELECT on_worker_1 AS tenant_on_worker_1 FROM ss_layout WHERE shardid = :tenant_shard \gset
SELECT citus_move_shard_placement(:tenant_shard, '127.0.0.1',
    CASE WHEN :'tenant_on_worker_1' THEN :worker_1_port ELSE :worker_2_port END, '127.0.0.1',
    CASE WHEN :'tenant_on_worker_1' THEN :worker_2_port ELSE :worker_1_port END);
SELECT on_worker_1 <> :'tenant_on_worker_1' AS moved FROM ss_layout WHERE shardid = :tenant_shard;
SELECT count(*) FROM ss_orders WHERE tenant_id = 7;
SELECT * FROM ss_differences;
SELECT rebalance_table_shards('ss_tenants');
SELECT count(*) FILTER (WHERE on_worker_1) AS on_worker_1,
       count(*) FILTER (WHERE NOT on_worker_1) AS on_worker_2
FROM ss_layout WHERE table_name = 'ss_tenants'::regclass;
-- colocated shards stayed together
SELECT count(*) AS apart FROM ss_layout t JOIN ss_layout o USING (min)
WHERE t.table_name = 'ss_tenants'::regclass AND o.table_name = 'ss_orders'::regclass
  AND t.on_worker_1 <> o.on_worker_1;
SELECT * FROM ss_differences;

-- The colocation group's shardcount describes its shards after the splits.
SELECT c.shardcount, (SELECT count(*) FROM pg_dist_shard
                      WHERE logicalrelid = 'ss_tenants'::regclass) AS shards
FROM pg_dist_colocation c JOIN pg_dist_partition p USING (colocationid)
WHERE p.logicalrelid = 'ss_tenants'::regclass;
-- New tables colocated with the split group get its layout, explicitly (also with the group's
-- real shard count, not with the count before the splits) or by default with that count.
CREATE TABLE ss_notes (tenant_id int, note text);
SELECT ss_try($$SELECT create_distributed_table('ss_notes', 'tenant_id', colocate_with => 'ss_tenants', shard_count => 4)$$);
SELECT create_distributed_table('ss_notes', 'tenant_id', colocate_with => 'ss_tenants',
                                shard_count => 10);
CREATE TABLE ss_visits (tenant_id int, at int);
SET citus.shard_count = 10;
SELECT create_distributed_table('ss_visits', 'tenant_id');
RESET citus.shard_count;
SELECT count(DISTINCT colocationid) AS groups FROM pg_dist_partition
WHERE logicalrelid IN ('ss_tenants'::regclass, 'ss_notes'::regclass, 'ss_visits'::regclass);
-- an explicit shard count of 4 makes a group of its own, with equal ranges
CREATE TABLE ss_pages (tenant_id int, page int);
SELECT create_distributed_table('ss_pages', 'tenant_id', shard_count => 4);
SELECT (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'ss_pages'::regclass) <>
       (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'ss_tenants'::regclass)
       AS own_group, count(*) AS shards
FROM pg_dist_shard WHERE logicalrelid = 'ss_pages'::regclass;
INSERT INTO ss_visits SELECT i % 40 + 1, i FROM generate_series(1, 400) i;
SELECT l.table_name, count(*) AS shards,
       count(*) FILTER (WHERE t.shardid IS NULL) AS unmatched
FROM ss_layout l LEFT JOIN ss_layout t
  ON t.table_name = 'ss_tenants'::regclass AND t.min = l.min AND t.max = l.max
     AND t.on_worker_1 = l.on_worker_1
WHERE l.table_name IN ('ss_notes'::regclass, 'ss_visits'::regclass)
GROUP BY l.table_name ORDER BY 1;
SELECT sum(row_count) AS visits, sum(misplaced) AS misplaced FROM ss_shard_rows('ss_visits');
SELECT count(*) FROM ss_visits v JOIN ss_tenants t USING (tenant_id) WHERE t.tenant_id = 7;

-- Partitioned tables are not split.
CREATE TABLE ss_events (tenant_id int, day int) PARTITION BY RANGE (day);
CREATE TABLE ss_events_1 PARTITION OF ss_events FOR VALUES FROM (0) TO (100);
SELECT create_distributed_table('ss_events', 'tenant_id', shard_count => 2, colocate_with => 'none');
SELECT ss_try($$SELECT isolate_tenant_to_new_shard('ss_events', 1, 'CASCADE')$$);

-- An enum distribution column: PostgreSQL hashes an enum value by its label's OID, which differs
-- on the workers, so the new shards take their rows by label.
CREATE TYPE ss_color AS ENUM ('red', 'green', 'blue', 'cyan', 'pink');
CREATE TABLE ss_paint (color ss_color, n int);
SELECT create_distributed_table('ss_paint', 'color', shard_count => 2, colocate_with => 'none');
INSERT INTO ss_paint SELECT (enum_range(NULL::ss_color))[1 + i % 5], i FROM generate_series(1, 50) i;
SELECT bool_and(result <> hashenum('green'::ss_color)::text) AS worker_hash_differs
FROM run_command_on_workers($$SELECT hashenum('green'::public.ss_color)$$);
SELECT ss_try($$SELECT isolate_tenant_to_new_shard('ss_paint', 'green'::ss_color)$$);
SELECT count(*) AS shards FROM pg_dist_shard WHERE logicalrelid = 'ss_paint'::regclass;
SELECT color, count(*), sum(n) FROM ss_paint GROUP BY color ORDER BY color;
SELECT count(*) FROM ss_paint WHERE color = 'green';
SELECT count(*) FROM ss_paint WHERE color = 'red';
SELECT count(*) FROM ss_paint WHERE color = 'pink';
-- An array of enums has no label list: refused.
CREATE TABLE ss_palettes (colors ss_color[], n int);
SELECT create_distributed_table('ss_palettes', 'colors', shard_count => 2, colocate_with => 'none');
INSERT INTO ss_palettes VALUES ('{red,green}', 1);
SELECT ss_try($$SELECT isolate_tenant_to_new_shard('ss_palettes', '{red,green}'::ss_color[])$$);
DROP TABLE ss_paint, ss_palettes;
DROP TYPE ss_color;

DROP TABLE ss_events, ss_pages, ss_visits, ss_notes, ss_orders, ss_tenants, ss_kinds, ss_local_orders,
           ss_local_tenants, ss_layout_before CASCADE;
DROP FUNCTION ss_try(text);
DROP FUNCTION ss_shard_rows(regclass);
