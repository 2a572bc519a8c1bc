-- TPC-H queries narrowed by an equality on a distribution column, so a part of each query (or
-- all of it) routes to one shard: orders/lineitem by orderkey, part/partsupp by partkey,
-- customer by custkey, supplier by suppkey.

-- Q1 for one order
-- ordered
SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge,
       round(avg(l_discount), 6) AS avg_disc, count(*) AS count_order
FROM lineitem WHERE l_orderkey = 1461 AND l_shipdate <= date '1998-12-01' - interval '90' day
GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus;

-- Q3 for one order (orders-lineitem colocated and routed, customer elsewhere)
-- ordered
SELECT l_orderkey, sum(l_extendedprice * (1 - l_discount)) AS revenue, o_orderdate, o_shippriority
FROM customer, orders, lineitem
WHERE c_mktsegment = 'BUILDING' AND c_custkey = o_custkey AND l_orderkey = o_orderkey AND o_orderkey = 36
  AND o_orderdate < date '1995-03-15' AND l_shipdate > date '1995-03-15'
GROUP BY l_orderkey, o_orderdate, o_shippriority ORDER BY revenue DESC, o_orderdate, l_orderkey LIMIT 10;

-- Q3 for one customer (customer routed; orders and lineitem on every shard)
-- ordered
SELECT l_orderkey, sum(l_extendedprice * (1 - l_discount)) AS revenue, o_orderdate, o_shippriority
FROM customer, orders, lineitem
WHERE c_custkey = 1 AND c_custkey = o_custkey AND l_orderkey = o_orderkey
  AND o_orderdate < date '1995-03-15' AND l_shipdate > date '1995-03-15'
GROUP BY l_orderkey, o_orderdate, o_shippriority ORDER BY revenue DESC, o_orderdate, l_orderkey LIMIT 10;

-- Q4 for a few orders (IN list on the distribution column)
-- ordered
SELECT o_orderpriority, count(*) AS order_count
FROM orders
WHERE o_orderkey IN (1, 2, 3, 4, 5, 550, 1461, 3350, 4841)
  AND EXISTS (SELECT * FROM lineitem WHERE l_orderkey = o_orderkey AND l_commitdate < l_receiptdate)
GROUP BY o_orderpriority ORDER BY o_orderpriority;

-- Q4: the EXISTS subquery routed by its own equality, correlated to a routed outer query
-- ordered
SELECT o_orderkey, o_orderpriority FROM orders
WHERE o_orderkey = 550 AND EXISTS (SELECT 1 FROM lineitem WHERE l_orderkey = 550 AND l_orderkey = o_orderkey AND l_commitdate < l_receiptdate)
ORDER BY o_orderkey;

-- Q5 for one supplier
-- ordered
SELECT n_name, sum(l_extendedprice * (1 - l_discount)) AS revenue
FROM customer, orders, lineitem, supplier, nation, region
WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND l_suppkey = s_suppkey AND s_suppkey = 10
  AND s_nationkey = n_nationkey AND n_regionkey = r_regionkey
GROUP BY n_name ORDER BY revenue DESC, n_name;

-- Q9 for one part (part and partsupp routed together; lineitem on every shard)
-- ordered
SELECT nation, o_year, sum(amount) AS sum_profit
FROM (SELECT n_name AS nation, extract(year FROM o_orderdate) AS o_year,
             l_extendedprice * (1 - l_discount) - ps_supplycost * l_quantity AS amount
      FROM part, supplier, lineitem, partsupp, orders, nation
      WHERE s_suppkey = l_suppkey AND ps_suppkey = l_suppkey AND ps_partkey = l_partkey
        AND p_partkey = l_partkey AND o_orderkey = l_orderkey AND s_nationkey = n_nationkey
        AND p_partkey = 7) AS profit
GROUP BY nation, o_year ORDER BY nation, o_year DESC;

-- Q10 for one customer
-- ordered
SELECT c_custkey, c_name, sum(l_extendedprice * (1 - l_discount)) AS revenue, c_acctbal, n_name
FROM customer, orders, lineitem, nation
WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND c_custkey = 206 AND l_returnflag = 'R'
  AND c_nationkey = n_nationkey
GROUP BY c_custkey, c_name, c_acctbal, n_name ORDER BY revenue DESC, c_custkey LIMIT 20;

-- Q11 for one part: HAVING against a scalar subquery over every shard
-- ordered
SELECT ps_partkey, sum(ps_supplycost * ps_availqty) AS value
FROM partsupp, supplier, nation
WHERE ps_suppkey = s_suppkey AND s_nationkey = n_nationkey AND ps_partkey IN (7, 68, 368)
GROUP BY ps_partkey
HAVING sum(ps_supplycost * ps_availqty) > (SELECT sum(ps_supplycost * ps_availqty) * 0.001 FROM partsupp)
ORDER BY value DESC, ps_partkey;

