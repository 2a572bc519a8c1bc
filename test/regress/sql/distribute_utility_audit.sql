-- Utility statements that name a distributed or reference table, its indexes or columns: each
-- one either reaches the shards or is refused, never acts on the coordinator's empty table alone.
ALTER SEQUENCE pg_dist_shardid_seq RESTART 996000;
CREATE TABLE items (id int PRIMARY KEY, price int, label text) WITH (fillfactor = 70);
CREATE INDEX items_price ON items (price);
CREATE INDEX items_expr ON items ((price + 1));
-- Set before distribution: the shards are created with them.
ALTER TABLE items ALTER COLUMN label SET STORAGE EXTERNAL, ALTER COLUMN price SET STATISTICS 123,
    REPLICA IDENTITY FULL, CLUSTER ON items_price;
ALTER INDEX items_expr ALTER COLUMN 1 SET STATISTICS 77;
SELECT create_distributed_table('items', 'id', shard_count => 2);
CREATE TABLE tags (tag text PRIMARY KEY);
SELECT create_reference_table('tags');
INSERT INTO items SELECT g, g * 10, 'item ' || g FROM generate_series(1, 20) g;

-- What each shard (placement) has, in shard order.
CREATE FUNCTION on_shards(rel regclass, command text) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT result FROM run_command_on_placements(rel, command) ORDER BY shardid, nodeport $$;
CREATE FUNCTION index_options(rel regclass) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT on_shards(rel, $q$SELECT string_agg(c.relname || ' ' || coalesce(c.reloptions::text, '-')
        || ' ' || i.indisclustered, ', ' ORDER BY c.relname) FROM pg_index i JOIN pg_class c
        ON c.oid = i.indexrelid WHERE i.indrelid = '%s'::regclass$q$) $$;

