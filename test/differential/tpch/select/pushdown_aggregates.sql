-- Aggregates the colocated orders-lineitem join pushes to the shards: grouping sets that
-- contain the distribution column only in some sets, expressions over aggregates, HAVING and
-- ORDER BY on aggregates outside the target list, aggregates over no rows, DISTINCT over
-- grouped results, windows over groups.

-- ROLLUP / CUBE / GROUPING SETS with the distribution column in some sets only
-- ordered
SELECT l_orderkey, count(*), sum(l_quantity) FROM lineitem WHERE l_orderkey < 20 GROUP BY ROLLUP (l_orderkey) ORDER BY l_orderkey NULLS LAST;
-- ordered
SELECT o_orderkey, o_orderpriority, count(*), sum(l_quantity) FROM orders JOIN lineitem ON l_orderkey = o_orderkey
WHERE o_orderkey < 30 GROUP BY CUBE (o_orderkey, o_orderpriority) ORDER BY o_orderkey NULLS LAST, o_orderpriority NULLS LAST;
-- ordered
SELECT l_orderkey, l_shipmode, count(*) FROM lineitem GROUP BY GROUPING SETS ((l_orderkey), (l_shipmode), ())
HAVING count(*) > 6 ORDER BY l_orderkey NULLS LAST, l_shipmode NULLS LAST;
-- ordered
SELECT l_orderkey, l_linenumber, sum(l_quantity) FROM lineitem WHERE l_orderkey < 8 GROUP BY l_orderkey, ROLLUP (l_linenumber)
ORDER BY l_orderkey, l_linenumber NULLS LAST;
SELECT count(*), sum(c) FROM (SELECT l_orderkey, count(*) AS c FROM lineitem GROUP BY ROLLUP (l_orderkey)) t;

-- expressions over aggregates, aggregates in CASE, coalesce, arithmetic
-- ordered
SELECT o_orderpriority, sum(l_quantity) / count(*) AS avg_q, max(l_extendedprice) - min(l_extendedprice) AS spread,
       CASE WHEN count(*) > 1000 THEN sum(l_quantity) ELSE -1 END AS big, coalesce(sum(l_tax) FILTER (WHERE l_tax > 0.2), 0) AS none,
       count(*) + 1, round(avg(l_discount) * 100, 4), sum(l_quantity * 2) / sum(l_quantity)
FROM orders JOIN lineitem ON l_orderkey = o_orderkey GROUP BY o_orderpriority ORDER BY o_orderpriority;
-- HAVING and ORDER BY on aggregates that are not in the target list
-- ordered
SELECT o_orderpriority FROM orders JOIN lineitem ON l_orderkey = o_orderkey GROUP BY o_orderpriority
HAVING avg(l_quantity) > 25.4 AND min(l_shipdate) < date '1992-02-01' ORDER BY max(l_extendedprice) DESC, o_orderpriority;
-- ordered
SELECT l_shipmode FROM lineitem GROUP BY l_shipmode ORDER BY sum(l_extendedprice) DESC, l_shipmode LIMIT 3;
-- aggregates over no rows, with and without GROUP BY
SELECT count(*), sum(l_quantity), avg(l_quantity), min(l_shipdate), max(l_comment), bool_and(l_tax > 0), count(DISTINCT l_partkey)
FROM orders JOIN lineitem ON l_orderkey = o_orderkey WHERE o_totalprice < 0;
SELECT o_orderpriority, count(*) FROM orders JOIN lineitem ON l_orderkey = o_orderkey WHERE o_totalprice < 0 GROUP BY o_orderpriority;
SELECT count(*) FROM lineitem HAVING count(*) > 100000;
SELECT count(*) FROM lineitem HAVING count(*) > 1;
SELECT 1 AS one FROM lineitem HAVING sum(l_quantity) > 0;
-- DISTINCT over grouped results, DISTINCT ON an aggregate
-- ordered
SELECT DISTINCT count(*) AS lines FROM lineitem GROUP BY l_orderkey ORDER BY lines;
-- ordered
SELECT DISTINCT sum(l_quantity) > 150 AS big, count(*) FROM lineitem GROUP BY l_orderkey ORDER BY 1, 2;
-- ordered
SELECT DISTINCT ON (count(*)) count(*) AS lines, l_orderkey FROM lineitem GROUP BY l_orderkey ORDER BY count(*), l_orderkey;
-- windows over groups by the distribution column, not partitioned by it
-- ordered
SELECT l_orderkey, sum(l_quantity) AS q, rank() OVER (ORDER BY sum(l_quantity) DESC, l_orderkey) AS r FROM lineitem
GROUP BY l_orderkey ORDER BY r LIMIT 10;
-- ordered
SELECT l_orderkey, count(*), sum(count(*)) OVER () AS total, count(*) OVER () AS groups FROM lineitem WHERE l_orderkey < 25
GROUP BY l_orderkey ORDER BY l_orderkey;
-- ordered
SELECT o_orderkey, l_linenumber, sum(l_quantity) OVER (PARTITION BY o_orderkey) AS per_order,
       sum(l_quantity) OVER (PARTITION BY o_custkey) AS per_customer
FROM orders JOIN lineitem ON l_orderkey = o_orderkey WHERE o_custkey = 29 ORDER BY o_orderkey, l_linenumber;
-- ordered
SELECT l_orderkey, l_linenumber, first_value(l_partkey) OVER w, last_value(l_partkey) OVER w, nth_value(l_partkey, 2) OVER w
FROM lineitem WHERE l_orderkey BETWEEN 40 AND 48 WINDOW w AS (PARTITION BY l_orderkey ORDER BY l_linenumber ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
ORDER BY l_orderkey, l_linenumber;
-- ordered
SELECT l_orderkey, l_linenumber FROM (SELECT l_orderkey, l_linenumber, l_extendedprice, rank() OVER (PARTITION BY l_orderkey ORDER BY l_extendedprice DESC, l_linenumber) AS r FROM lineitem) t
WHERE r = 1 ORDER BY l_extendedprice DESC, l_orderkey LIMIT 7;
-- ordered
SELECT l_orderkey, sum(l_quantity) FROM lineitem GROUP BY l_orderkey ORDER BY 2 DESC, 1 LIMIT 3 OFFSET 0;
-- ordered
SELECT l_orderkey, sum(l_quantity) FROM lineitem GROUP BY l_orderkey ORDER BY 2, 1 FETCH FIRST 2 ROWS ONLY;
-- ordered
SELECT l_orderkey, l_linenumber, l_quantity FROM lineitem ORDER BY l_quantity DESC, l_extendedprice DESC, l_orderkey, l_linenumber LIMIT 6;
-- ordered
SELECT l_comment, l_orderkey, l_linenumber FROM lineitem ORDER BY l_comment DESC, l_orderkey DESC, l_linenumber LIMIT 6;
-- ordered
SELECT l_shipinstruct, l_orderkey, l_linenumber FROM lineitem WHERE l_orderkey < 100 ORDER BY l_shipinstruct COLLATE "C", l_orderkey, l_linenumber LIMIT 8;
-- ordered
SELECT o_clerk, o_orderkey FROM orders ORDER BY o_clerk NULLS FIRST, o_orderkey DESC LIMIT 5;
