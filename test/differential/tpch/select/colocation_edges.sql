-- Shapes that look colocated but are not: groups, windows, LIMITs and DISTINCT computed over
-- expressions of the distribution column or inside subqueries that a colocated join then
-- reads; joins of a distribution column to a non-distribution column.

-- grouping by an expression of the distribution column: groups span shards
-- ordered
SELECT l_orderkey / 100 AS bucket, count(*), sum(l_quantity) FROM lineitem GROUP BY l_orderkey / 100 ORDER BY bucket;
-- ordered
SELECT l_orderkey % 7 AS m, count(DISTINCT l_orderkey), count(*) FROM lineitem GROUP BY 1 ORDER BY 1;
-- ordered
SELECT o_orderkey / 500 AS b, count(*), sum(l_extendedprice) FROM orders JOIN lineitem ON l_orderkey = o_orderkey GROUP BY o_orderkey / 500 HAVING count(*) > 10 ORDER BY b;
SELECT count(*) FROM (SELECT DISTINCT l_orderkey / 10 FROM lineitem) t;
SELECT count(DISTINCT l_orderkey / 10), count(DISTINCT abs(l_orderkey)), count(DISTINCT l_orderkey::text) FROM lineitem;
-- ordered
SELECT l_orderkey, l_linenumber, rank() OVER (PARTITION BY l_orderkey / 1000 ORDER BY l_extendedprice DESC, l_orderkey, l_linenumber) AS r
FROM lineitem ORDER BY r, l_orderkey, l_linenumber LIMIT 12;
-- ordered
SELECT * FROM (SELECT l_orderkey, l_linenumber, row_number() OVER (PARTITION BY l_orderkey % 3 ORDER BY l_quantity DESC, l_orderkey, l_linenumber) AS rn FROM lineitem) t
WHERE rn <= 2 ORDER BY l_orderkey, l_linenumber;

-- a distribution column joined to a non-distribution column of a colocated table
-- ordered
SELECT o_orderkey, count(*) FROM orders JOIN lineitem ON l_orderkey = o_custkey WHERE o_orderkey < 200 GROUP BY o_orderkey ORDER BY o_orderkey;
SELECT count(*), sum(l_quantity) FROM orders JOIN lineitem ON l_partkey = o_orderkey;
SELECT count(*) FROM lineitem l1 JOIN lineitem l2 ON l1.l_partkey = l2.l_orderkey;
SELECT count(*) FROM lineitem l1 JOIN lineitem l2 ON l1.l_orderkey = l2.l_orderkey AND l1.l_linenumber < l2.l_linenumber;
SELECT count(*) FROM lineitem l1 JOIN lineitem l2 ON l1.l_partkey = l2.l_partkey AND l1.l_orderkey < l2.l_orderkey AND l1.l_partkey < 50;
SELECT count(*) FROM part JOIN partsupp ON ps_suppkey = p_partkey;
SELECT count(*) FROM orders JOIN lineitem ON l_orderkey = o_orderkey + 1;
SELECT count(*) FROM orders JOIN lineitem ON l_orderkey = o_orderkey OR l_orderkey = o_orderkey + 1;
SELECT count(*) FROM orders JOIN lineitem ON l_orderkey::text = o_orderkey::text;
SELECT count(*) FROM orders JOIN lineitem ON l_orderkey < o_orderkey AND o_orderkey < 30;
-- an outer join of colocated tables with a condition that is not the distribution columns' equality
SELECT count(*), count(l_orderkey) FROM orders LEFT JOIN lineitem ON l_orderkey = o_custkey;
SELECT count(*), count(o_orderkey) FROM lineitem FULL JOIN orders ON l_orderkey = o_orderkey + 5000 - 1;

