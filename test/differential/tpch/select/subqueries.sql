-- Subquery shapes from the TPC-H queries moved around: correlated scalar subqueries in the
-- target list, in HAVING and in ORDER BY, EXISTS / NOT EXISTS / IN / NOT IN / ANY / ALL across
-- tables that are not colocated, LATERAL, outer joins, DISTINCT ON, OFFSET.

-- Q2's correlated minimum in the target list
-- ordered
SELECT p_partkey, p_name, (SELECT min(ps_supplycost) FROM partsupp, supplier WHERE ps_partkey = p_partkey AND s_suppkey = ps_suppkey AND s_nationkey < 12) AS min_cost
FROM part WHERE p_size = 7 ORDER BY p_partkey;

-- correlated count of lineitems per supplier (lineitem not colocated with supplier)
-- ordered
SELECT s_suppkey, s_name, (SELECT count(*) FROM lineitem WHERE l_suppkey = s_suppkey AND l_shipmode = 'AIR') AS air_lines
FROM supplier ORDER BY s_suppkey;

-- correlated subquery in HAVING
-- ordered
SELECT o_custkey, count(*) FROM orders GROUP BY o_custkey
HAVING count(*) > (SELECT count(*) / 150 FROM orders o2 WHERE o2.o_custkey <> 1) + (SELECT count(*) FROM customer WHERE c_custkey = o_custkey AND c_acctbal < 0)
ORDER BY o_custkey;

-- scalar subquery in ORDER BY with LIMIT
-- ordered
SELECT c_custkey, c_name FROM customer
ORDER BY (SELECT count(*) FROM orders WHERE o_custkey = c_custkey) DESC, c_custkey LIMIT 8;