-- New shards carry the settings made before distribution.
SELECT * FROM on_shards('items', $$SELECT reloptions::text || ' ' || relreplident::text FROM pg_class WHERE oid = '%s'::regclass$$);
SELECT * FROM on_shards('items', $$SELECT string_agg(attname || ' ' || attstattarget || ' ' || attstorage::text, ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = '%s'::regclass AND attnum > 0$$);
SELECT * FROM index_options('items');

-- ALTER INDEX SET / RESET: the shards' copies of the index get the same storage parameters
-- (also through ALTER TABLE naming the index, and several subcommands at once).
ALTER INDEX items_price SET (fillfactor = 50, deduplicate_items = off);
SELECT * FROM index_options('items');
ALTER TABLE items_price SET (fillfactor = 60);
ALTER INDEX IF EXISTS items_price RESET (deduplicate_items), SET (fillfactor = 40);
SELECT * FROM index_options('items');
ALTER INDEX items_price RESET (fillfactor);
SELECT * FROM index_options('items');
-- ALTER INDEX ... ALTER COLUMN n SET STATISTICS: on the shards' indexes too.
ALTER INDEX items_expr ALTER COLUMN 1 SET STATISTICS 500;
SELECT * FROM on_shards('items', $$SELECT string_agg(c.relname || ' ' || a.attstattarget, ', ') FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_attribute a ON a.attrelid = c.oid WHERE i.indrelid = '%s'::regclass AND c.relname LIKE 'items_expr%%'$$);
-- In a transaction that rolls back: the shards roll back too.
BEGIN;
ALTER INDEX items_price SET (fillfactor = 20);
ROLLBACK;
SELECT * FROM index_options('items');

-- Refused: other ALTER INDEX subcommands, and what would stay on the coordinator.
\set VERBOSITY default
ALTER INDEX items_price SET TABLESPACE pg_default;
ALTER INDEX items_price DEPENDS ON EXTENSION tessera;
-- A child table would be read by nothing: queries on items read its shards only.
CREATE TABLE items_child (extra int) INHERITS (items);
CREATE TABLE local_items (id int NOT NULL, price int, label text);
ALTER TABLE local_items INHERIT items;
DROP TABLE local_items;
-- A publication would publish the coordinator's empty table.
CREATE PUBLICATION items_pub FOR TABLE items;
CREATE PUBLICATION items_pub FOR TABLES IN SCHEMA public;
CREATE TABLE local_only (a int);
CREATE PUBLICATION local_pub FOR TABLE local_only;
ALTER PUBLICATION local_pub ADD TABLE tags;
DROP PUBLICATION local_pub;
DROP TABLE local_only;
-- A subscription would write the coordinator's empty table too: refused when the publisher's
-- publication has a table named as a distributed or reference one (asked before anything is
-- created), and when ALTER SUBSCRIPTION would add one.
\c - - - :worker_1_port
CREATE TABLE items (id int NOT NULL, price int, label text);
CREATE TABLE tags (tag text PRIMARY KEY);
CREATE TABLE sub_local (a int);
CREATE PUBLICATION items_src FOR TABLE items;
CREATE PUBLICATION tags_src FOR TABLE sub_local, tags;
CREATE PUBLICATION local_src FOR TABLE sub_local;
\c - - - :coordinator_port
\set publisher 'host=127.0.0.1 dbname=regression user=postgres port=' :worker_1_port
CREATE TABLE sub_local (a int);
CREATE SUBSCRIPTION items_sub CONNECTION :'publisher' PUBLICATION items_src;
CREATE SUBSCRIPTION items_sub CONNECTION :'publisher' PUBLICATION local_src, tags_src
    WITH (create_slot = false, enabled = false);
SELECT count(*) AS subscriptions FROM pg_subscription;
CREATE SUBSCRIPTION items_sub CONNECTION :'publisher' PUBLICATION local_src;
ALTER SUBSCRIPTION items_sub ADD PUBLICATION items_src;
ALTER SUBSCRIPTION items_sub SET PUBLICATION tags_src;
SELECT srrelid::regclass AS subscribed FROM pg_subscription_rel ORDER BY 1;
-- The other order: a table the subscription writes into cannot be distributed (the
-- subscription would keep writing the coordinator's empty local table).
SELECT create_distributed_table('sub_local', 'a');
SELECT create_reference_table('sub_local');
SELECT count(*) AS distributed FROM pg_dist_partition WHERE logicalrelid = 'sub_local'::regclass;
-- (Quietly: whether the table sync slot is still there to drop depends on timing.)
SET client_min_messages = warning;
DROP SUBSCRIPTION items_sub;
RESET client_min_messages;
DROP TABLE sub_local;
\c - - - :worker_1_port
DROP PUBLICATION items_src, tags_src, local_src;
DROP TABLE items, tags, sub_local;
\c - - - :coordinator_port
\set VERBOSITY terse

-- Partitioned tables: a plain CREATE INDEX covers every partition; CREATE INDEX ON ONLY, then an
-- index on each partition and ALTER INDEX ... ATTACH PARTITION (see below) too.
CREATE TABLE readings (id int, day int, value int) PARTITION BY RANGE (day);
CREATE TABLE readings_1 PARTITION OF readings FOR VALUES FROM (0) TO (10);
SELECT create_distributed_table('readings', 'id', shard_count => 2);
-- A foreign partition's rows would never be read: queries read the parent's shards.
CREATE FOREIGN DATA WRAPPER audit_wrapper;
CREATE SERVER audit_server FOREIGN DATA WRAPPER audit_wrapper;
CREATE FOREIGN TABLE readings_f PARTITION OF readings FOR VALUES FROM (10) TO (20) SERVER audit_server;
DROP SERVER audit_server;
DROP FOREIGN DATA WRAPPER audit_wrapper;
CREATE INDEX readings_value ON readings (value);
-- A partition's index cannot be attached a second time (PostgreSQL's own check).
CREATE INDEX readings_1_value2 ON readings_1 (value);
ALTER INDEX readings_value ATTACH PARTITION readings_1_value2;
DROP INDEX readings_1_value2;
-- RENAME and DROP of the partitioned table's index reach its shards (and the partitions').
CREATE FUNCTION index_names(rel regclass) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT on_shards(rel, $q$SELECT string_agg(c.relname, ', ' ORDER BY c.relname) FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = '%s'::regclass$q$) $$;
ALTER INDEX readings_value RENAME TO readings_value_renamed;
SELECT * FROM index_names('readings');
DROP INDEX readings_value_renamed;
SELECT * FROM index_names('readings');
SELECT * FROM index_names('readings_1');
CREATE INDEX readings_value_renamed ON readings (value);
SELECT * FROM index_names('readings');
DROP FUNCTION index_names(regclass);
DROP TABLE readings;

-- The zero-downtime way to index a partitioned table: CREATE INDEX ON ONLY (invalid, on the
-- table and each of its shards alike), CREATE INDEX CONCURRENTLY on each partition, then ALTER
-- INDEX ... ATTACH PARTITION of each (on each colocated pair of shards), which makes the index
-- valid everywhere once every partition's is attached.
CREATE TABLE meters (id int, day int, value int) PARTITION BY RANGE (day);
CREATE TABLE meters_1 PARTITION OF meters FOR VALUES FROM (0) TO (10);
CREATE TABLE meters_2 PARTITION OF meters FOR VALUES FROM (10) TO (20);
SELECT create_distributed_table('meters', 'id', shard_count => 2);
INSERT INTO meters SELECT g, g % 20, g FROM generate_series(1, 100) g;
-- Each placement's indexes: name (without the shard id), validity, and the index it is attached to.
CREATE FUNCTION index_state(rel regclass) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT DISTINCT result FROM run_command_on_placements(rel, $q$SELECT coalesce(string_agg(
        regexp_replace(c.relname, '_[0-9]+$', '') || CASE WHEN i.indisvalid THEN '' ELSE
        ' (invalid)' END || coalesce(' of ' || regexp_replace(p.relname, '_[0-9]+$', ''), ''),
        ', ' ORDER BY c.relname), '-') FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        LEFT JOIN pg_inherits h ON h.inhrelid = c.oid LEFT JOIN pg_class p ON p.oid = h.inhparent
        WHERE i.indrelid = '%s'::regclass$q$) $$;
