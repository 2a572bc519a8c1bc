-- Schema-based sharding (Citus 12): a distributed schema's tables are single-shard tables of one
-- colocation group of its own, on one node. citus_schema_distribute / _undistribute / _move,
-- citus.enable_schema_based_sharding, DDL in a distributed schema, refusals and atomicity.
-- Ports and shard ids vary between runs: EXPLAIN output goes through ds_explain().
CREATE FUNCTION ds_explain(query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        RETURN NEXT regexp_replace(regexp_replace(line, 'port=[0-9]+', 'port=N'),
                                   '_[0-9]+\M', '_N', 'g');
    END LOOP;
END
$$;
-- Tables of the schemas made here, with their type, group and node (compared, not printed).
CREATE VIEW ds_tables AS
    SELECT t.table_name, t.citus_table_type, t.colocation_id = s.colocationid AS in_schema_group,
           (SELECT count(DISTINCT sh.nodeport) FROM citus_shards sh
            WHERE sh.colocation_id = s.colocationid) AS group_nodes
    FROM citus_tables t
    JOIN pg_class c ON c.oid = t.table_name
    LEFT JOIN pg_dist_schema s ON s.schemaid = c.relnamespace
    WHERE c.relnamespace::regnamespace::text LIKE 'tenant%'
    ORDER BY t.table_name::text;

-- The catalog and the view, as in Citus 12.
SELECT attname, atttypid::regtype FROM pg_attribute
WHERE attrelid = 'pg_catalog.pg_dist_schema'::regclass AND attnum > 0 ORDER BY attnum;
SELECT attname, atttypid::regtype FROM pg_attribute
WHERE attrelid = 'pg_catalog.citus_schemas'::regclass AND attnum > 0 ORDER BY attnum;

-- citus_schema_distribute: the schema's tables (rows, foreign keys among them and to reference
-- tables) become one group on one node.
CREATE TABLE ds_plans (id int PRIMARY KEY, label text);
SELECT create_reference_table('ds_plans');
INSERT INTO ds_plans VALUES (1, 'free'), (2, 'pro');
CREATE SCHEMA tenant_a;
CREATE TABLE tenant_a.accounts (id int PRIMARY KEY, name text, plan_id int REFERENCES ds_plans);
CREATE TABLE tenant_a.orders (id int PRIMARY KEY, account_id int REFERENCES tenant_a.accounts,
                              amount int);
CREATE TABLE tenant_a.notes (id serial, body text);
CREATE VIEW tenant_a.totals AS
    SELECT a.name, sum(o.amount) AS total FROM tenant_a.accounts a
    JOIN tenant_a.orders o ON o.account_id = a.id GROUP BY a.name;
INSERT INTO tenant_a.accounts VALUES (1, 'ann', 1), (2, 'bob', 2);
INSERT INTO tenant_a.orders VALUES (1, 1, 10), (2, 1, 20), (3, 2, 5);
INSERT INTO tenant_a.notes (body) VALUES ('hello');
SELECT citus_schema_distribute('tenant_a');
SELECT citus_schema_distribute('tenant_a'); -- a NOTICE, nothing changes
SELECT schema_name, colocation_id = (SELECT colocationid FROM pg_dist_schema
                                      WHERE schemaid = 'tenant_a'::regnamespace) AS same_group,
       schema_size IS NOT NULL AS has_size, schema_owner
FROM citus_schemas;
SELECT * FROM ds_tables;
SELECT partmethod, repmodel, partkey IS NULL AS no_key, count(*) FROM pg_dist_partition
WHERE colocationid = (SELECT colocationid FROM pg_dist_schema) GROUP BY 1, 2, 3;
SELECT shardcount, replicationfactor, distributioncolumntype FROM pg_dist_colocation
WHERE colocationid = (SELECT colocationid FROM pg_dist_schema);
SELECT pg_relation_size('tenant_a.orders') AS local_size;
SELECT * FROM tenant_a.totals ORDER BY name;
INSERT INTO tenant_a.notes (body) VALUES ('again');
SELECT id, body FROM tenant_a.notes ORDER BY id;
DO $$
BEGIN
    INSERT INTO tenant_a.orders VALUES (9, 99, 1);
EXCEPTION WHEN foreign_key_violation THEN
    RAISE NOTICE 'refused: %', regexp_replace(SQLERRM, '_[0-9]+"', '_N"', 'g');
