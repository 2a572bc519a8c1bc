-- Reference tables (nation, region) on the outer or preserved side of joins with distributed
-- tables: outer joins, anti joins and semi joins that a shard cannot answer alone, since the
-- reference table's rows would come back once per shard.

-- ordered
SELECT n_name, count(s_suppkey) FROM nation LEFT JOIN supplier ON s_nationkey = n_nationkey GROUP BY n_name ORDER BY n_name;
-- ordered
SELECT n_name, s_suppkey FROM nation LEFT JOIN supplier ON s_nationkey = n_nationkey ORDER BY n_name, s_suppkey;
-- ordered
SELECT n_name, s_suppkey FROM supplier RIGHT JOIN nation ON s_nationkey = n_nationkey AND s_acctbal > 0 ORDER BY n_name, s_suppkey;
-- ordered
SELECT n_name, s_suppkey FROM nation FULL JOIN supplier ON s_nationkey = n_nationkey AND s_acctbal > 1000 ORDER BY n_name NULLS LAST, s_suppkey;
-- ordered
SELECT n_name FROM nation WHERE NOT EXISTS (SELECT 1 FROM supplier WHERE s_nationkey = n_nationkey AND s_acctbal > 500) ORDER BY n_name;
-- ordered
SELECT n_name FROM nation WHERE n_nationkey NOT IN (SELECT s_nationkey FROM supplier WHERE s_acctbal < 0) ORDER BY n_name;
-- ordered
SELECT n_name FROM nation WHERE EXISTS (SELECT 1 FROM supplier WHERE s_nationkey = n_nationkey) ORDER BY n_name;
-- ordered
SELECT n_name FROM nation WHERE n_nationkey IN (SELECT c_nationkey FROM customer WHERE c_acctbal > 9000) ORDER BY n_name;
-- ordered
SELECT r_name, count(DISTINCT n_nationkey), count(c_custkey) FROM region JOIN nation ON n_regionkey = r_regionkey
LEFT JOIN customer ON c_nationkey = n_nationkey AND c_mktsegment = 'AUTOMOBILE' GROUP BY r_name ORDER BY r_name;
-- ordered
SELECT n_name, count(o_orderkey) FROM nation LEFT JOIN (customer JOIN orders ON o_custkey = c_custkey) ON c_nationkey = n_nationkey
GROUP BY n_name ORDER BY n_name;
-- ordered
SELECT n_name, count(l_orderkey) FROM nation LEFT JOIN lineitem ON l_suppkey = n_nationkey AND l_quantity = 50 GROUP BY n_name ORDER BY n_name;
-- ordered
SELECT n_name, count(l_orderkey), count(o_orderkey) FROM nation LEFT JOIN (orders JOIN lineitem ON l_orderkey = o_orderkey) ON o_custkey = n_nationkey
GROUP BY n_name ORDER BY n_name;
-- ordered
SELECT n_nationkey FROM nation WHERE NOT EXISTS (SELECT 1 FROM orders JOIN lineitem ON l_orderkey = o_orderkey WHERE o_custkey = n_nationkey AND l_quantity > 45) ORDER BY 1;
-- ordered
SELECT n_nationkey, (SELECT count(*) FROM lineitem WHERE l_suppkey = n_nationkey) FROM nation ORDER BY 1;
-- ordered
SELECT n_nationkey FROM nation WHERE n_nationkey NOT IN (SELECT l_suppkey FROM lineitem WHERE l_orderkey < 50) ORDER BY 1;
-- ordered
SELECT n_nationkey FROM nation EXCEPT SELECT s_nationkey FROM supplier WHERE s_suppkey > 20 ORDER BY 1;
-- ordered
SELECT n_nationkey, l.l_orderkey FROM nation LEFT JOIN LATERAL (SELECT l_orderkey FROM lineitem WHERE l_suppkey = n_nationkey ORDER BY l_orderkey LIMIT 1) l ON true ORDER BY 1;
-- reference table with a distributed table routed to one shard
-- ordered
SELECT n_name, l_linenumber FROM nation LEFT JOIN lineitem ON l_suppkey = n_nationkey AND l_orderkey = 550 ORDER BY n_name, l_linenumber;
-- ordered
SELECT n_name FROM nation WHERE NOT EXISTS (SELECT 1 FROM lineitem WHERE l_orderkey = 550 AND l_suppkey = n_nationkey) ORDER BY n_name;
-- ordered
SELECT n_name, o_orderkey FROM nation FULL JOIN orders ON o_custkey = n_nationkey AND o_orderkey = 550 WHERE o_orderkey = 550 OR o_orderkey IS NULL ORDER BY n_name NULLS LAST, o_orderkey;
-- ordered
SELECT n_name, o_orderkey FROM orders RIGHT JOIN nation ON o_custkey = n_nationkey WHERE n_regionkey = 1 AND (o_orderkey < 300 OR o_orderkey IS NULL) ORDER BY n_name, o_orderkey;
