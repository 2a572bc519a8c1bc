-- INSERT into distributed tables: rows evaluated on the coordinator and grouped per shard.
SET client_min_messages TO warning;
CREATE TABLE orders (
    id bigserial,
    customer_id int NOT NULL,
    item text,
    qty int DEFAULT 1 CHECK (qty > 0),
    placed date DEFAULT '2024-05-01',
    note text,
    PRIMARY KEY (customer_id, id)
);
SELECT create_distributed_table('orders', 'customer_id', shard_count => 8);
-- Rows whose hash is outside their shard's range, per table, on the worker at `port`.
CREATE FUNCTION misplaced_rows_query(port int) RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(
    'SELECT sum(bad) AS misplaced, sum(total) AS total FROM ('
      || string_agg(format('SELECT count(*) FILTER (WHERE worker_hash(%I) NOT BETWEEN %s AND %s) AS bad, count(*) AS total FROM %s',
                           column_to_column_name(s.logicalrelid, p.partkey),
                           s.shardminvalue, s.shardmaxvalue, shard_name(s.logicalrelid, s.shardid)),
                    ' UNION ALL ') || ') c',
    'SELECT 0 AS misplaced, 0 AS total')
  FROM pg_dist_shard s
  JOIN pg_dist_partition p USING (logicalrelid)
  JOIN pg_dist_placement pl USING (shardid)
  JOIN pg_dist_node n USING (groupid)
  WHERE p.partmethod = 'h' AND n.nodeport = port AND s.logicalrelid = 'orders'::regclass $$;

-- single row, defaults and the sequence evaluated on the coordinator
INSERT INTO orders (customer_id, item) VALUES (1, 'apple');
-- multi-row, spread over shards (one INSERT per shard)
INSERT INTO orders (customer_id, item, qty) VALUES
    (2, 'pear', 2), (3, 'plum', 3), (4, 'fig', 4), (5, 'kiwi', 5), (6, 'lime', 6),
    (7, 'date', 7), (8, 'nut', 8), (9, 'bean', 9), (10, 'corn', 10);
\echo :ROW_COUNT
-- DEFAULT in VALUES, expressions, explicit NULL, quotes and backslashes in text
INSERT INTO orders (customer_id, item, qty, placed, note) VALUES
    (11, 'it''s', DEFAULT, DEFAULT, E'back\\slash'),
    (12, upper('expr'), 2 * 3, date '2024-01-01' + 1, NULL);
SELECT id, customer_id, item, qty, placed, note FROM orders ORDER BY customer_id, id;

-- RETURNING (rows of one shard: same customer)
INSERT INTO orders (customer_id, item) VALUES (20, 'a'), (20, 'b') RETURNING customer_id, item, qty;
INSERT INTO orders (customer_id, item) VALUES (21, 'x') RETURNING *;

-- every row is in the shard its hash says, on both workers
SELECT misplaced_rows_query(:worker_1_port) AS q1, misplaced_rows_query(:worker_2_port) AS q2 \gset
\c - - - :worker_1_port
SELECT misplaced, total > 0 AS has_rows FROM (:q1) c;
\c - - - :worker_2_port
SELECT misplaced, total > 0 AS has_rows FROM (:q2) c;
\c - - - :coordinator_port
SET client_min_messages TO warning;
SELECT count(*) FROM orders;

-- identity columns and constraint errors from the worker
CREATE TABLE events (
    id bigint GENERATED ALWAYS AS IDENTITY,
    tenant text NOT NULL,
    payload jsonb,
    PRIMARY KEY (tenant, id)
);
SELECT create_distributed_table('events', 'tenant');
INSERT INTO events (tenant, payload) VALUES ('acme', '{"a": 1}'), ('globex', '{"b": [1, 2]}'), ('acme', NULL);
SELECT id, tenant, payload FROM events ORDER BY id;
-- (errors raised by a worker name the shard: only their SQLSTATE is shown)
\set VERBOSITY sqlstate
INSERT INTO orders (customer_id, item, qty) VALUES (30, 'bad', 0);
INSERT INTO orders (id, customer_id, item) VALUES (1, 1, 'duplicate');
\set VERBOSITY default

