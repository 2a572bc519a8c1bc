-- Which plan a query gets: router (one task), multi-shard pushdown, or shard scans combined on
-- the coordinator. Ports vary between runs, so EXPLAIN output goes through explain_text().
CREATE FUNCTION explain_text(query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        RETURN NEXT regexp_replace(line, 'port=[0-9]+', 'port=N');
    END LOOP;
END
$$;

CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL, total numeric, note text);
INSERT INTO orders SELECT g, g % 50, g * 1.25, 'note ' || g FROM generate_series(1, 2000) g;
SELECT create_distributed_table('orders', 'id', shard_count => 8);
CREATE TABLE order_lines (order_id bigint, line int, qty int, PRIMARY KEY (order_id, line));
INSERT INTO order_lines SELECT g, l, l FROM generate_series(1, 2000) g, generate_series(1, 3) l;
SELECT create_distributed_table('order_lines', 'order_id', colocate_with => 'orders');
CREATE TABLE customers_ref (id int PRIMARY KEY, name text);
INSERT INTO customers_ref SELECT g, 'customer ' || g FROM generate_series(0, 49) g;
SELECT create_reference_table('customers_ref');

-- Router: the distribution column pinned by a constant, directly or through a colocated join.
SELECT * FROM explain_text('SELECT * FROM orders WHERE id = 42');
-- TABLESAMPLE goes to every shard.
SELECT * FROM explain_text('SELECT note FROM orders TABLESAMPLE SYSTEM (50) REPEATABLE (1) WHERE total > 10');
SELECT * FROM orders WHERE id = 42;
SELECT * FROM explain_text($$SELECT o.id, sum(l.qty), c.name FROM orders o JOIN order_lines l ON l.order_id = o.id
                              JOIN customers_ref c ON c.id = o.customer_id WHERE o.id = 7 GROUP BY o.id, c.name$$);
SELECT o.id, sum(l.qty), c.name FROM orders o JOIN order_lines l ON l.order_id = o.id
  JOIN customers_ref c ON c.id = o.customer_id WHERE o.id = 7 GROUP BY o.id, c.name;
-- Only reference tables: one task on any worker.
SELECT * FROM explain_text('SELECT count(*) FROM customers_ref');
SELECT count(*) FROM customers_ref;

-- Multi-shard pushdown: partial aggregates, combined on the coordinator.
SELECT * FROM explain_text('SELECT customer_id, count(*), avg(total) FROM orders GROUP BY customer_id ORDER BY customer_id LIMIT 3');
SELECT customer_id, count(*), avg(total) FROM orders GROUP BY customer_id ORDER BY customer_id LIMIT 3;
-- avg over integers and the stddev/variance family over floats combine transition states.
SELECT * FROM explain_text('SELECT avg(customer_id), stddev(total::float8), var_pop(customer_id::float4) FROM orders');
SELECT avg(customer_id), round(stddev(total::float8)::numeric, 6), round(var_pop(customer_id::float4)::numeric, 4) FROM orders;
-- DISTINCT aggregates: each worker returns the distinct values per group; the coordinator counts.
SELECT customer_id % 5 AS bucket, count(DISTINCT customer_id), count(*), sum(DISTINCT customer_id)
FROM orders GROUP BY 1 ORDER BY 1;
SELECT count(DISTINCT customer_id) FROM orders;
-- Grouping by the distribution column runs whole on the workers; ORDER BY + LIMIT is pushed too.
SELECT * FROM explain_text('SELECT o.id, count(*) FROM orders o JOIN order_lines l ON l.order_id = o.id GROUP BY o.id ORDER BY 2 DESC, 1 LIMIT 2');
SELECT o.id, count(*) FROM orders o JOIN order_lines l ON l.order_id = o.id GROUP BY o.id ORDER BY 2 DESC, 1 LIMIT 2;
-- IN lists prune to the shards that hold the values.
SELECT * FROM explain_text('SELECT count(*) FROM orders WHERE id IN (1, 2, 3)');
SELECT count(*) FROM orders WHERE id IN (1, 2, 3);

-- Shapes that cannot be pushed down read the shards and combine on the coordinator:
-- a join on a non-distribution column, and window functions.
SELECT * FROM explain_text('SELECT count(*) FROM orders a JOIN orders b ON a.customer_id = b.id');
SELECT count(*) FROM orders a JOIN orders b ON a.customer_id = b.id;
SELECT id, rank() OVER (ORDER BY total DESC) FROM orders WHERE customer_id = 3 ORDER BY 2 LIMIT 3;