END $$;

-- A tenant query (with reference tables) is one task on the schema's node.
SELECT ds_explain($$
SELECT p.label, sum(o.amount) FROM tenant_a.orders o JOIN tenant_a.accounts a ON a.id = o.account_id
JOIN ds_plans p ON p.id = a.plan_id GROUP BY p.label$$);
SELECT p.label, sum(o.amount) FROM tenant_a.orders o JOIN tenant_a.accounts a ON a.id = o.account_id
JOIN ds_plans p ON p.id = a.plan_id GROUP BY p.label ORDER BY 1;

-- citus.enable_schema_based_sharding (also tessera.*): CREATE SCHEMA makes a distributed schema,
-- CREATE TABLE, CREATE TABLE AS and SELECT INTO in it make tables of its group.
SET citus.enable_schema_based_sharding TO on;
SHOW tessera.enable_schema_based_sharding;
CREATE SCHEMA tenant_b CREATE TABLE early (x int);
CREATE SCHEMA IF NOT EXISTS tenant_b;
CREATE TABLE tenant_b.items (id int PRIMARY KEY, label text);
CREATE TABLE tenant_b.links (id int, item_id int REFERENCES tenant_b.items);
CREATE TABLE IF NOT EXISTS tenant_b.items (id int);
INSERT INTO tenant_b.items SELECT g, 'item ' || g FROM generate_series(1, 5) g;
CREATE TABLE tenant_b.copied AS SELECT * FROM tenant_b.items WHERE id <= 3;
SELECT id, label INTO tenant_b.selected FROM tenant_b.items WHERE id > 3;
CREATE TABLE tenant_b.empty_copy AS SELECT * FROM tenant_b.items WITH NO DATA;
RESET citus.enable_schema_based_sharding;
SET tessera.enable_schema_based_sharding TO on;
CREATE SCHEMA tenant_c;
RESET tessera.enable_schema_based_sharding;
CREATE SCHEMA ds_regular; -- the setting is off again: a regular schema
SELECT schema_name, schema_owner FROM citus_schemas ORDER BY 1;
SELECT count(DISTINCT colocation_id) AS groups FROM citus_schemas;
SELECT * FROM ds_tables;
SELECT (SELECT count(*) FROM tenant_b.copied) AS copied, (SELECT count(*) FROM tenant_b.selected)
    AS selected, (SELECT count(*) FROM tenant_b.empty_copy) AS empty_copy;
-- Tables created in a distributed schema without the setting are distributed too.
CREATE TABLE tenant_c.later (id int);
INSERT INTO tenant_c.later VALUES (1);
SELECT citus_table_type FROM citus_tables WHERE table_name = 'tenant_c.later'::regclass;

-- Joins across two tenant schemas are computed on the coordinator, correctly.
SELECT count(*) FROM tenant_a.orders o JOIN tenant_b.items i ON i.id = o.id;
SELECT i.label, o.amount FROM tenant_a.orders o JOIN tenant_b.items i ON i.id = o.id ORDER BY 1;

-- DDL in a distributed schema that cannot be followed is refused.
CREATE TABLE tenant_b.parted (x int) PARTITION BY RANGE (x);
CREATE TABLE ds_parent (x int) PARTITION BY RANGE (x);
CREATE TABLE tenant_b.part PARTITION OF ds_parent FOR VALUES FROM (1) TO (10);
CREATE TABLE tenant_b.child () INHERITS (ds_plans);
CREATE TABLE ds_local (id int PRIMARY KEY);
CREATE TABLE tenant_b.bad_fk (id int REFERENCES ds_local);
CREATE TABLE tenant_b.cross_fk (id int REFERENCES tenant_a.accounts);
ALTER TABLE tenant_b.items SET SCHEMA public;
ALTER TABLE tenant_b.items SET SCHEMA tenant_a;
ALTER TABLE ds_local SET SCHEMA tenant_b;
SELECT undistribute_table('tenant_b.items');
CREATE TABLE ds_outside (id int);
SELECT create_distributed_table('ds_outside', NULL, colocate_with => 'tenant_b.items');
DROP TABLE ds_outside;
SELECT * FROM ds_tables WHERE table_name::text LIKE 'tenant_b.%';
-- Ordinary DDL on the schema's tables reaches their shards.
ALTER TABLE tenant_b.items ADD COLUMN price int DEFAULT 7;
CREATE INDEX ON tenant_b.items (label);
SELECT id, price FROM tenant_b.items WHERE id = 2;
DROP TABLE tenant_b.empty_copy;

