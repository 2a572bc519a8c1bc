-- Bad input: each a clear error that changes nothing.
SET client_min_messages TO warning;
CREATE TABLE plain (id int PRIMARY KEY, email text UNIQUE, pos point, val int);
INSERT INTO plain VALUES (1, 'a@example.com', '(1,1)', 1);
SELECT create_distributed_table('no_such_table', 'id');
SELECT create_distributed_table('plain', 'no_such_column');
SELECT create_distributed_table('plain', 'ctid');
-- (Without a distribution column the table would get one shard: no shard_count then.)
SELECT create_distributed_table('plain', NULL, shard_count => 4);
SELECT create_distributed_table('plain', 'pos');
SELECT create_distributed_table('plain', 'id', shard_count => 0);
SELECT create_distributed_table('plain', 'id', shard_count => 64001);
SELECT create_distributed_table('plain', 'id', 'range');
SELECT create_distributed_table('plain', 'id', 'modulo');
-- A unique constraint or index must contain the distribution column.
SELECT create_distributed_table('plain', 'id');
SELECT create_distributed_table('plain', 'email');
ALTER TABLE plain DROP CONSTRAINT plain_email_key;
CREATE UNIQUE INDEX plain_val_idx ON plain (val);
SELECT create_distributed_table('plain', 'id');
DROP INDEX plain_val_idx;
-- Rows with NULL in the distribution column.
INSERT INTO plain VALUES (2, NULL, NULL, NULL);
ALTER TABLE plain DROP CONSTRAINT plain_pkey;
SELECT create_distributed_table('plain', 'val');
-- Nothing was created anywhere.
SELECT count(*) AS metadata FROM pg_dist_partition WHERE logicalrelid = 'plain'::regclass;
SELECT count(*) AS local_rows FROM plain;
SELECT result AS plain_shards_on_workers
FROM run_command_on_workers($$SELECT count(*) FROM pg_tables WHERE tablename LIKE 'plain\_%'$$);

-- Already distributed.
SELECT create_distributed_table('plain', 'id');
SELECT create_distributed_table('plain', 'id');
SELECT create_reference_table('plain');

-- Not regular tables.
CREATE VIEW plain_view AS SELECT 1 AS id;
SELECT create_distributed_table('plain_view', 'id');
CREATE MATERIALIZED VIEW plain_matview AS SELECT 1 AS id;
SELECT create_distributed_table('plain_matview', 'id');
CREATE FOREIGN DATA WRAPPER dummy_fdw;
CREATE SERVER dummy_server FOREIGN DATA WRAPPER dummy_fdw;
CREATE FOREIGN TABLE plain_foreign (id int) SERVER dummy_server;
SELECT create_distributed_table('plain_foreign', 'id');
SELECT create_reference_table('plain_foreign');
CREATE SEQUENCE plain_seq;
SELECT create_distributed_table('plain_seq', 'last_value');
CREATE TEMP TABLE plain_temp (id int);
SELECT create_distributed_table('plain_temp', 'id');
CREATE TABLE parted (id int) PARTITION BY RANGE (id);
CREATE TABLE parted_1 PARTITION OF parted FOR VALUES FROM (0) TO (10);
SELECT create_reference_table('parted');
SELECT create_distributed_table('parted_1', 'id');
CREATE TABLE parent (id int);
CREATE TABLE child () INHERITS (parent);
SELECT create_distributed_table('parent', 'id');
SELECT create_distributed_table('child', 'id');
-- Foreign keys (more in distribute_foreign_keys): the referenced table must be distributed first,
-- and a reference table cannot reference a distributed table.
CREATE TABLE referenced (id int PRIMARY KEY);
CREATE TABLE referencing (id int REFERENCES referenced (id));
SELECT create_distributed_table('referencing', 'id');
SELECT create_distributed_table('referenced', 'id');
SELECT create_reference_table('referencing');

-- A type the workers do not have (a local table's row type is not created there).
CREATE TABLE coordinator_only (a int, b int);
CREATE TABLE uses_type (id int, c coordinator_only);
-- (the message names the worker, whose port varies: print it without the port)
DO $$
DECLARE detail text; hint text;
BEGIN
    PERFORM create_distributed_table('uses_type', 'id');
EXCEPTION WHEN undefined_object THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
    RAISE WARNING 'ERROR: %', regexp_replace(SQLERRM, ':[0-9]+$', ':<port>');
    RAISE WARNING 'DETAIL: %', detail;
    RAISE WARNING 'HINT: %', hint;
END $$;

-- Someone else's table.
CREATE ROLE tessera_other_user;
GRANT ALL ON SCHEMA public TO tessera_other_user;
CREATE TABLE owned_by_postgres (id int);
SET ROLE tessera_other_user;
SELECT create_distributed_table('owned_by_postgres', 'id');
SELECT create_reference_table('owned_by_postgres');
SELECT undistribute_table('owned_by_postgres');
RESET ROLE;

-- No active workers that may hold shards.
UPDATE pg_dist_node SET shouldhaveshards = false;
SELECT create_distributed_table('owned_by_postgres', 'id', colocate_with => 'none');
UPDATE pg_dist_node SET shouldhaveshards = true;
UPDATE pg_dist_node SET isactive = false;
SELECT create_reference_table('owned_by_postgres');
UPDATE pg_dist_node SET isactive = true;
SELECT count(*) AS metadata FROM pg_dist_partition
WHERE logicalrelid = 'owned_by_postgres'::regclass;

-- Not distributed.
SELECT undistribute_table('owned_by_postgres');

-- A table with triggers, tessera.enable_unsafe_triggers being off (distribute_triggers: on).
CREATE TABLE with_trigger (id int PRIMARY KEY, v text);
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.v := 'stamped'; RETURN NEW; END$$;
CREATE TRIGGER stamp BEFORE INSERT ON with_trigger FOR EACH ROW EXECUTE FUNCTION stamp();
SELECT create_distributed_table('with_trigger', 'id');
SELECT create_reference_table('with_trigger');
DROP TRIGGER stamp ON with_trigger;
SELECT create_distributed_table('with_trigger', 'id');
DROP TABLE with_trigger;
DROP FUNCTION stamp();

SELECT count(*) AS distributed_tables FROM pg_dist_partition;
DROP FOREIGN TABLE plain_foreign;
DROP TABLE plain, parted, parent, child, referencing, referenced, uses_type,
           owned_by_postgres;
DROP VIEW plain_view;
DROP MATERIALIZED VIEW plain_matview;
DROP SEQUENCE plain_seq;
DROP SERVER dummy_server;
DROP FOREIGN DATA WRAPPER dummy_fdw;
DROP TABLE coordinator_only;
REVOKE ALL ON SCHEMA public FROM tessera_other_user;
DROP ROLE tessera_other_user;
