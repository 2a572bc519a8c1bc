-- Citus-named settings: each citus.* name Tessera honours is another name of a tessera.*
-- setting (one value, whichever name sets, shows or resets it); the citus prefix is reserved,
-- so a misspelled name is an error; Citus settings Tessera cannot honour are refused.
ALTER SEQUENCE pg_dist_shardid_seq RESTART 530000;
CREATE FUNCTION explain_text(query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        RETURN NEXT regexp_replace(line, 'port=[0-9]+', 'port=N');
    END LOOP;
END
$$;

-- Defaults, under both names.
SELECT name, setting, unit, vartype, context FROM pg_settings
 WHERE name IN ('citus.shard_count', 'citus.shard_replication_factor',
                'citus.max_adaptive_executor_pool_size', 'citus.executor_slow_start_interval',
                'citus.max_shared_pool_size', 'citus.max_cached_conns_per_worker',
                'citus.node_conninfo', 'citus.multi_shard_modify_mode',
                'citus.enable_repartition_joins', 'citus.explain_all_tasks',
                'citus.log_remote_commands', 'citus.recover_2pc_interval',
                'citus.node_connection_timeout')
 ORDER BY name;
SELECT c.name, c.setting = t.setting AS same_as_tessera
  FROM pg_settings c JOIN pg_settings t ON t.name = 'tessera.' || substr(c.name, 7)
 WHERE c.name LIKE 'citus.%' ORDER BY 1;

-- citus.shard_count: new tables get that many shards; SHOW agrees under both names.
SET citus.shard_count = 6;
SHOW citus.shard_count;
SHOW tessera.shard_count;
CREATE TABLE six (id int PRIMARY KEY, v int);
SELECT create_distributed_table('six', 'id');
SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = 'six'::regclass;
-- SET LOCAL under either name is undone by the rollback, whatever the other name did.
BEGIN;
SET LOCAL tessera.shard_count = 3;
SHOW citus.shard_count;
SET LOCAL citus.shard_count = 5;
SHOW tessera.shard_count;
CREATE TABLE five (id int);
SELECT create_distributed_table('five', 'id');
SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = 'five'::regclass;
ROLLBACK;
SHOW citus.shard_count;
SHOW tessera.shard_count;
-- A savepoint rolled back undoes only its SET.
BEGIN;
SET LOCAL citus.shard_count = 7;
SAVEPOINT s;
SET LOCAL tessera.shard_count = 9;
ROLLBACK TO SAVEPOINT s;
SHOW tessera.shard_count;
COMMIT;
SHOW citus.shard_count;
-- RESET under either name restores the default for both.
SET tessera.shard_count = 12;
RESET citus.shard_count;
SHOW tessera.shard_count;
SET citus.shard_count = 12;
RESET tessera.shard_count;
SHOW citus.shard_count;
SET citus.shard_count = 2;
RESET ALL;
SHOW tessera.shard_count;
-- set_config and current_setting know the citus name too.
SELECT set_config('citus.shard_count', '4', false), current_setting('tessera.shard_count');
SET citus.shard_count TO DEFAULT;
SHOW tessera.shard_count;
SET citus.shard_count = 0;
SET tessera.shard_count = 64001;

-- A default configured under the citus name (here for the database) is what RESET restores,
-- under either name.
ALTER DATABASE regression SET citus.shard_count = 16;
\c
SHOW tessera.shard_count;
SET tessera.shard_count = 3;
RESET tessera.shard_count;
SHOW citus.shard_count;
SET citus.shard_count = 3;
RESET ALL;
SHOW tessera.shard_count;
ALTER DATABASE regression RESET citus.shard_count;
\c
SHOW citus.shard_count;

-- The other settings Tessera has under both names.
SET citus.max_adaptive_executor_pool_size = 4;
SHOW tessera.max_adaptive_executor_pool_size;
SET citus.executor_slow_start_interval = '20ms';
SHOW tessera.executor_slow_start_interval;
SET citus.max_cached_conns_per_worker = 2;
SHOW tessera.max_cached_conns_per_worker;
RESET citus.max_adaptive_executor_pool_size;
RESET citus.executor_slow_start_interval;
RESET tessera.max_cached_conns_per_worker;
SHOW citus.max_adaptive_executor_pool_size;
SHOW citus.executor_slow_start_interval;
SHOW citus.max_cached_conns_per_worker;
-- Server-wide settings: set in postgresql.conf (either name), not per session.
SET citus.max_shared_pool_size = 10;
SET citus.node_conninfo = 'sslmode=disable';
SET citus.recover_2pc_interval = '1min';
SHOW citus.node_conninfo;
SHOW tessera.node_conninfo;

-- citus.node_connection_timeout: how long a new connection to a node may take (ms; 0, the
-- default, leaves it to connect_timeout of the node_conninfo), per session.
SET citus.node_connection_timeout = '2s';
SHOW tessera.node_connection_timeout;
SELECT count(*) FROM six;
SET tessera.node_connection_timeout = 500;
SHOW citus.node_connection_timeout;
SET citus.node_connection_timeout = -1;
RESET citus.node_connection_timeout;
SHOW tessera.node_connection_timeout;

-- citus.multi_shard_modify_mode: parallel or sequential (one connection per node).
SHOW citus.multi_shard_modify_mode;
SET citus.multi_shard_modify_mode TO sequential;
SHOW tessera.multi_shard_modify_mode;
INSERT INTO six SELECT g, g FROM generate_series(1, 60) g;
UPDATE six SET v = v + 1;
SELECT count(*), sum(v) FROM six;
BEGIN;
SET LOCAL citus.multi_shard_modify_mode TO parallel;
SHOW tessera.multi_shard_modify_mode;
ROLLBACK;
SHOW citus.multi_shard_modify_mode;
SET citus.multi_shard_modify_mode TO 'serial';
RESET citus.multi_shard_modify_mode;

-- citus.enable_repartition_joins: accepted; joins not on the distribution column run anyway
-- (the shards are read and joined on the coordinator).
SET citus.enable_repartition_joins TO on;
SELECT count(*) FROM six a JOIN six b ON a.v = b.id;
RESET citus.enable_repartition_joins;
SELECT count(*) FROM six a JOIN six b ON a.v = b.id;

-- citus.shard_replication_factor: Tessera keeps one placement per shard.
SHOW citus.shard_replication_factor;
SET citus.shard_replication_factor = 1;
SET citus.shard_replication_factor = 2;
BEGIN;
SET LOCAL citus.shard_replication_factor = 3;
ROLLBACK;
SHOW citus.shard_replication_factor;

-- citus.explain_all_tasks: EXPLAIN shows every task, not one of them.
SELECT explain_text('SELECT * FROM six WHERE v > 10');
SET citus.explain_all_tasks = on;
SHOW tessera.explain_all_tasks;
SELECT explain_text('SELECT * FROM six WHERE v > 10');
SELECT explain_text('SELECT * FROM six WHERE id = 3');
EXPLAIN (COSTS OFF, VERBOSE) UPDATE six SET v = 0 WHERE v < 0;
BEGIN;
SET LOCAL tessera.explain_all_tasks = off;
SELECT explain_text('SELECT * FROM six WHERE v > 10');
ROLLBACK;
SHOW citus.explain_all_tasks;
RESET citus.explain_all_tasks;

-- citus.log_remote_commands: every command sent to a node, at NOTICE (the node is in the
-- DETAIL, not shown here: ports vary). The connections are warmed up first, so that what is
-- logged does not depend on the session settings they were opened with.
CREATE TABLE two (id int PRIMARY KEY, v int);
SELECT create_distributed_table('two', 'id', shard_count => 2);
INSERT INTO two VALUES (1, 1);
SELECT count(*) FROM two;
\set VERBOSITY terse
SET citus.log_remote_commands = on;
SHOW tessera.log_remote_commands;
SELECT count(*) FROM two;
UPDATE two SET v = 2 WHERE id = 1;
BEGIN;
SELECT v FROM two WHERE id = 1;
ROLLBACK;
SET tessera.log_remote_commands = off;
SELECT count(*) FROM two;
BEGIN;
SET LOCAL citus.log_remote_commands = on;
ROLLBACK;
SELECT count(*) FROM two;
\set VERBOSITY default

-- Configured in postgresql.conf (here ALTER SYSTEM) under the citus name: in effect under both
-- names, and what RESET of either name restores.
ALTER SYSTEM SET citus.shard_count = 48;
ALTER SYSTEM SET citus.node_conninfo = 'application_name=citus_named connect_timeout=5';
SELECT pg_reload_conf();
SELECT pg_sleep(1); -- the reload reaches this backend before its next statement
SHOW tessera.shard_count;
SET tessera.shard_count = 3;
RESET tessera.shard_count;
SHOW citus.shard_count;
-- A non-empty citus.node_conninfo is the one connections use, shown under both names.
SHOW citus.node_conninfo;
SHOW tessera.node_conninfo;
-- (the default name is tessera:<pid>:<start>: the coordinator backend, for deadlock detection)
SELECT DISTINCT regexp_replace(result, ':[0-9]+:[0-9]+$', ':<pid>:<start>') AS result
  FROM run_command_on_workers('show application_name');
-- Refused values are refused under the citus name as well.
ALTER SYSTEM SET citus.node_conninfo = 'host=elsewhere';
ALTER SYSTEM SET citus.shard_replication_factor = 2;
ALTER SYSTEM RESET citus.shard_count;
ALTER SYSTEM RESET citus.node_conninfo;
SELECT pg_reload_conf();
SELECT pg_sleep(1);
SHOW tessera.shard_count;
SHOW citus.node_conninfo;
-- (the default name is tessera:<pid>:<start>: the coordinator backend, for deadlock detection)
SELECT DISTINCT regexp_replace(result, ':[0-9]+:[0-9]+$', ':<pid>:<start>') AS result
  FROM run_command_on_workers('show application_name');

-- The citus prefix is reserved: a misspelled name is an error, not a new variable.
SET citus.shard_cont = 4;
SHOW citus.shard_cont;
SELECT set_config('citus.shard_cont', '4', false);
SET tessera.shard_cont = 4;
-- Citus settings Tessera cannot honour are refused, naming the setting.
SET citus.enable_ddl_propagation TO off;
SET LOCAL citus.task_assignment_policy = 'round-robin';
SET citus.use_secondary_nodes = 'always';

DROP TABLE six, two;
DROP FUNCTION explain_text(text);