-- citus_schema_move: the whole group moves (by node name and port, and by node id).
SELECT nodeport AS tenant_b_port FROM citus_shards
WHERE table_name = 'tenant_b.items'::regclass \gset
SELECT nodeport = :tenant_b_port AS on_first_node, count(*) FROM citus_shards
WHERE table_name::text LIKE 'tenant_b.%' GROUP BY 1;
SELECT citus_schema_move('tenant_b',
    '127.0.0.1', (SELECT CASE WHEN nodeport = :worker_1_port THEN :worker_2_port
                              ELSE :worker_1_port END
                  FROM citus_shards WHERE table_name = 'tenant_b.items'::regclass));
SELECT nodeport = :tenant_b_port AS on_first_node, count(*) FROM citus_shards
WHERE table_name::text LIKE 'tenant_b.%' GROUP BY 1;
SELECT citus_schema_move('tenant_b',
    (SELECT nodeid FROM pg_dist_node WHERE nodeport <> (SELECT nodeport FROM citus_shards
        WHERE table_name = 'tenant_b.items'::regclass) AND noderole = 'primary'
        AND groupid <> 0));
SELECT nodeport = :tenant_b_port AS on_first_node, count(*) FROM citus_shards
WHERE table_name::text LIKE 'tenant_b.%' GROUP BY 1;
SELECT count(*), sum(price) FROM tenant_b.items;
SELECT count(*) FROM tenant_b.links l JOIN tenant_b.items i ON i.id = l.item_id;
-- tenant_c's schema was made on its node only when its table was created there.
SELECT citus_schema_move('tenant_c', (SELECT nodeid FROM pg_dist_node WHERE groupid > 0
    AND nodeport <> (SELECT nodeport FROM citus_shards
                     WHERE table_name = 'tenant_c.later'::regclass)));
SELECT citus_schema_move('tenant_c', (SELECT nodeid FROM pg_dist_node WHERE groupid > 0
    AND nodeport <> (SELECT nodeport FROM citus_shards
                     WHERE table_name = 'tenant_c.later'::regclass)));
SELECT citus_schema_move('tenant_c', '127.0.0.1', (SELECT nodeport FROM citus_shards
                                                   WHERE table_name = 'tenant_c.later'::regclass));
SELECT count(*) FROM tenant_c.later;
SELECT citus_schema_move('ds_regular', '127.0.0.1', :worker_1_port);
SELECT citus_schema_move('tenant_b', 99999);
CREATE SCHEMA tenant_empty;
SELECT citus_schema_distribute('tenant_empty');
SELECT citus_schema_move('tenant_empty', '127.0.0.1', :worker_1_port);

-- Bad input.
SELECT citus_schema_distribute('no_such_schema');
SELECT citus_schema_distribute(NULL);
SELECT citus_schema_distribute('public');
SELECT citus_schema_distribute('pg_catalog');
SELECT citus_schema_distribute('information_schema');
SELECT citus_schema_distribute('tessera');
SELECT citus_schema_undistribute('ds_regular'); -- a NOTICE
CREATE SCHEMA tenant_bad;
CREATE TABLE ds_outer (id int PRIMARY KEY);
CREATE TABLE tenant_bad.refs (id int REFERENCES ds_outer);
SELECT citus_schema_distribute('tenant_bad');
DROP TABLE tenant_bad.refs;
CREATE TABLE tenant_bad.target (id int PRIMARY KEY);
CREATE TABLE ds_outer_ref (id int REFERENCES tenant_bad.target);
SELECT citus_schema_distribute('tenant_bad');
DROP TABLE ds_outer_ref;
CREATE TABLE tenant_bad.hashed (id int);
SELECT create_distributed_table('tenant_bad.hashed', 'id');
SELECT citus_schema_distribute('tenant_bad');
SELECT undistribute_table('tenant_bad.hashed');
CREATE TABLE tenant_bad.parted (x int) PARTITION BY RANGE (x);
SELECT citus_schema_distribute('tenant_bad');
DROP TABLE tenant_bad.parted;
CREATE ROLE ds_other;
GRANT USAGE, CREATE ON SCHEMA tenant_bad TO ds_other;
SET ROLE ds_other;
SELECT citus_schema_distribute('tenant_bad');
RESET ROLE;
SELECT count(*) AS schemas FROM pg_dist_schema;

