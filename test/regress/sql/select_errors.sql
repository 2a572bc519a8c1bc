-- Errors on reads: worker errors name the node, unsupported shapes say so, Ctrl-C reaches the
-- workers.
CREATE TABLE items (id int PRIMARY KEY, code text);
INSERT INTO items SELECT g, 'c' || g FROM generate_series(1, 100) g;
SELECT create_distributed_table('items', 'id');

-- A worker-side error comes back with the worker's message and the node in the context.
\set VERBOSITY terse
SELECT id / (id - 5) FROM items WHERE id = 5;
\set VERBOSITY default

-- System columns have no meaning across nodes; row locks across shards are taken by each
-- shard's query (select_row_locks), but not through a subquery in FROM.
SELECT ctid FROM items WHERE id < 3;
SELECT * FROM items WHERE id < 3 ORDER BY id FOR UPDATE;
SELECT * FROM (SELECT * FROM items FOR UPDATE) s WHERE id < 3;
-- A row lock on one shard is fine.
BEGIN;
SELECT * FROM items WHERE id = 3 FOR UPDATE;
COMMIT;

-- TABLESAMPLE is sent to every shard; methods and arguments the workers cannot evaluate are not.
SELECT count(*) FROM items TABLESAMPLE BERNOULLI (0);
SELECT count(*) FROM items TABLESAMPLE BERNOULLI (random() * 100);
CREATE FUNCTION my_tsm(internal) RETURNS tsm_handler LANGUAGE internal AS 'tsm_system_handler';
SELECT count(*) FROM items TABLESAMPLE my_tsm (10);
DROP FUNCTION my_tsm(internal);

-- Cancel: a statement timeout cancels the remote query too.
SET statement_timeout = '300ms';
SELECT count(*) FROM items i, generate_series(1, 100000000) g WHERE i.id = 1;
RESET statement_timeout;
SELECT pg_sleep(0.5);
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_stat_activity
    WHERE query LIKE '%generate_series(1, 100000000)%' AND pid <> pg_backend_pid()$$);
-- The session still works.
SELECT count(*) FROM items;

DROP TABLE items;
