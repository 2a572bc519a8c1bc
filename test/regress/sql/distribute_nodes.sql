-- Reference tables follow the node list: a removed worker loses its copy, an added one gets it;
-- and a table distributed and dropped in one transaction leaves nothing behind.
CREATE TABLE currencies (code text PRIMARY KEY, name text);
INSERT INTO currencies VALUES ('EUR', 'euro'), ('USD', 'dollar'), ('JPY', 'yen');
SELECT create_reference_table('currencies');

-- Removing worker 2: its copy is dropped there, the table stays readable from worker 1.
SELECT citus_remove_node('127.0.0.1', :worker_2_port);
SELECT count(*) AS placements FROM pg_dist_placement p JOIN pg_dist_shard s USING (shardid)
 WHERE s.logicalrelid = 'currencies'::regclass;
SELECT count(*) FROM currencies;
\c - - - :worker_2_port
SELECT count(*) AS copies_left FROM pg_tables WHERE tablename LIKE 'currencies\_%';
\c - - - :coordinator_port

-- Adding it back copies the table there, in the same transaction as the node row.
BEGIN;
SELECT citus_add_node('127.0.0.1', :worker_2_port) > 0 AS added;
ROLLBACK;
SELECT count(*) AS nodes FROM pg_dist_node;
\c - - - :worker_2_port
SELECT count(*) AS copies_after_rollback FROM pg_tables WHERE tablename LIKE 'currencies\_%';
\c - - - :coordinator_port
-- A role made while worker 2 was away, with a grant on the reference table: the worker gets
-- the role (attributes, membership) before the table's copy, which carries the grant.
CREATE ROLE tessera_test_latecomer LOGIN CONNECTION LIMIT 3;
CREATE ROLE tessera_test_readers;
GRANT tessera_test_readers TO tessera_test_latecomer;
GRANT SELECT ON currencies TO tessera_test_readers;
-- Its settings (ALTER ROLE ... SET, also IN DATABASE) follow it to the node.
ALTER ROLE tessera_test_latecomer SET work_mem = '3MB';
ALTER ROLE tessera_test_latecomer SET search_path = "$user", public, 'odd, schema';
ALTER ROLE tessera_test_latecomer IN DATABASE regression SET statement_timeout = '7s';
ALTER ROLE tessera_test_readers SET application_name = 'it''s readers';
SELECT citus_add_node('127.0.0.1', :worker_2_port) > 0 AS added;
\c - - - :worker_2_port
SELECT rolname, rolcanlogin, rolconnlimit FROM pg_roles WHERE rolname LIKE 'tessera_test_%' ORDER BY 1;
SELECT r.rolname, s.setdatabase <> 0 AS in_database, s.setconfig
FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole
WHERE r.rolname LIKE 'tessera_test_%' ORDER BY 1, 2;
SELECT pg_has_role('tessera_test_latecomer', 'tessera_test_readers', 'member') AS member;
SELECT bool_and(has_table_privilege('tessera_test_readers', c.oid, 'SELECT')) AS copy_granted
FROM pg_class c WHERE c.relname LIKE 'currencies\_%' AND c.relkind = 'r';
\c - - - :coordinator_port
SET ROLE tessera_test_latecomer;
SELECT count(*) FROM currencies;
RESET ROLE;
SELECT count(*) AS placements FROM pg_dist_placement p JOIN pg_dist_shard s USING (shardid)
 WHERE s.logicalrelid = 'currencies'::regclass;
\c - - - :worker_2_port
SELECT count(*) AS copies FROM pg_tables WHERE tablename LIKE 'currencies\_%';
\c - - - :coordinator_port
SELECT * FROM currencies ORDER BY code;

-- Distribute, write, read and drop inside one transaction block.
BEGIN;
CREATE TABLE scratch (id int PRIMARY KEY, v int);
SELECT create_distributed_table('scratch', 'id');
INSERT INTO scratch SELECT g, g FROM generate_series(1, 100) g;
SELECT count(*), sum(v) FROM scratch;
DROP TABLE scratch;
COMMIT;
SELECT count(*) AS scratch_metadata FROM pg_dist_partition WHERE logicalrelid::text = 'scratch';
SELECT result AS scratch_shards_left FROM run_command_on_workers(
    $$SELECT count(*) FROM pg_tables WHERE tablename LIKE 'scratch\_%'$$);

DROP TABLE currencies;
DROP ROLE tessera_test_latecomer, tessera_test_readers;
