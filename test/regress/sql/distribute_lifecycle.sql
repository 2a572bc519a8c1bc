-- DROP, DROP SCHEMA CASCADE, DROP EXTENSION, undistribute_table and atomicity.
SET client_min_messages TO warning;

-- undistribute_table brings the rows back, unchanged (the table from distribute_basics).
SELECT undistribute_table('payments');
SELECT count(*) AS metadata FROM pg_dist_partition WHERE logicalrelid = 'payments'::regclass;
SELECT d.count = x.count AS same_count, d.digest = x.digest AS same_rows
FROM payments_digest d,
     (SELECT md5(string_agg(p::text, '|' ORDER BY payment_id)) AS digest, count(*)
      FROM payments p) x;
SELECT result AS payments_shards_on_workers
FROM run_command_on_workers($$SELECT count(*) FROM pg_tables WHERE tablename LIKE 'payments\_%'$$);
DROP TABLE payments, payments_digest;

-- DROP TABLE drops the shards on the workers and the metadata.
CREATE TABLE dropme (id int);
INSERT INTO dropme SELECT generate_series(1, 100);
SELECT create_distributed_table('dropme', 'id', shard_count => 4);
SELECT result AS dropme_shards_on_workers
FROM run_command_on_workers($$SELECT count(*) FROM pg_tables WHERE tablename LIKE 'dropme\_%'$$);
-- A rolled-back DROP changes nothing.
BEGIN;
DROP TABLE dropme;
ROLLBACK;
SELECT count(*) AS shards FROM pg_dist_shard WHERE logicalrelid = 'dropme'::regclass;
SELECT result AS dropme_shards_on_workers
FROM run_command_on_workers($$SELECT count(*) FROM pg_tables WHERE tablename LIKE 'dropme\_%'$$);
DROP TABLE dropme;
SELECT count(*) AS metadata_rows FROM pg_dist_partition p FULL JOIN pg_dist_shard s USING (logicalrelid)
WHERE p.logicalrelid::text = 'dropme' OR s.logicalrelid::text = 'dropme';
SELECT result AS dropme_shards_on_workers
FROM run_command_on_workers($$SELECT count(*) FROM pg_tables WHERE tablename LIKE 'dropme\_%'$$);

-- DROP SCHEMA ... CASCADE, with a distributed and a reference table in it.
CREATE SCHEMA "Sales";
CREATE TABLE "Sales"."Orders" (id int);
CREATE TABLE "Sales".regions (id int);
SELECT success, result FROM run_command_on_workers($$CREATE SCHEMA "Sales"$$);
SELECT create_distributed_table('"Sales"."Orders"', 'id', shard_count => 2);
SELECT create_reference_table('"Sales".regions');
SELECT shard_name('"Sales"."Orders"', min(shardid)) LIKE '"Sales"."Orders_%"' AS quoted_name
FROM pg_dist_shard WHERE logicalrelid = '"Sales"."Orders"'::regclass;
SELECT result AS sales_tables_on_workers
FROM run_command_on_workers($$SELECT count(*) FROM pg_tables WHERE schemaname = 'Sales'$$);
-- A renamed schema is renamed on the workers too, and the tables in it keep working.
INSERT INTO "Sales"."Orders" VALUES (1), (2), (3);
ALTER SCHEMA "Sales" RENAME TO "Sales 2";
SELECT count(*) FROM "Sales 2"."Orders";
SELECT result AS renamed_schemas_on_workers
FROM run_command_on_workers($$SELECT count(*) FROM pg_namespace WHERE nspname = 'Sales 2'$$);
ALTER SCHEMA "Sales 2" RENAME TO "Sales";
-- A DROP rolled back leaves the schema on the workers; a DROP committed removes it there.
BEGIN;
DROP SCHEMA "Sales" CASCADE;
ROLLBACK;
SELECT count(*) FROM "Sales"."Orders";
DROP SCHEMA "Sales" CASCADE;
SELECT count(*) AS distributed_tables FROM pg_dist_partition;
SELECT result AS sales_tables_on_workers
FROM run_command_on_workers($$SELECT count(*) FROM pg_tables WHERE schemaname = 'Sales'$$);
SELECT result AS sales_schemas_on_workers
FROM run_command_on_workers($$SELECT count(*) FROM pg_namespace WHERE nspname = 'Sales'$$);

