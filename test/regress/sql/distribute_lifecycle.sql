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

-- DROP EXTENSION is refused while distributed tables exist.
DROP EXTENSION tessera;
DROP TABLE atomic;
SELECT count(*) AS distributed_tables FROM pg_dist_partition;
SELECT count(*) AS colocation_groups FROM pg_dist_colocation;