-- Q12 for one order
-- ordered
SELECT l_shipmode, sum(CASE WHEN o_orderpriority IN ('1-URGENT', '2-HIGH') THEN 1 ELSE 0 END) AS high_line_count,
       sum(CASE WHEN o_orderpriority NOT IN ('1-URGENT', '2-HIGH') THEN 1 ELSE 0 END) AS low_line_count
FROM orders, lineitem
WHERE o_orderkey = l_orderkey AND l_orderkey = 3924
GROUP BY l_shipmode ORDER BY l_shipmode;

-- Q13 for a few customers
-- ordered
SELECT c_custkey, count(o_orderkey) AS c_count
FROM customer LEFT OUTER JOIN orders ON c_custkey = o_custkey AND o_comment NOT LIKE '%special%requests%'
WHERE c_custkey IN (1, 2, 3, 28, 206, 299, 300)
GROUP BY c_custkey ORDER BY c_custkey;

-- Q14 for one part
SELECT round(100.00 * sum(CASE WHEN p_type LIKE 'PROMO%' THEN l_extendedprice * (1 - l_discount) ELSE 0 END)
             / sum(l_extendedprice * (1 - l_discount)), 10) AS promo_revenue
FROM lineitem, part WHERE l_partkey = p_partkey AND p_partkey = 6;

-- Q17 for one part: the correlated average routed by the outer part
SELECT round(sum(l_extendedprice) / 7.0, 6) AS avg_yearly
FROM lineitem, part
WHERE p_partkey = l_partkey AND p_partkey = 7
  AND l_quantity < (SELECT 0.2 * avg(l_quantity) FROM lineitem WHERE l_partkey = p_partkey);

-- Q18 for one customer
-- ordered
SELECT c_name, c_custkey, o_orderkey, o_orderdate, o_totalprice, sum(l_quantity)
FROM customer, orders, lineitem
WHERE o_orderkey IN (SELECT l_orderkey FROM lineitem GROUP BY l_orderkey HAVING sum(l_quantity) > 150)
  AND c_custkey = o_custkey AND o_orderkey = l_orderkey AND c_custkey = 1
GROUP BY c_name, c_custkey, o_orderkey, o_orderdate, o_totalprice
ORDER BY o_totalprice DESC, o_orderdate, o_orderkey LIMIT 100;

-- Q18: the IN subquery routed to one order
-- ordered
SELECT o_orderkey, o_custkey, sum(l_quantity)
FROM orders, lineitem
WHERE o_orderkey IN (SELECT l_orderkey FROM lineitem WHERE l_orderkey = 550 GROUP BY l_orderkey HAVING sum(l_quantity) > 10)
  AND o_orderkey = l_orderkey
GROUP BY o_orderkey, o_custkey ORDER BY o_orderkey;

-- Q21 for one order
-- ordered
SELECT s_name, l1.l_linenumber
FROM supplier, lineitem l1, orders
WHERE s_suppkey = l1.l_suppkey AND o_orderkey = l1.l_orderkey AND o_orderkey = 6
  AND EXISTS (SELECT * FROM lineitem l2 WHERE l2.l_orderkey = l1.l_orderkey AND l2.l_suppkey <> l1.l_suppkey)
  AND NOT EXISTS (SELECT * FROM lineitem l3 WHERE l3.l_orderkey = l1.l_orderkey
                    AND l3.l_suppkey <> l1.l_suppkey AND l3.l_receiptdate > l3.l_commitdate)
ORDER BY s_name, l1.l_linenumber;

-- Q22 for a range of customers (not routable: a range on the distribution column)
-- ordered
SELECT substring(c_phone FROM 1 FOR 2) AS cntrycode, count(*) AS numcust, sum(c_acctbal) AS totacctbal
FROM customer
WHERE c_custkey BETWEEN 1 AND 120 AND NOT EXISTS (SELECT * FROM orders WHERE o_custkey = c_custkey)
GROUP BY cntrycode ORDER BY cntrycode;

-- Q22 for one customer
-- ordered
SELECT c_custkey, c_acctbal FROM customer
WHERE c_custkey = 87 AND c_acctbal > (SELECT avg(c_acctbal) FROM customer WHERE c_acctbal > 0.00)
  AND NOT EXISTS (SELECT * FROM orders WHERE o_custkey = c_custkey)
ORDER BY c_custkey;