-- Atomicity: a worker that cannot create one of the shards (a table of that name is already
-- there) makes the whole call fail, and nothing remains anywhere.
CREATE TABLE atomic (id int, v text);
INSERT INTO atomic SELECT g, 'v' || g FROM generate_series(1, 1000) g;
ALTER SEQUENCE pg_dist_shardid_seq RESTART 300000;
SELECT 300001 AS conflicting_id \gset
\c - - - :worker_2_port
CREATE TABLE atomic_:conflicting_id (note text);
\c - - - :coordinator_port
SET client_min_messages TO warning;
-- shards 300000 .. 300003 alternate worker 1, worker 2, ...: the second
-- shard goes to worker 2 and collides.
\set VERBOSITY terse
SELECT create_distributed_table('atomic', 'id', shard_count => 4);
\set VERBOSITY default
SELECT count(*) AS metadata FROM pg_dist_partition WHERE logicalrelid = 'atomic'::regclass;
SELECT count(*) AS shards FROM pg_dist_shard WHERE logicalrelid = 'atomic'::regclass;
SELECT count(*) AS local_rows FROM atomic;
-- Worker 1 has no shard of it; worker 2 only the conflicting table, unchanged (one column).
SELECT result AS atomic_tables_on_workers
FROM run_command_on_workers($$SELECT count(*) || ' table(s), ' || coalesce(sum((SELECT count(*) FROM pg_attribute WHERE attrelid = ('public.' || tablename)::regclass AND attnum > 0)), 0) || ' column(s)' FROM pg_tables WHERE tablename LIKE 'atomic\_%'$$);
-- Once the conflict is gone, it works.
\c - - - :worker_2_port
DROP TABLE atomic_:conflicting_id;
\c - - - :coordinator_port
SET client_min_messages TO warning;
SELECT create_distributed_table('atomic', 'id', shard_count => 4);
SELECT count(*) AS shards FROM pg_dist_shard WHERE logicalrelid = 'atomic'::regclass;
-- Inside a transaction block the distribution rolls back with it.
CREATE TABLE in_xact (id int);
BEGIN;
SELECT create_distributed_table('in_xact', 'id', shard_count => 2);
ROLLBACK;
SELECT count(*) AS metadata FROM pg_dist_partition WHERE logicalrelid = 'in_xact'::regclass;
SELECT result AS in_xact_shards_on_workers
FROM run_command_on_workers($$SELECT count(*) FROM pg_tables WHERE tablename LIKE 'in\_xact\_%'$$);
DROP TABLE in_xact;