-- Subqueries and CTEs complete within a shard group (grouped by the distribution column) join
-- on it in the worker query; window functions partitioned by it run there too.
SELECT * FROM explain_text($$SELECT o.id, s.lines FROM orders o
    JOIN (SELECT order_id, count(*) AS lines FROM order_lines GROUP BY order_id) s ON s.order_id = o.id
    ORDER BY 2 DESC, 1 LIMIT 2$$);
SELECT o.id, s.lines FROM orders o
  JOIN (SELECT order_id, count(*) AS lines FROM order_lines GROUP BY order_id) s ON s.order_id = o.id
  ORDER BY 2 DESC, 1 LIMIT 2;
WITH totals AS (SELECT order_id, sum(qty) AS qty FROM order_lines GROUP BY order_id)
SELECT count(*), sum(t.qty) FROM totals t JOIN orders o ON o.id = t.order_id WHERE o.customer_id < 10;
SELECT * FROM explain_text('SELECT id, rank() OVER (PARTITION BY id ORDER BY total) FROM orders ORDER BY id LIMIT 2');
-- A subquery grouped by another column is not complete per shard group: read and combine.
SELECT count(*) FROM (SELECT customer_id, count(*) FROM orders GROUP BY customer_id) per_customer;

-- Prepared statements: the shard is chosen at execution, also with generic plans.
PREPARE by_id(bigint) AS SELECT id, customer_id FROM orders WHERE id = $1;
EXECUTE by_id(1); EXECUTE by_id(2); EXECUTE by_id(3); EXECUTE by_id(4);
EXECUTE by_id(5); EXECUTE by_id(6); EXECUTE by_id(7);
SELECT * FROM explain_text('EXECUTE by_id(8)');
EXECUTE by_id(NULL);
DEALLOCATE by_id;
-- Across shards, a custom plan pushes the aggregates down with the parameters' values; it stays
-- the plan chosen after the fifth execution. PL/pgSQL variables are parameters too.
PREPARE per_customer(int, numeric) AS
  SELECT customer_id, count(*), sum(total) FROM orders WHERE customer_id < $1 AND total > $2
  GROUP BY customer_id ORDER BY customer_id;
EXECUTE per_customer(3, 100); EXECUTE per_customer(3, 200); EXECUTE per_customer(2, 300);
EXECUTE per_customer(2, 400); EXECUTE per_customer(2, 500); EXECUTE per_customer(2, 600);
SELECT * FROM explain_text('EXECUTE per_customer(2, 700)');
EXECUTE per_customer(2, 700);
-- A generic plan sends the parameters along with every task.
SET plan_cache_mode = force_generic_plan;
SELECT * FROM explain_text('EXECUTE per_customer(2, 700)');
EXECUTE per_customer(2, 700);
EXECUTE per_customer(3, NULL);
EXECUTE per_customer(1, 2400);
-- Shapes combined on the coordinator send a generic plan's parameters with the shard scans too.
PREPARE not_colocated(numeric) AS
  SELECT count(*) FROM orders a JOIN orders b ON a.customer_id = b.id WHERE a.total > $1;
SELECT * FROM explain_text('EXECUTE not_colocated(2000)');
EXECUTE not_colocated(2000);
EXECUTE not_colocated(NULL);
DEALLOCATE not_colocated;
RESET plan_cache_mode;
DEALLOCATE per_customer;
CREATE FUNCTION orders_over(floor numeric) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    SELECT count(*) INTO n FROM orders WHERE total > floor;
    RETURN n;
END
$$;
SELECT orders_over(100), orders_over(2400), orders_over(2500);
DROP FUNCTION orders_over(numeric);

-- The coordinator's copies of distributed tables are empty; after ANALYZE their statistics say
-- so. Row estimates come from the shards instead, so a join that is not colocated hashes its
-- inputs rather than rescanning every shard once per outer row.
CREATE TABLE by_customer (id bigint, customer_id int);
SELECT create_distributed_table('by_customer', 'customer_id');
INSERT INTO by_customer SELECT g, g % 97 FROM generate_series(1, 5000) g;
ANALYZE orders;
ANALYZE by_customer;
SELECT reltuples FROM pg_class WHERE oid = 'by_customer'::regclass;
SELECT count(*) FILTER (WHERE line ~ 'Nested Loop') AS nested_loops,
       count(*) FILTER (WHERE line ~ 'Tessera Adaptive') AS shard_scans
  FROM explain_text('SELECT count(*) FROM orders o JOIN by_customer b ON b.id = o.id') line;
SELECT count(*) FROM orders o JOIN by_customer b ON b.id = o.id;
DROP TABLE by_customer;

