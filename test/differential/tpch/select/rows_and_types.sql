-- Whole-row references, row constructors, JSON of rows, zero-column selects, schema-qualified
-- and ONLY table names, row locks, over colocated and non-colocated joins.

-- ordered
SELECT o FROM orders o WHERE o_orderkey < 4 ORDER BY o_orderkey;
-- ordered
SELECT o, c FROM orders o JOIN customer c ON c_custkey = o_custkey WHERE o_orderkey < 4 ORDER BY o_orderkey;
-- ordered
SELECT row_to_json(s), to_jsonb(n) FROM supplier s JOIN nation n ON n_nationkey = s_nationkey WHERE s_suppkey < 4 ORDER BY s_suppkey;
-- a whole row returned by a subquery routed to one shard (printed as l.*::table for the worker)
-- ordered
SELECT (l).l_orderkey, (l).l_linenumber, (l).l_quantity FROM (SELECT l FROM lineitem l WHERE l_orderkey = 5) t ORDER BY 1, 2;
-- ordered
SELECT t.o, n_name FROM (SELECT o FROM orders o WHERE o_orderkey = 5) t, nation WHERE n_nationkey = 1;
-- ordered
SELECT (l).l_orderkey, (o).o_orderpriority FROM (SELECT l, o FROM lineitem l JOIN orders o ON o_orderkey = l_orderkey WHERE l_orderkey = 550) t ORDER BY (l).l_linenumber;
SELECT count(*) FROM lineitem l WHERE l_orderkey = 5 AND l = ROW(l.*)::lineitem;
PREPARE whole(int) AS SELECT (l).l_linenumber, (l).l_partkey FROM (SELECT l FROM lineitem l WHERE l_orderkey = $1) t;
EXECUTE whole(5);
EXECUTE whole(550);
EXECUTE whole(1461);
EXECUTE whole(3);
EXECUTE whole(4);
EXECUTE whole(5);
EXECUTE whole(4841);
DEALLOCATE whole;
SELECT count(DISTINCT o.*), count(DISTINCT (o_orderpriority, o_orderstatus)) FROM orders o;
SELECT count(*) FROM orders o JOIN lineitem l ON l_orderkey = o_orderkey WHERE o IS NOT NULL AND l IS NOT NULL;
-- ordered
SELECT c_custkey, jsonb_agg(o ORDER BY o_orderkey) -> 0 ->> 'o_orderkey' FROM customer JOIN orders o ON o_custkey = c_custkey
WHERE c_custkey < 12 GROUP BY c_custkey ORDER BY c_custkey;
-- ordered
SELECT ROW(l_orderkey, l_linenumber) AS r, ROW(l_quantity, l_discount) < ROW(10, 0.05) FROM lineitem WHERE l_orderkey < 3 ORDER BY 1;
-- ordered
SELECT ps_partkey, ps_suppkey FROM partsupp WHERE (ps_partkey, ps_suppkey) IN (SELECT l_partkey, l_suppkey FROM lineitem WHERE l_orderkey < 4) ORDER BY 1, 2;
-- ordered
SELECT ps_partkey, ps_suppkey FROM partsupp WHERE (ps_partkey, ps_suppkey) NOT IN (SELECT l_partkey, l_suppkey FROM lineitem) ORDER BY 1, 2;
SELECT count(*) FROM (SELECT FROM orders JOIN customer ON c_custkey = o_custkey) t;
SELECT count(*) FROM (SELECT FROM lineitem WHERE l_orderkey < 100) t;
SELECT count(*), sum(o_totalprice) FROM :s.orders JOIN :s.customer ON c_custkey = o_custkey;
SELECT count(*) FROM ONLY lineitem JOIN ONLY part ON p_partkey = l_partkey;
-- rows of another table's row type made in a routed or pushed-down query
-- ordered
SELECT (ROW(l_orderkey, 'x', 1, 'c')::nation).n_name AS n, l_linenumber FROM lineitem WHERE l_orderkey = 5 ORDER BY 2;
-- ordered
SELECT ROW(l_orderkey, l_partkey, 'O', 1.0, date '1995-01-01', 'p', 'c', 0, 'x')::orders AS o FROM lineitem WHERE l_orderkey = 5 ORDER BY l_linenumber;
-- ordered
SELECT (ROW(o_orderkey, 'x', 1, 'c')::nation).n_nationkey AS k, count(*) FROM orders JOIN lineitem ON l_orderkey = o_orderkey WHERE o_orderkey < 20 GROUP BY 1 ORDER BY 1;
SELECT count(*) FROM lineitem WHERE l_orderkey = 550 AND ('(' || l_suppkey || ',x,1,c)')::text::nation IS NOT NULL;
-- ordered
SELECT (ROW(l_orderkey, 'x', 1, 'c')::nation).n_name, count(*) FROM lineitem WHERE l_orderkey < 40 GROUP BY 1 ORDER BY 1;
-- row locks on a routed query, then across shards (refused: locks are taken only in one shard)
BEGIN;
-- ordered
SELECT o_orderkey, o_orderstatus FROM orders WHERE o_orderkey = 550 FOR UPDATE;
-- ordered
SELECT o_orderkey, l_linenumber FROM orders JOIN lineitem ON l_orderkey = o_orderkey WHERE o_orderkey = 550 ORDER BY 2 FOR SHARE;
COMMIT;
-- ordered
-- expect-error: row locks on distributed table "orders" are not supported for queries across shards
SELECT o_orderkey, c_name FROM orders JOIN customer ON c_custkey = o_custkey WHERE o_orderkey < 5 ORDER BY o_orderkey FOR SHARE OF orders;
-- ordered
SELECT o_orderkey FROM orders WHERE o_custkey = 29 ORDER BY o_orderkey FOR UPDATE SKIP LOCKED;
-- arrays built and unnested around distributed tables
-- ordered
SELECT o_custkey, array_length(array_agg(o_orderkey), 1), (array_agg(o_orderkey ORDER BY o_orderkey))[1:3] FROM orders WHERE o_custkey < 20 GROUP BY o_custkey ORDER BY o_custkey;
-- ordered
SELECT u.k, count(l_orderkey) FROM unnest(ARRAY[550, 1461, 99999]) u(k) LEFT JOIN lineitem ON l_orderkey = u.k GROUP BY u.k ORDER BY u.k;
-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_partkey = ANY ((SELECT array_agg(p_partkey) FILTER (WHERE p_size = 1) FROM part)::int[]) AND l_orderkey < 900 ORDER BY 1, 2;
-- generate_series joined with distributed tables (Q1 per month)
-- ordered
SELECT m::date, count(l_orderkey) FROM generate_series(date '1995-01-01', date '1995-12-01', interval '1 month') m
LEFT JOIN lineitem ON l_shipdate >= m AND l_shipdate < m + interval '1 month' GROUP BY m ORDER BY m;