-- A migration in one transaction that drops a schema holding distributed tables and makes it,
-- its types and tables again: the workers' objects follow the transaction (no "schema does not
-- exist" from the shards, no wait on the transaction's own locks when a type changed).
SET statement_timeout = '30s';
CREATE SCHEMA mig;
CREATE TYPE mig.mood AS ENUM ('low', 'high');
CREATE TABLE mig.items (id int PRIMARY KEY, mood mig.mood);
SELECT create_distributed_table('mig.items', 'id', shard_count => 2);
INSERT INTO mig.items VALUES (1, 'low');
BEGIN;
DROP SCHEMA mig CASCADE;
CREATE SCHEMA mig;
CREATE TYPE mig.mood AS ENUM ('sad', 'ok', 'glad');
CREATE TABLE mig.items (id int PRIMARY KEY, mood mig.mood, note text);
SELECT create_distributed_table('mig.items', 'id', shard_count => 2);
INSERT INTO mig.items SELECT g, (ARRAY['sad', 'ok', 'glad'])[g % 3 + 1]::mig.mood, 'n' || g FROM generate_series(1, 9) g;
SELECT mood, count(*) FROM mig.items GROUP BY mood ORDER BY mood;
SELECT * FROM mig.items WHERE id = 4;
COMMIT;
SELECT mood, count(*) FROM mig.items GROUP BY mood ORDER BY mood;
-- The same with DROP TYPE and savepoints; the rolled back step leaves nothing behind.
BEGIN;
DROP TABLE mig.items;
DROP TYPE mig.mood;
CREATE TYPE mig.mood AS ENUM ('x', 'y');
SAVEPOINT step;
CREATE TABLE mig.items (id int PRIMARY KEY, mood mig.mood);
SELECT create_distributed_table('mig.items', 'id', shard_count => 2);
INSERT INTO mig.items VALUES (1, 'y'), (2, 'x');
SELECT * FROM mig.items ORDER BY mood;
ROLLBACK TO SAVEPOINT step;
SELECT to_regclass('mig.items') AS items_after_savepoint_rollback;
COMMIT;
SELECT result AS mig_items_shards_on_workers
FROM run_command_on_workers($$SELECT count(*) FROM pg_tables WHERE tablename LIKE 'items\_%' AND schemaname = 'mig'$$);
DROP SCHEMA mig CASCADE;
-- A rolled back migration leaves no domain on the workers: made again with another constraint,
-- the shards follow the new one.
BEGIN;
CREATE DOMAIN mig_level AS int CHECK (VALUE > 0);
CREATE TABLE mig_levels (id int PRIMARY KEY, level mig_level);
SELECT create_distributed_table('mig_levels', 'id', shard_count => 2);
INSERT INTO mig_levels VALUES (1, 1);
ROLLBACK;
SELECT result AS mig_level_on_workers
FROM run_command_on_workers($$SELECT count(*) FROM pg_type WHERE typname = 'mig_level'$$);
CREATE DOMAIN mig_level AS int CHECK (VALUE < 0);
CREATE TABLE mig_levels (id int PRIMARY KEY, level mig_level);
SELECT create_distributed_table('mig_levels', 'id', shard_count => 2);
INSERT INTO mig_levels VALUES (1, -1), (2, -2);
SELECT * FROM mig_levels ORDER BY id;
DROP TABLE mig_levels;
DROP DOMAIN mig_level;
-- ALTER TABLE to a type made again in the transaction.
CREATE TYPE mig_kind AS ENUM ('a', 'b');
CREATE TABLE mig_kinds (id int PRIMARY KEY, kind mig_kind DEFAULT 'a');
SELECT create_distributed_table('mig_kinds', 'id', shard_count => 2);
INSERT INTO mig_kinds SELECT g FROM generate_series(1, 4) g;
BEGIN;
ALTER TABLE mig_kinds DROP COLUMN kind;
DROP TYPE mig_kind;
CREATE TYPE mig_kind AS ENUM ('q', 'r');
ALTER TABLE mig_kinds ADD COLUMN kind mig_kind DEFAULT 'r';
UPDATE mig_kinds SET kind = 'q' WHERE id = 1;
SELECT kind, count(*) FROM mig_kinds GROUP BY kind ORDER BY kind;
COMMIT;
SELECT kind, count(*) FROM mig_kinds GROUP BY kind ORDER BY kind;
DROP TABLE mig_kinds;
DROP TYPE mig_kind;
RESET statement_timeout;

-- DROP EXTENSION is refused while distributed tables exist.
DROP EXTENSION tessera;
DROP TABLE atomic;
SELECT count(*) AS distributed_tables FROM pg_dist_partition;
SELECT count(*) AS colocation_groups FROM pg_dist_colocation;
