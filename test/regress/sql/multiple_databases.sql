-- One cluster of servers serves many databases: each database has its own pg_dist_node, and
-- connections to workers open the database of the coordinator session.
\set regress_db :DBNAME
SELECT current_database() AS regress_db;

-- CREATE DATABASE refuses transaction blocks; run_command_on_workers runs it outside ours.
CREATE DATABASE tessera_db2;
SELECT success, result FROM run_command_on_workers('create database tessera_db2');
SELECT success, result FROM run_command_on_workers('select count(*) from pg_database where datname = ''tessera_db2''');

\c tessera_db2
SELECT current_database();
SET client_min_messages = warning;
CREATE EXTENSION tessera;
RESET client_min_messages;
-- A new database starts with no nodes.
SELECT count(*) FROM pg_dist_node;
SELECT count(*) FROM citus_get_active_worker_nodes();
SELECT count(*) FROM run_command_on_workers('select 1');
-- The workers' tessera_db2 has no extension yet: citus_add_node creates it there.
\c - - - :worker_1_port
SELECT current_database(), count(*) AS tessera_installed FROM pg_extension WHERE extname = 'tessera';
\c - - - :coordinator_port
SELECT citus_add_node('127.0.0.1', :worker_1_port) AS nodeid;
SELECT nodeid, groupid, nodename, nodeport = :worker_1_port AS is_worker_1 FROM pg_dist_node;
SELECT nodeport = :worker_1_port AS is_worker_1, success, result
  FROM run_command_on_workers('select current_database()');
SELECT success, result
  FROM run_command_on_workers('select extversion is not null from pg_extension where extname = ''tessera''');
-- The worker's own pg_dist_node in this database is its own (empty) one.
SELECT success, result FROM run_command_on_workers('select count(*) from pg_dist_node');

-- Back in the first database: still both workers, connections to the first database.
\c :regress_db
SELECT current_database() = :'regress_db' AS back_in_regress_db;
SELECT count(*) FROM pg_dist_node;
SELECT success, result = :'regress_db' AS same_database
  FROM run_command_on_workers('select current_database()');

-- Clean up on every node (FORCE: the worker sessions of tessera_db2 may still be closing).
DROP DATABASE tessera_db2 WITH (FORCE);
SELECT success, result FROM run_command_on_workers('drop database tessera_db2 with (force)');