-- NULL in the distribution column
INSERT INTO orders (customer_id, item) VALUES (NULL, 'nobody');
INSERT INTO events (payload) VALUES ('{}');

-- ON CONFLICT
CREATE TABLE counters (key text PRIMARY KEY, hits int NOT NULL DEFAULT 1, seen text);
SELECT create_distributed_table('counters', 'key');
INSERT INTO counters (key) VALUES ('a'), ('b');
INSERT INTO counters (key, seen) VALUES ('a', 'again') ON CONFLICT DO NOTHING;
INSERT INTO counters (key, seen) VALUES ('a', 'again'), ('c', 'new')
    ON CONFLICT (key) DO UPDATE SET hits = counters.hits + 1, seen = excluded.seen;
INSERT INTO counters AS c (key) VALUES ('b')
    ON CONFLICT ON CONSTRAINT counters_pkey DO UPDATE SET hits = c.hits + 10 WHERE c.hits < 5
    RETURNING key, hits;
SELECT * FROM counters ORDER BY key;
-- the conflict target must include the distribution column, which must not change
CREATE TABLE users (tenant int, email text, name text, PRIMARY KEY (tenant, email));
SELECT create_distributed_table('users', 'tenant');
INSERT INTO users VALUES (1, 'a@x', 'A') ON CONFLICT (tenant, email) DO UPDATE SET tenant = 2;
-- (checked on the shards when a conflict updates a row: a value that keeps it is written)
\set SHOW_CONTEXT never
INSERT INTO users VALUES (1, 'a@x', 'A') ON CONFLICT (tenant, email) DO UPDATE SET tenant = 2;
INSERT INTO users VALUES (1, 'a@x', 'A') ON CONFLICT (tenant, email) DO UPDATE SET tenant = 1, name = 'kept'
  RETURNING *;
\set SHOW_CONTEXT errors
INSERT INTO users VALUES (1, 'a@x', 'A') ON CONFLICT (tenant, email) DO UPDATE SET name = 'B';
INSERT INTO users VALUES (1, 'a@x', 'A') ON CONFLICT (tenant, email) DO UPDATE SET name = 'B';
INSERT INTO users VALUES (1, 'a@x', 'A'), (2, 'b@x', 'C') ON CONFLICT (tenant, email) DO NOTHING;
\echo :ROW_COUNT
SELECT * FROM users ORDER BY tenant;

-- prepared INSERTs (custom and generic plans)
PREPARE add_order(int, text) AS INSERT INTO orders (customer_id, item) VALUES ($1, $2) RETURNING customer_id, item;
EXECUTE add_order(40, 'p1');
EXECUTE add_order(41, 'p2');
EXECUTE add_order(42, 'p3');
EXECUTE add_order(43, 'p4');
EXECUTE add_order(44, 'p5');
EXECUTE add_order(45, 'p6');
EXECUTE add_order(46, 'p7');
EXECUTE add_order(NULL, 'p8');
SET plan_cache_mode TO force_generic_plan;
PREPARE add_two(int, int) AS INSERT INTO orders (customer_id, item) VALUES ($1, 'g'), ($2, 'g');
EXECUTE add_two(50, 51);
EXECUTE add_two(52, 53);
RESET plan_cache_mode;
SELECT customer_id, item FROM orders WHERE customer_id >= 40 ORDER BY customer_id;

-- functions in a transaction, rollback undoes the rows on the workers
BEGIN;
INSERT INTO orders (customer_id, item) SELECT g, 'gen' FROM generate_series(100, 109) g;
SELECT count(*) FROM orders WHERE item = 'gen';
ROLLBACK;
SELECT count(*) FROM orders WHERE item = 'gen';

-- subqueries in VALUES are computed on the coordinator first; a row comparison is not supported
INSERT INTO orders (customer_id, item) VALUES ((SELECT 1), 'sub') RETURNING customer_id, item;
DELETE FROM orders WHERE item = 'sub';
INSERT INTO orders (customer_id, item) VALUES (1, CASE WHEN (1, 2) IN (SELECT 1, 2) THEN 'row' END);
-- supported: a WITH before INSERT ... SELECT (inlined into the SELECT)
WITH x AS (SELECT 1) INSERT INTO orders (customer_id, item) SELECT 1, 'cte' FROM x;