-- Enum constants mean the same on the workers (the column type is created there): a
-- tenant-pinned query with one is routed, so a job-queue pick with SKIP LOCKED works.
CREATE TYPE job_state AS ENUM ('queued', 'running', 'done');
CREATE TABLE jobs (tenant int, id int, state job_state, PRIMARY KEY (tenant, id));
SELECT create_distributed_table('jobs', 'tenant');
INSERT INTO jobs SELECT g % 10, g, (ARRAY['queued', 'running', 'done']::job_state[])[1 + g % 3]
  FROM generate_series(1, 300) g;
SELECT * FROM explain_text($$SELECT id FROM jobs WHERE tenant = 3 AND state = 'queued'
                             ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED$$) LIMIT 2;
BEGIN;
SELECT id FROM jobs WHERE tenant = 3 AND state = 'queued' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED;
UPDATE jobs SET state = 'running' WHERE tenant = 3 AND id = 3;
COMMIT;
SELECT state, count(*) FROM jobs WHERE state < 'done' GROUP BY state ORDER BY state;
DROP TABLE jobs;
DROP TYPE job_state;

-- A distribution column equated with a reference-table column that is pinned (to a constant,
-- an IN list or a parameter) is pinned too: orders.id (bigint) = customers_ref.id (int).
CREATE FUNCTION task_counts(query text) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT trim(line) FROM explain_text(query) line WHERE line ~ 'Task Count|Tessera'
$$;
SELECT * FROM task_counts('SELECT o.id, o.total, c.name FROM customers_ref c JOIN orders o ON o.id = c.id WHERE c.id = 7');
SELECT o.id, o.total, c.name FROM customers_ref c JOIN orders o ON o.id = c.id WHERE c.id = 7;
SELECT * FROM task_counts('SELECT count(*) FROM orders o, customers_ref c WHERE c.id = o.id AND 7 = c.id');
SELECT * FROM task_counts('SELECT count(*), sum(o.total) FROM orders o JOIN customers_ref c ON c.id = o.id WHERE c.id IN (7, 8)');
SELECT count(*), sum(o.total) FROM orders o JOIN customers_ref c ON c.id = o.id WHERE c.id IN (7, 8);
-- Through a reference table to a colocated table: every table is pinned.
SELECT * FROM task_counts($$SELECT count(*) FROM customers_ref c JOIN orders o ON o.id = c.id
                            JOIN order_lines l ON l.order_id = o.id WHERE c.id = 7$$);
-- Pins that contradict each other leave no rows.
SELECT count(*) FROM orders o JOIN customers_ref c ON c.id = o.id WHERE c.id = 7 AND o.id = 8;
SELECT count(*) FROM orders o JOIN customers_ref c ON c.id = o.id WHERE c.id = NULL;
-- No pin: the reference column is equated with another column, or the pin is part of an outer
-- join's condition (every row of the preserved orders must come back).
SELECT * FROM task_counts('SELECT count(*) FROM orders o JOIN customers_ref c ON c.id = o.customer_id WHERE c.id = 7');
SELECT * FROM task_counts('SELECT count(*), count(c.id) FROM orders o LEFT JOIN customers_ref c ON c.id = o.id AND c.id = 7');
SELECT count(*), count(c.id) FROM orders o LEFT JOIN customers_ref c ON c.id = o.id AND c.id = 7;
-- A generic plan is pinned by the parameter the reference column is compared with.
PREPARE through_ref(int) AS
  SELECT o.id, o.total FROM orders o JOIN customers_ref c ON c.id = o.id WHERE c.id = $1;
SET plan_cache_mode = force_generic_plan;
SELECT * FROM task_counts('EXECUTE through_ref(9)');
EXECUTE through_ref(9);
EXECUTE through_ref(12);
EXECUTE through_ref(NULL);
RESET plan_cache_mode;
DEALLOCATE through_ref;
-- UPDATE / DELETE joined with a pinned reference table write one shard.
SELECT * FROM task_counts('UPDATE orders o SET note = c.name FROM customers_ref c WHERE o.id = c.id AND c.id = 7');
SELECT * FROM task_counts('DELETE FROM order_lines l USING customers_ref c WHERE l.order_id = c.id AND c.id IN (7, 9)');
BEGIN;
UPDATE orders o SET note = c.name FROM customers_ref c WHERE o.id = c.id AND c.id = 7;
SELECT id, note FROM orders WHERE id IN (6, 7, 8) ORDER BY id;
ROLLBACK;
DROP FUNCTION task_counts(text);

DROP TABLE order_lines, orders, customers_ref;
DROP FUNCTION explain_text(text);