-- a LIMIT / window / aggregate inside a subquery that a colocated join reads
-- ordered
SELECT o.o_orderkey, count(*) FROM (SELECT * FROM orders ORDER BY o_totalprice DESC, o_orderkey LIMIT 10) o
JOIN lineitem ON l_orderkey = o.o_orderkey GROUP BY o.o_orderkey ORDER BY o.o_orderkey;
-- ordered
SELECT t.o_orderkey, t.r, count(*) FROM (SELECT o_orderkey, rank() OVER (ORDER BY o_totalprice DESC, o_orderkey) AS r FROM orders) t
JOIN lineitem ON l_orderkey = t.o_orderkey WHERE t.r <= 5 GROUP BY t.o_orderkey, t.r ORDER BY t.r;
-- ordered
SELECT t.o_custkey, t.mk, sum(l_quantity) FROM (SELECT o_custkey, max(o_orderkey) AS mk FROM orders GROUP BY o_custkey) t
JOIN lineitem ON l_orderkey = t.mk GROUP BY t.o_custkey, t.mk ORDER BY t.o_custkey;
-- ordered
SELECT t.k, count(*) FROM (SELECT DISTINCT ON (o_custkey) o_orderkey AS k FROM orders ORDER BY o_custkey, o_totalprice DESC, o_orderkey) t
JOIN lineitem ON l_orderkey = t.k GROUP BY t.k ORDER BY t.k;
-- ordered
SELECT t.k, count(*) FROM (SELECT o_orderkey AS k FROM orders WHERE o_custkey = 28 UNION SELECT o_orderkey + 1 FROM orders WHERE o_custkey = 28) t
JOIN lineitem ON l_orderkey = t.k GROUP BY t.k ORDER BY t.k;
-- ordered
SELECT l.l_orderkey, l.l_linenumber FROM lineitem l
WHERE l.l_orderkey IN (SELECT o_orderkey FROM orders ORDER BY o_totalprice, o_orderkey LIMIT 3) ORDER BY 1, 2;
-- ordered
SELECT o_orderkey FROM orders WHERE o_orderkey IN (SELECT l_orderkey FROM lineitem ORDER BY l_extendedprice DESC, l_orderkey, l_linenumber LIMIT 4) ORDER BY 1;
-- ordered
SELECT o_orderkey, o_totalprice FROM orders WHERE o_totalprice > (SELECT avg(o_totalprice) * 1.9 FROM orders) ORDER BY o_orderkey;
-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem l1 WHERE l_quantity = (SELECT max(l_quantity) FROM lineitem l2 WHERE l2.l_partkey = l1.l_partkey) AND l_partkey < 6 ORDER BY 1, 2;
-- the EXISTS of Q4 over the colocated table but correlated on a non-distribution column
-- ordered
SELECT o_orderpriority, count(*) FROM orders
WHERE EXISTS (SELECT 1 FROM lineitem WHERE l_partkey = o_custkey AND l_quantity > 45) GROUP BY o_orderpriority ORDER BY 1;
-- ordered
SELECT o_orderpriority, count(*) FROM orders
WHERE NOT EXISTS (SELECT 1 FROM lineitem WHERE l_orderkey = o_orderkey + 1) GROUP BY o_orderpriority ORDER BY 1;
-- ordered
SELECT o_orderpriority, count(*) FROM orders
WHERE o_custkey IN (SELECT l_orderkey FROM lineitem WHERE l_quantity > 48) GROUP BY o_orderpriority ORDER BY 1;
-- GROUP BY the distribution column of one side of an outer join (NULL group)
-- ordered
SELECT l_orderkey, count(*) FROM orders LEFT JOIN lineitem ON l_orderkey = o_orderkey AND l_quantity > 49 GROUP BY l_orderkey ORDER BY l_orderkey NULLS FIRST LIMIT 5;
-- ordered
SELECT o_orderkey IS NULL, count(*) FROM lineitem RIGHT JOIN orders ON l_orderkey = o_orderkey AND l_linenumber = 7 GROUP BY 1 ORDER BY 1;
-- DISTINCT over both sides' distribution columns
SELECT count(*) FROM (SELECT DISTINCT o_custkey FROM orders JOIN lineitem ON l_orderkey = o_orderkey) t;
-- ordered
SELECT DISTINCT l_suppkey FROM lineitem WHERE l_orderkey < 300 ORDER BY l_suppkey LIMIT 5 OFFSET 2;
-- ordered
SELECT l_orderkey, sum(l_quantity) FROM lineitem GROUP BY l_orderkey ORDER BY sum(l_quantity) DESC, l_orderkey LIMIT 5 OFFSET 3;
-- ordered
SELECT l_orderkey, count(*) FROM lineitem GROUP BY l_orderkey HAVING count(*) = 7 ORDER BY l_orderkey LIMIT 4 OFFSET 20;
-- ordered
SELECT l_partkey, count(*) FROM lineitem GROUP BY l_partkey ORDER BY count(*) DESC, l_partkey LIMIT 5;