CREATE INDEX meters_value ON ONLY meters (value);
SELECT indisvalid FROM pg_index WHERE indexrelid = 'meters_value'::regclass;
SELECT * FROM index_state('meters');
SELECT * FROM index_state('meters_1');
-- Meanwhile no new shard of the table can be made right (its partitions are attached after it,
-- which would attach their indexes too): moves are refused with a hint.
\set VERBOSITY default
SELECT citus_move_shard_placement(s.shardid, '127.0.0.1', p.nodeport, '127.0.0.1',
    CASE p.nodeport WHEN :worker_1_port THEN :worker_2_port ELSE :worker_1_port END)
FROM pg_dist_shard s JOIN pg_dist_shard_placement p USING (shardid)
WHERE s.logicalrelid = 'meters'::regclass ORDER BY s.shardid LIMIT 1;
\set VERBOSITY terse
-- A partition created meanwhile gets the index, attached (here and on its shards).
CREATE TABLE meters_3 PARTITION OF meters FOR VALUES FROM (20) TO (30);
SELECT * FROM index_state('meters_3');
CREATE INDEX CONCURRENTLY meters_1_value ON meters_1 (value);
CREATE INDEX CONCURRENTLY meters_2_value ON meters_2 (value);
ALTER INDEX meters_value ATTACH PARTITION meters_1_value;
SELECT indisvalid FROM pg_index WHERE indexrelid = 'meters_value'::regclass;
SELECT * FROM index_state('meters');
SELECT * FROM index_state('meters_1');
ALTER INDEX meters_value ATTACH PARTITION meters_2_value;
SELECT indisvalid FROM pg_index WHERE indexrelid = 'meters_value'::regclass;
SELECT * FROM index_state('meters');
SELECT * FROM index_state('meters_2');
-- Valid now: a moved shard gets the index and its partitions' attached to it.
SELECT citus_move_shard_placement(s.shardid, '127.0.0.1', p.nodeport, '127.0.0.1',
    CASE p.nodeport WHEN :worker_1_port THEN :worker_2_port ELSE :worker_1_port END)
FROM pg_dist_shard s JOIN pg_dist_shard_placement p USING (shardid)
WHERE s.logicalrelid = 'meters'::regclass ORDER BY s.shardid LIMIT 1;
SELECT * FROM index_state('meters');
SELECT * FROM index_state('meters_1');
SELECT * FROM index_state('meters_3');
SELECT count(*), sum(value) FROM meters WHERE value > 50;
-- The index of a local table (not a partition of it either) is refused.
CREATE TABLE meters_other (id int, value int);
CREATE INDEX meters_other_value ON meters_other (value);
CREATE INDEX meters_value2 ON ONLY meters (value);
ALTER INDEX meters_value2 ATTACH PARTITION meters_other_value;
-- A local partitioned table with an invalid index cannot be distributed until it is valid.
CREATE TABLE gauges (id int, day int) PARTITION BY RANGE (day);
CREATE TABLE gauges_1 PARTITION OF gauges FOR VALUES FROM (0) TO (10);
CREATE INDEX gauges_id ON ONLY gauges (id);
SELECT create_distributed_table('gauges', 'id', shard_count => 2);
DROP INDEX meters_value;
SELECT * FROM index_state('meters_1');
DROP FUNCTION index_state(regclass);
DROP TABLE meters, meters_other, gauges;

-- REASSIGN OWNED and DROP OWNED: the shards' owners and privileges follow.
CREATE ROLE audit_owner;
ALTER TABLE items OWNER TO audit_owner;
GRANT SELECT ON tags TO audit_owner;
SELECT * FROM on_shards('items', $$SELECT relowner::regrole FROM pg_class WHERE oid = '%s'::regclass$$);
REASSIGN OWNED BY audit_owner TO CURRENT_USER;
SELECT * FROM on_shards('items', $$SELECT relowner::regrole FROM pg_class WHERE oid = '%s'::regclass$$);
SELECT * FROM on_shards('tags', $$SELECT has_table_privilege('audit_owner', '%s', 'SELECT')$$);
DROP OWNED BY audit_owner;
SELECT * FROM on_shards('tags', $$SELECT has_table_privilege('audit_owner', '%s', 'SELECT')$$);
DROP ROLE audit_owner;

-- Harmless on the coordinator alone: COMMENT (read here), LOCK (every query takes its locks
-- here), CREATE TABLE AS / LIKE / materialized views (they read the shards).
COMMENT ON TABLE items IS 'items';
BEGIN;
LOCK TABLE items IN ACCESS EXCLUSIVE MODE;
SELECT count(*) FROM items;
COMMIT;
CREATE TABLE items_copy AS SELECT * FROM items WHERE id <= 5;
SELECT count(*) FROM items_copy;
CREATE MATERIALIZED VIEW items_total AS SELECT sum(price) FROM items;
INSERT INTO items VALUES (21, 210, 'item 21');
REFRESH MATERIALIZED VIEW items_total;
SELECT * FROM items_total;

SELECT count(*), sum(price) FROM items;
DROP MATERIALIZED VIEW items_total;
DROP TABLE items_copy, items, tags;
DROP FUNCTION index_options(regclass);
DROP FUNCTION on_shards(regclass, text);
