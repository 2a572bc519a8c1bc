-- Colocation groups and reference tables.
SET client_min_messages TO warning;
CREATE TABLE orders (customer_id bigint, order_id bigint);
CREATE TABLE order_items (customer_id bigint, item text);
CREATE TABLE order_notes (customer_id bigint, note text);
CREATE TABLE text_keyed (customer_id text);
CREATE TABLE other_count (customer_id bigint);
SELECT create_distributed_table('orders', 'customer_id');
SELECT create_distributed_table('order_items', 'customer_id');
SELECT create_distributed_table('order_notes', 'customer_id', colocate_with => 'none');
SELECT create_distributed_table('text_keyed', 'customer_id');
SELECT create_distributed_table('other_count', 'customer_id', shard_count => 8);

-- Same type and shard count: same group, shard i of both on the same node.
SELECT count(DISTINCT colocationid) = 1 AS orders_and_items_colocated
FROM pg_dist_partition WHERE logicalrelid IN ('orders'::regclass, 'order_items'::regclass);
SELECT count(*) AS mismatched_shards FROM (
  SELECT row_number() OVER (ORDER BY s.shardminvalue::int) AS i, p.groupid, s.shardminvalue
  FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid)
  WHERE s.logicalrelid = 'orders'::regclass) a
FULL JOIN (
  SELECT row_number() OVER (ORDER BY s.shardminvalue::int) AS i, p.groupid, s.shardminvalue
  FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid)
  WHERE s.logicalrelid = 'order_items'::regclass) b USING (i)
WHERE a.groupid IS DISTINCT FROM b.groupid OR a.shardminvalue IS DISTINCT FROM b.shardminvalue;
-- 'none', another type and another shard count each get their own group.
SELECT count(DISTINCT colocationid) AS groups
FROM pg_dist_partition
WHERE logicalrelid IN ('orders'::regclass, 'order_notes'::regclass, 'text_keyed'::regclass,
                       'other_count'::regclass);

-- Explicit colocation with a table.
CREATE TABLE note_details (customer_id bigint, detail text);
SELECT create_distributed_table('note_details', 'customer_id', colocate_with => 'order_notes');
SELECT (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'note_details'::regclass) =
       (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'order_notes'::regclass)
       AS colocated_with_order_notes;
-- ... which must match in type and shard count, and be hash-distributed.
CREATE TABLE wrong_type (customer_id int);
SELECT create_distributed_table('wrong_type', 'customer_id', colocate_with => 'orders');
SELECT create_distributed_table('wrong_type', 'customer_id', colocate_with => 'no_such_table');
-- Same type, another collation: named as such (equal values could hash apart).
CREATE TABLE wrong_collation (customer_id text COLLATE "C");
SELECT create_distributed_table('wrong_collation', 'customer_id', colocate_with => 'text_keyed');
SELECT create_distributed_table('wrong_collation', 'customer_id');
SELECT alter_distributed_table('wrong_collation', colocate_with => 'text_keyed');
CREATE TABLE wrong_count (customer_id bigint);
SELECT create_distributed_table('wrong_count', 'customer_id', colocate_with => 'orders', shard_count => 7);
SELECT count(*) AS leftovers FROM pg_dist_partition
WHERE logicalrelid IN ('wrong_type'::regclass, 'wrong_count'::regclass);

-- Reference tables: one shard without a range, a placement on every worker, rows copied.
CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL);
INSERT INTO countries VALUES ('de', 'Germany'), ('fr', 'France'), ('jp', 'Japan');
SELECT create_reference_table('countries');
SELECT partmethod, repmodel, partkey IS NULL AS no_key FROM pg_dist_partition
WHERE logicalrelid = 'countries'::regclass;
SELECT count(*) AS shards, bool_and(shardminvalue IS NULL AND shardmaxvalue IS NULL) AS no_range
FROM pg_dist_shard WHERE logicalrelid = 'countries'::regclass;
SELECT count(*) AS placements, count(DISTINCT groupid) AS nodes
FROM pg_dist_placement JOIN pg_dist_shard USING (shardid)
WHERE logicalrelid = 'countries'::regclass;
SELECT table_name, citus_table_type, distribution_column, shard_count
FROM citus_tables WHERE table_name = 'countries'::regclass;
SELECT count(*) AS placements_in_view FROM citus_shards WHERE table_name = 'countries'::regclass;
SELECT shard_name('countries', shardid) AS countries_shard FROM pg_dist_shard
WHERE logicalrelid = 'countries'::regclass \gset
SELECT * FROM countries;
\c - - - :worker_1_port
SELECT * FROM :countries_shard ORDER BY code;
\c - - - :worker_2_port
SELECT * FROM :countries_shard ORDER BY code;
\c - - - :coordinator_port
SET client_min_messages TO warning;
-- A second reference table shares the reference colocation group.
CREATE TABLE currencies (code text);
SELECT create_reference_table('currencies');
SELECT count(DISTINCT colocationid) AS reference_groups FROM pg_dist_partition WHERE partmethod = 'n';
SELECT create_reference_table('countries');
SELECT create_distributed_table('countries', 'code');

DROP TABLE orders, order_items, order_notes, text_keyed, other_count, note_details, wrong_type,
           wrong_count, wrong_collation, countries, currencies;
-- Empty colocation groups are removed with their last table.
SELECT count(*) AS groups_left FROM pg_dist_colocation c
WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.colocationid = c.colocationid);
