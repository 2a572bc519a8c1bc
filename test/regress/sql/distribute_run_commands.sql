-- run_command_on_shards, run_command_on_placements and run_command_on_colocated_placements: a
-- command per shard, placement or pair of colocated placements, with the shard names put in
-- through format() placeholders; run outside the caller's transaction, one row each.
ALTER SEQUENCE pg_dist_shardid_seq RESTART 420000;
CREATE SCHEMA rc;
SET search_path TO rc, public;
CREATE TABLE items (id int PRIMARY KEY, name text);
SELECT create_distributed_table('items', 'id', shard_count := 4);
CREATE TABLE item_notes (id int, note text);
SELECT create_distributed_table('item_notes', 'id', colocate_with := 'items');
CREATE TABLE other (id int);
SELECT create_distributed_table('other', 'id', colocate_with := 'none', shard_count := 2);
CREATE TABLE kinds (kind text);
SELECT create_reference_table('kinds');
INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 20) g;
INSERT INTO item_notes SELECT g, 'note' FROM generate_series(1, 20, 2) g;
INSERT INTO kinds VALUES ('a'), ('b');

-- One row per shard, in shard id order; %s is the shard's schema-qualified name. The counts add
-- up to the table's rows.
SELECT * FROM run_command_on_shards('items', 'SELECT count(*) FROM %s');
SELECT sum(result::int) AS total FROM run_command_on_shards('items', 'SELECT count(*) FROM %s');
SELECT shardid, success, result
  FROM run_command_on_shards('items', $$SELECT %L || ' ' || count(*) FROM %1$s$$, false);
-- Each shard's command runs on the node that holds it.
SELECT s.shardid, r.result::int = n.nodeport AS ran_on_its_node
  FROM run_command_on_shards('items', $$SELECT current_setting('port')$$) r
  JOIN pg_dist_shard s USING (shardid)
  JOIN pg_dist_placement p USING (shardid)
  JOIN pg_dist_node n USING (groupid)
 ORDER BY 1;
-- A reference table has one shard: one row.
SELECT shardid, success, result FROM run_command_on_shards('kinds', 'SELECT count(*) FROM %s');

-- Failures are rows, not errors: every shard reports its own.
SELECT shardid, success, result FROM run_command_on_shards('items', 'SELECT 1/0');
SELECT shardid, success, result FROM run_command_on_shards('items', 'SELECT * FROM %s');
SELECT shardid, success, result
  FROM run_command_on_shards('items', 'SELECT 10 / (count(*) - 6) FROM %s');

-- Writes commit on each shard at once, even if the caller rolls back.
BEGIN;
SELECT shardid, success, result
  FROM run_command_on_shards('items', $$UPDATE %s SET name = upper(name) WHERE id <= 2$$);
ROLLBACK;
SELECT id, name FROM items WHERE id <= 3 ORDER BY id;
-- A command waiting for a lock that the caller's own transaction holds waits until cancelled;
-- the cancel reaches it before the rollback releases the lock, so it never runs afterwards.
BEGIN;
UPDATE items SET name = 'locked' WHERE id = 3;
SET LOCAL statement_timeout = '1s';
SELECT * FROM run_command_on_shards('items', $$UPDATE %s SET name = 'late' WHERE id = 3$$);
ROLLBACK;
SELECT id, name FROM items WHERE id = 3;
SELECT pg_sleep(0.5);
SELECT id, name FROM items WHERE id = 3;

-- Placements: every copy of every shard, with its node.
SELECT nodeport = :worker_1_port AS on_worker_1, shardid, success, result
  FROM run_command_on_placements('kinds', 'SELECT count(*) FROM %s');
SELECT count(*), bool_and(success), sum(result::int)
  FROM run_command_on_placements('items', 'SELECT count(*) FROM %s', parallel := false);
SELECT shardid, result::int = nodeport AS ran_on_its_node
  FROM run_command_on_placements('items', $$SELECT current_setting('port')$$);

-- Colocated placements: the two tables' shards of one hash range, on the node holding both.
SELECT shardid1, shardid2, success, result
  FROM run_command_on_colocated_placements('items', 'item_notes',
           'SELECT count(*) FROM %s JOIN %s USING (id)');
SELECT sum(result::int) AS joined
  FROM run_command_on_colocated_placements('items', 'item_notes',
           'SELECT count(*) FROM %s i JOIN %s n USING (id)', false);

-- A node that cannot be reached reports it on each of its rows (its port is made wrong here for
-- the length of the transaction).
BEGIN;
UPDATE pg_dist_node SET nodeport = 1 WHERE nodeport = :worker_2_port;
SELECT shardid, success, result LIKE 'could not connect to node 127.0.0.1:1:%' AS unreachable
  FROM run_command_on_shards('items', 'SELECT count(*) FROM %s');
ROLLBACK;

-- Bad input: a clear error, nothing run.
\set VERBOSITY terse
SELECT * FROM run_command_on_shards('pg_class', 'SELECT 1');
CREATE TABLE plain (id int);
SELECT * FROM run_command_on_shards('plain', 'DROP TABLE %s');
SELECT * FROM run_command_on_placements('plain', 'SELECT 1');
SELECT * FROM run_command_on_shards(NULL, 'SELECT 1');
SELECT * FROM run_command_on_shards('items', NULL);
SELECT * FROM run_command_on_shards('items', 'SELECT 1', NULL);
SELECT * FROM run_command_on_shards('items', 'DELETE FROM %s WHERE id = %d');
SELECT * FROM run_command_on_colocated_placements('items', 'other', 'SELECT 1');
SELECT * FROM run_command_on_colocated_placements('items', 'kinds', 'SELECT 1');
SELECT * FROM run_command_on_colocated_placements('items', 'plain', 'SELECT 1');
SELECT * FROM tessera.run_commands_on_nodes('{127.0.0.1}', '{1}', '{SELECT 1}', true);
SELECT * FROM tessera.run_commands_on_nodes('{127.0.0.1}', '{}', '{SELECT 1}', true);
\set VERBOSITY default
SELECT count(*) AS rows_kept FROM items;

-- As another user: the commands run as that user on the workers.
CREATE ROLE rc_user LOGIN;
GRANT USAGE ON SCHEMA rc TO rc_user;
GRANT SELECT ON items TO rc_user;
SET ROLE rc_user;
SELECT DISTINCT success, result FROM run_command_on_shards('items', 'SELECT current_user');
SELECT shardid, success, result FROM run_command_on_shards('items', 'DELETE FROM %s');
SELECT DISTINCT success, result FROM run_command_on_shards('items', 'SELECT count(*) FROM %s WHERE id < 0');
RESET ROLE;
SELECT count(*) AS rows_kept FROM items;
REVOKE USAGE ON SCHEMA rc FROM rc_user;

RESET search_path;
DROP SCHEMA rc CASCADE;
DROP ROLE rc_user;
