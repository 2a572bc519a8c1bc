-- Set operations over the TPC-H tables: branches routed to different shards, ALL variants
-- with duplicates, ORDER BY + LIMIT over the whole, as prepared statements too.

-- ordered
SELECT l_orderkey, l_linenumber, l_quantity FROM lineitem WHERE l_orderkey = 5
UNION ALL SELECT l_orderkey, l_linenumber, l_quantity FROM lineitem WHERE l_orderkey = 6
ORDER BY l_quantity DESC, l_orderkey, l_linenumber LIMIT 6;
SELECT l_quantity FROM lineitem WHERE l_orderkey < 40 INTERSECT ALL SELECT l_quantity FROM lineitem WHERE l_orderkey BETWEEN 30 AND 90;
SELECT l_quantity FROM lineitem WHERE l_orderkey < 60 EXCEPT ALL SELECT l_quantity FROM lineitem WHERE l_orderkey BETWEEN 30 AND 40;
SELECT l_suppkey FROM lineitem WHERE l_orderkey < 200 UNION SELECT ps_suppkey FROM partsupp WHERE ps_partkey < 20 EXCEPT SELECT s_suppkey FROM supplier WHERE s_acctbal < 0;
-- ordered
SELECT 'order' AS kind, o_orderkey AS k, o_totalprice AS v FROM orders WHERE o_custkey = 29
UNION ALL SELECT 'customer', c_custkey, c_acctbal FROM customer WHERE c_custkey = 29
UNION ALL SELECT 'supplier', s_suppkey, s_acctbal FROM supplier WHERE s_suppkey = 29
ORDER BY kind, k;
-- ordered
SELECT n, count(*) FROM (SELECT c_nationkey AS n FROM customer UNION ALL SELECT s_nationkey FROM supplier) t GROUP BY n ORDER BY n;
PREPARE two(int, int) AS SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_orderkey = $1 UNION SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_orderkey = $2;
EXECUTE two(5, 6);
EXECUTE two(550, 1461);
EXECUTE two(5, 5);
EXECUTE two(1, 2);
EXECUTE two(3, 4);
EXECUTE two(5, 6);
EXECUTE two(4841, 9999);
DEALLOCATE two;
-- ordered
SELECT o_orderkey FROM orders WHERE o_orderkey IN (SELECT l_orderkey FROM lineitem WHERE l_quantity = 50 UNION SELECT l_orderkey FROM lineitem WHERE l_quantity = 1)
AND o_orderkey < 300 ORDER BY 1;