-- Atomicity: a table that fails part-way (a trigger, refused) leaves nothing distributed.
CREATE TABLE tenant_bad.first (id int);
INSERT INTO tenant_bad.first VALUES (1), (2);
CREATE TABLE tenant_bad.zlast (id int);
CREATE FUNCTION ds_trigger() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER ds_trigger BEFORE INSERT ON tenant_bad.zlast
    FOR EACH ROW EXECUTE FUNCTION ds_trigger();
SELECT citus_schema_distribute('tenant_bad');
SELECT count(*) AS schemas FROM pg_dist_schema WHERE schemaid = 'tenant_bad'::regnamespace;
SELECT count(*) AS tables FROM pg_dist_partition
WHERE logicalrelid::text LIKE 'tenant_bad.%';
SELECT count(*) AS rows_kept FROM tenant_bad.first;
DROP TRIGGER ds_trigger ON tenant_bad.zlast;
SELECT citus_schema_distribute('tenant_bad');
SELECT count(*) FROM tenant_bad.first;
-- ... and a rolled-back transaction too.
BEGIN;
SELECT citus_schema_undistribute('tenant_bad');
SELECT count(*) AS schemas FROM pg_dist_schema WHERE schemaid = 'tenant_bad'::regnamespace;
ROLLBACK;
SELECT count(*) AS schemas FROM pg_dist_schema WHERE schemaid = 'tenant_bad'::regnamespace;
SELECT count(*) FROM tenant_bad.first;

-- citus_schema_undistribute: the tables are local again, with their rows and foreign keys.
SELECT citus_schema_undistribute('tenant_a');
SELECT count(*) AS schemas FROM pg_dist_schema WHERE schemaid = 'tenant_a'::regnamespace;
SELECT count(*) AS tables FROM pg_dist_partition WHERE logicalrelid::text LIKE 'tenant_a.%';
SELECT * FROM tenant_a.totals ORDER BY name;
SELECT count(*) FROM tenant_a.notes;
INSERT INTO tenant_a.orders VALUES (9, 99, 1);
CREATE TABLE tenant_a.local_again (x int); -- a regular schema now
SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'tenant_a.local_again'::regclass;
-- and back again
SELECT citus_schema_distribute('tenant_a');
SELECT * FROM ds_tables WHERE table_name::text LIKE 'tenant_a.%';

-- DROP: the last table of a schema (its group stays with the schema), then DROP SCHEMA.
DROP TABLE tenant_c.later;
SELECT schema_name FROM citus_schemas WHERE schema_name = 'tenant_c'::regnamespace;
CREATE TABLE tenant_c.again (id int);
SELECT citus_table_type FROM citus_tables WHERE table_name = 'tenant_c.again'::regclass;
DROP SCHEMA tenant_c, tenant_empty CASCADE;
DROP SCHEMA tenant_a, tenant_b, tenant_bad CASCADE;
SELECT count(*) AS schemas FROM pg_dist_schema;
SELECT count(*) AS groups FROM pg_dist_colocation c
WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.colocationid = c.colocationid);
SELECT success, result FROM run_command_on_workers(
    $$SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'tenant%'$$);

-- Two single-shard tables with a foreign key, distributed by one statement outside a
-- transaction block: the referencing shard is made on the connection that made the other.
CREATE TABLE ds_one (id int PRIMARY KEY);
CREATE TABLE ds_two (id int REFERENCES ds_one);
INSERT INTO ds_one VALUES (1);
INSERT INTO ds_two VALUES (1);
SELECT create_distributed_table('ds_one', NULL),
       create_distributed_table('ds_two', NULL, colocate_with => 'ds_one');
SELECT count(*) FROM ds_one JOIN ds_two USING (id);
DROP TABLE ds_two, ds_one;

DROP SCHEMA ds_regular;
DROP TABLE ds_plans, ds_parent, ds_local, ds_outer;
DROP FUNCTION ds_trigger();
DROP ROLE ds_other;
DROP VIEW ds_tables;
DROP FUNCTION ds_explain(text);
