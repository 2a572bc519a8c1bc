-- The coordinator's merge of sorted worker rows and rescans of worker results: correlated
-- subqueries and LATERAL over colocated tables with ORDER BY + LIMIT, nested loops forced,
-- scrollable and WITH HOLD cursors, LIMIT / OFFSET as parameters, ordered aggregates.

-- ordered
SELECT c_custkey, (SELECT l_orderkey * 100 + l_linenumber FROM lineitem WHERE l_suppkey = c_custkey ORDER BY l_extendedprice DESC, l_orderkey, l_linenumber LIMIT 1) AS top_line
FROM customer WHERE c_custkey <= 45 ORDER BY c_custkey;
-- ordered
SELECT c_custkey, (SELECT max(o_totalprice) FROM orders JOIN lineitem ON l_orderkey = o_orderkey WHERE o_custkey = c_custkey AND l_quantity > 40) AS m
FROM customer WHERE c_custkey <= 30 ORDER BY c_custkey;
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SET enable_material = off;
-- ordered
SELECT s_suppkey, t.l_orderkey, t.l_linenumber FROM supplier JOIN LATERAL
  (SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_suppkey = s_suppkey ORDER BY l_quantity DESC, l_orderkey DESC, l_linenumber LIMIT 2) t ON true
ORDER BY s_suppkey, t.l_orderkey, t.l_linenumber;
-- ordered
SELECT s_suppkey, t.o_orderpriority, t.n FROM supplier JOIN LATERAL
  (SELECT o_orderpriority, count(*) AS n FROM orders JOIN lineitem ON l_orderkey = o_orderkey WHERE l_suppkey = s_suppkey GROUP BY o_orderpriority ORDER BY n DESC, o_orderpriority LIMIT 1) t ON true
WHERE s_suppkey < 12 ORDER BY s_suppkey;
-- ordered
SELECT n_name, (SELECT count(*) FROM orders JOIN lineitem ON l_orderkey = o_orderkey JOIN customer ON c_custkey = o_custkey WHERE c_nationkey = n_nationkey AND l_returnflag = 'R') AS r
FROM nation ORDER BY n_name;
RESET enable_hashjoin;
RESET enable_mergejoin;
RESET enable_material;

-- scrollable cursor over a merged ORDER BY
BEGIN;
DECLARE sc SCROLL CURSOR FOR SELECT l_orderkey, l_linenumber, l_extendedprice FROM lineitem ORDER BY l_extendedprice DESC, l_orderkey, l_linenumber;
-- ordered
FETCH 4 FROM sc;
-- ordered
FETCH BACKWARD 2 FROM sc;
-- ordered
FETCH ABSOLUTE 100 FROM sc;
-- ordered
FETCH RELATIVE -3 FROM sc;
-- ordered
FETCH LAST FROM sc;
-- ordered
FETCH BACKWARD 3 FROM sc;
CLOSE sc;
DECLARE nsc NO SCROLL CURSOR FOR SELECT o_orderkey, o_totalprice FROM orders ORDER BY o_totalprice, o_orderkey;
-- ordered
FETCH 3 FROM nsc;
MOVE 1000 IN nsc;
-- ordered
FETCH 3 FROM nsc;
COMMIT;
DECLARE hc CURSOR WITH HOLD FOR SELECT l_orderkey, sum(l_quantity) AS q FROM lineitem GROUP BY l_orderkey ORDER BY q DESC, l_orderkey;
-- ordered
FETCH 5 FROM hc;
-- ordered
FETCH 5 FROM hc;
CLOSE hc;

-- LIMIT and OFFSET as parameters, with generic plans
PREPARE lim(int, int) AS SELECT l_orderkey, l_linenumber FROM lineitem ORDER BY l_extendedprice DESC, l_orderkey, l_linenumber LIMIT $1 OFFSET $2;
-- ordered
EXECUTE lim(3, 0);
-- ordered
EXECUTE lim(3, 5);
-- ordered
EXECUTE lim(1, 100);
-- ordered
EXECUTE lim(0, 0);
-- ordered
EXECUTE lim(4, 19998);
-- ordered
EXECUTE lim(2, 7);
-- ordered
EXECUTE lim(NULL, 19995);
DEALLOCATE lim;
PREPARE glim(int) AS SELECT l_orderkey, sum(l_quantity) AS q FROM lineitem GROUP BY l_orderkey ORDER BY q DESC, l_orderkey LIMIT $1;
-- ordered
EXECUTE glim(3);
-- ordered
EXECUTE glim(5);
-- ordered
EXECUTE glim(1);
-- ordered
EXECUTE glim(2);
-- ordered
EXECUTE glim(4);
-- ordered
EXECUTE glim(3);
-- ordered
EXECUTE glim(6);
DEALLOCATE glim;