-- NOT IN over a non-colocated table (Q16's shape)
SELECT count(*), sum(ps_availqty) FROM partsupp WHERE ps_suppkey NOT IN (SELECT s_suppkey FROM supplier WHERE s_acctbal < 0);

-- IN with a subquery over a colocated table plus one over another group
-- ordered
SELECT o_orderkey, o_custkey FROM orders
WHERE o_orderkey IN (SELECT l_orderkey FROM lineitem WHERE l_partkey = 7 AND l_quantity > 45)
  AND o_custkey IN (SELECT c_custkey FROM customer WHERE c_mktsegment = 'AUTOMOBILE')
ORDER BY o_orderkey;

-- = ANY and > ALL with subqueries
-- ordered
SELECT s_suppkey, s_acctbal FROM supplier
WHERE s_acctbal > ALL (SELECT c_acctbal FROM customer WHERE c_nationkey = 3 AND c_acctbal < 1000)
  AND s_suppkey = ANY (SELECT l_suppkey FROM lineitem WHERE l_orderkey < 100)
ORDER BY s_suppkey;

-- EXISTS across customer and orders (Q22 inverted): customers with an urgent order
-- ordered
SELECT c_nationkey, count(*) FROM customer
WHERE EXISTS (SELECT 1 FROM orders WHERE o_custkey = c_custkey AND o_orderpriority = '1-URGENT')
GROUP BY c_nationkey ORDER BY c_nationkey;

-- NOT EXISTS with an extra correlated condition on a non-key column
-- ordered
SELECT p_partkey FROM part
WHERE NOT EXISTS (SELECT 1 FROM lineitem WHERE l_partkey = p_partkey AND l_quantity > p_size)
ORDER BY p_partkey;

-- LATERAL: each customer's three largest orders
-- ordered
SELECT c_custkey, t.o_orderkey, t.o_totalprice FROM customer,
LATERAL (SELECT o_orderkey, o_totalprice FROM orders WHERE o_custkey = c_custkey ORDER BY o_totalprice DESC, o_orderkey LIMIT 3) t
WHERE c_custkey < 40 ORDER BY c_custkey, t.o_totalprice DESC, t.o_orderkey;

-- LEFT JOIN LATERAL with an aggregate
-- ordered
SELECT s_suppkey, t.n, t.q FROM supplier
LEFT JOIN LATERAL (SELECT count(*) AS n, sum(l_quantity) AS q FROM lineitem WHERE l_suppkey = s_suppkey AND l_orderkey < 200) t ON true
ORDER BY s_suppkey;

-- RIGHT and FULL joins between tables that are not colocated
-- ordered
SELECT c_nationkey, count(o_orderkey), count(c_custkey) FROM orders RIGHT JOIN customer ON c_custkey = o_custkey AND o_orderdate < date '1992-06-01'
GROUP BY c_nationkey ORDER BY c_nationkey;

SELECT count(*), count(s_suppkey), count(c_custkey) FROM supplier FULL JOIN customer ON s_suppkey = c_custkey AND s_nationkey = c_nationkey;

-- DISTINCT ON: each nation's customer with the highest balance
-- ordered
SELECT DISTINCT ON (c_nationkey) c_nationkey, c_custkey, c_acctbal FROM customer
ORDER BY c_nationkey, c_acctbal DESC, c_custkey;

-- DISTINCT ON over a non-colocated join
-- ordered
SELECT DISTINCT ON (n_name) n_name, l_orderkey, l_linenumber, l_extendedprice
FROM lineitem JOIN supplier ON s_suppkey = l_suppkey JOIN nation ON n_nationkey = s_nationkey
ORDER BY n_name, l_extendedprice DESC, l_orderkey, l_linenumber;

-- LIMIT / OFFSET over Q10 ordering
-- ordered
SELECT c_custkey, sum(l_extendedprice * (1 - l_discount)) AS revenue
FROM customer, orders, lineitem WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey
GROUP BY c_custkey ORDER BY revenue DESC, c_custkey LIMIT 5 OFFSET 7;

-- FETCH FIRST WITH TIES
SELECT o_orderkey, o_orderdate FROM orders ORDER BY o_orderdate FETCH FIRST 3 ROWS WITH TIES;

-- a subquery in FROM with LIMIT joined to another group
-- ordered
SELECT t.o_orderkey, c_name FROM (SELECT o_orderkey, o_custkey FROM orders ORDER BY o_totalprice DESC, o_orderkey LIMIT 10) t
JOIN customer ON c_custkey = t.o_custkey ORDER BY t.o_orderkey;

-- set operations between queries of different groups
-- ordered
SELECT s_nationkey AS nk FROM supplier INTERSECT SELECT c_nationkey FROM customer WHERE c_acctbal > 5000 ORDER BY nk;
-- ordered
SELECT l_suppkey FROM lineitem WHERE l_orderkey < 50 EXCEPT SELECT s_suppkey FROM supplier WHERE s_nationkey < 10 ORDER BY 1;
SELECT count(*) FROM (SELECT o_custkey FROM orders UNION SELECT c_custkey FROM customer) t;

-- a CTE referenced twice, one side filtered
-- ordered
WITH big AS (SELECT l_orderkey, sum(l_quantity) AS q FROM lineitem GROUP BY l_orderkey HAVING sum(l_quantity) > 180)
SELECT b1.l_orderkey, b1.q, (SELECT count(*) FROM big b2 WHERE b2.q > b1.q) AS bigger FROM big b1 ORDER BY b1.l_orderkey;

-- recursive CTE over a distributed table: chains of orders by the same customer
-- ordered
WITH RECURSIVE chain(k, c, depth) AS (
    SELECT o_orderkey, o_custkey, 1 FROM orders WHERE o_orderkey IN (10, 20)
    UNION ALL
    SELECT o.o_orderkey, o.o_custkey, depth + 1 FROM chain JOIN orders o ON o.o_custkey = chain.c AND o.o_orderkey = chain.k + 10 WHERE depth < 5)
SELECT * FROM chain ORDER BY k, depth;

-- the scalar subquery of Q11 compared against a window result
-- ordered
SELECT ps_partkey, v FROM (SELECT ps_partkey, sum(ps_supplycost * ps_availqty) AS v, rank() OVER (ORDER BY sum(ps_supplycost * ps_availqty) DESC) AS r
      FROM partsupp GROUP BY ps_partkey) t
WHERE r <= 5 OR v < (SELECT min(ps_supplycost * ps_availqty) * 4 FROM partsupp) ORDER BY ps_partkey;

-- interval and date arithmetic in the target list, with extract and age
-- ordered
SELECT o_orderkey, l_linenumber, l_shipdate - o_orderdate AS days, l_receiptdate - l_commitdate AS late,
       extract(dow FROM l_shipdate), extract(quarter FROM o_orderdate), date_part('doy', l_receiptdate),
       age(l_receiptdate, o_orderdate), o_orderdate + interval '1 month' AS next_month, to_char(l_shipdate, 'YYYY-MM')
FROM orders JOIN lineitem ON l_orderkey = o_orderkey WHERE o_orderkey BETWEEN 100 AND 110 ORDER BY o_orderkey, l_linenumber;

-- LIKE, ILIKE, SIMILAR TO, regular expressions
-- ordered
SELECT p_partkey, p_name FROM part WHERE p_name LIKE '%green%' AND p_name NOT LIKE 'forest%' AND p_type ILIKE '%brass' AND p_name ~ 'o[a-z]+ ' ORDER BY p_partkey;
-- ordered
SELECT s_suppkey FROM supplier WHERE s_comment SIMILAR TO '%(Customer|wake)%' ORDER BY s_suppkey;