-- the command tag counts rows, not shards
INSERT INTO orders (customer_id, item) VALUES (60, 'x'), (61, 'x'), (62, 'x'), (63, 'x');
\echo :ROW_COUNT
EXPLAIN (COSTS OFF) INSERT INTO orders (customer_id, item) VALUES (64, 'x');

DEALLOCATE ALL;
DROP TABLE orders, events, counters, users;
DROP FUNCTION misplaced_rows_query(int);

-- now() in VALUES and in RETURNING is the coordinator transaction's, also when prepared.
CREATE TABLE stamped (id int PRIMARY KEY, at timestamptz);
SELECT create_distributed_table('stamped', 'id');
BEGIN;
INSERT INTO stamped VALUES (1, now()) RETURNING at = now() AS same_now, id;
PREPARE stamp(int) AS INSERT INTO stamped VALUES ($1, now()) RETURNING at = now() AS same_now;
EXECUTE stamp(2); EXECUTE stamp(3); EXECUTE stamp(4); EXECUTE stamp(5); EXECUTE stamp(6);
EXECUTE stamp(7);
INSERT INTO stamped VALUES (8, now()) ON CONFLICT (id) DO UPDATE SET at = now()
  RETURNING at = now() AS same_now;
COMMIT;
SELECT count(*) AS rows, count(DISTINCT at) AS stamps FROM stamped;
DEALLOCATE stamp;
DROP TABLE stamped;

-- Writes through an auto-updatable view of a distributed table (the view stays in the range
-- table for permission checks only).
CREATE TABLE vorders (store_id int, order_id int, status text, discount int,
                      PRIMARY KEY (store_id, order_id));
SELECT create_distributed_table('vorders', 'store_id');
INSERT INTO vorders SELECT g % 5, g, CASE WHEN g % 2 = 0 THEN 'paid' ELSE 'new' END, 0
  FROM generate_series(1, 20) g;
CREATE VIEW paid_orders AS SELECT * FROM vorders WHERE status = 'paid';
INSERT INTO paid_orders VALUES (3, 1000, 'paid', 5);
INSERT INTO paid_orders VALUES (3, 1001, 'new', 5) RETURNING *;
UPDATE paid_orders SET discount = 1 WHERE store_id = 2 AND order_id = 2;
UPDATE paid_orders SET discount = discount + 2 WHERE order_id < 10;
DELETE FROM paid_orders WHERE order_id = 4;
SELECT order_id, status, discount FROM vorders WHERE order_id < 10 OR order_id >= 1000 ORDER BY 1;
DROP VIEW paid_orders;
DROP TABLE vorders;

-- ON CONFLICT DO UPDATE ... WHERE ... RETURNING over rows alternating between shards (4 and 7
-- share one): each run of one shard's rows is a statement of its shard's task, the RETURNING
-- rows come in the order of the VALUES rows, and EXPLAIN ANALYZE runs each statement once.
CREATE TABLE counters (key int, id int, n int, PRIMARY KEY (key, id));
SELECT create_distributed_table('counters', 'key');
INSERT INTO counters VALUES (4, 1, 0), (7, 1, 9), (2, 1, 0);
INSERT INTO counters AS c VALUES (4, 1, 1), (2, 1, 1), (7, 1, 1), (3, 1, 1), (7, 2, 1)
  ON CONFLICT (key, id) DO UPDATE SET n = c.n + 1 WHERE c.n < 5 RETURNING *;
DO $$ BEGIN
  EXECUTE 'EXPLAIN (ANALYZE) INSERT INTO counters AS c VALUES (4, 1, 1), (2, 1, 1), (7, 2, 1) '
          'ON CONFLICT (key, id) DO UPDATE SET n = c.n + 1 WHERE c.n < 5 RETURNING *';
END $$;
SELECT * FROM counters ORDER BY key, id;
DROP TABLE counters;