-- ordered aggregates (not combinable from partial results)
-- ordered
SELECT l_returnflag, md5(string_agg(l_shipmode, ',' ORDER BY l_orderkey, l_linenumber)), (array_agg(l_orderkey ORDER BY l_extendedprice DESC, l_orderkey, l_linenumber))[1:3]
FROM lineitem GROUP BY l_returnflag ORDER BY 1;
-- ordered
SELECT o_orderpriority, md5(string_agg(DISTINCT o_clerk, ',' ORDER BY o_clerk)), jsonb_agg(o_orderkey ORDER BY o_orderkey) -> 0
FROM orders JOIN lineitem ON l_orderkey = o_orderkey WHERE l_quantity = 50 GROUP BY o_orderpriority ORDER BY 1;
-- ordered
SELECT l_orderkey, string_agg(l_linenumber::text, '' ORDER BY l_linenumber DESC) FROM lineitem WHERE l_orderkey < 15 GROUP BY l_orderkey ORDER BY 1;

-- date/time values printed by the workers, under other styles, on the colocated path
SET IntervalStyle = 'postgres_verbose';
SET DateStyle = 'SQL, DMY';
-- ordered
SELECT o_orderkey, l_linenumber, age(l_receiptdate, o_orderdate), l_shipdate, o_orderdate + interval '1 day 2 hours' AS t
FROM orders JOIN lineitem ON l_orderkey = o_orderkey WHERE o_orderkey BETWEEN 200 AND 204 ORDER BY 1, 2;
-- ordered
SELECT o_orderpriority, max(age(l_receiptdate, o_orderdate)), min(l_shipdate), max(o_orderdate::timestamp) FROM orders JOIN lineitem ON l_orderkey = o_orderkey
GROUP BY o_orderpriority ORDER BY 1;
-- ordered
SELECT l_orderkey, l_linenumber, sum(l_quantity) OVER (PARTITION BY l_orderkey ORDER BY l_shipdate RANGE BETWEEN interval '20 days' PRECEDING AND CURRENT ROW) AS recent
FROM lineitem WHERE l_orderkey BETWEEN 300 AND 310 ORDER BY 1, 2;
RESET IntervalStyle;
RESET DateStyle;

-- merged ORDER BY keys with NULLs (nullif), NULLS FIRST / LAST both ways, USING operators,
-- arrays, booleans, and keys outside the target list
-- ordered
SELECT l_orderkey, l_linenumber, nullif(l_quantity, 50) AS q FROM lineitem ORDER BY q DESC, l_orderkey, l_linenumber LIMIT 8;
-- ordered
SELECT l_orderkey, l_linenumber, nullif(l_quantity, 1) AS q FROM lineitem ORDER BY q NULLS FIRST, l_orderkey, l_linenumber LIMIT 8;
-- ordered
SELECT l_orderkey, l_linenumber, nullif(l_quantity, 50) AS q FROM lineitem ORDER BY q DESC NULLS LAST, l_orderkey DESC, l_linenumber LIMIT 8;
-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem ORDER BY l_quantity USING >, l_extendedprice USING <, l_orderkey, l_linenumber LIMIT 8;
-- ordered
SELECT l_orderkey, l_linenumber, ARRAY[l_quantity, l_tax] AS a FROM lineitem ORDER BY a DESC, l_orderkey, l_linenumber LIMIT 8;
-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_orderkey < 400 ORDER BY l_returnflag = 'R', l_shipdate DESC, l_orderkey, l_linenumber LIMIT 8;
-- ordered
SELECT l_orderkey FROM lineitem ORDER BY l_receiptdate - l_commitdate DESC, l_tax, l_orderkey, l_linenumber LIMIT 8;
-- ordered
SELECT o_orderkey, o_orderstatus FROM orders ORDER BY o_orderstatus DESC, o_clerk, o_orderkey LIMIT 8 OFFSET 3;
-- merged rows through a cursor read forward only, in pieces
BEGIN;
DECLARE fc CURSOR FOR SELECT l_orderkey, l_linenumber, nullif(l_quantity, 50) AS q FROM lineitem ORDER BY q DESC NULLS LAST, l_orderkey, l_linenumber;
-- ordered
FETCH 3 FROM fc;
MOVE 19990 IN fc;
-- ordered
FETCH 20 FROM fc;
COMMIT;
