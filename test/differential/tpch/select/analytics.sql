-- Decision-support shapes over the TPC-H queries' results: count(DISTINCT ...), window
-- functions ranked by nation, ROLLUP / CUBE / GROUPING SETS on nation and year, and Q15 as a
-- CTE, a subquery and a materialized view.

-- count(DISTINCT) per order priority and year (orders-lineitem colocated)
-- ordered
SELECT o_orderpriority, extract(year FROM o_orderdate) AS y, count(DISTINCT l_suppkey) AS suppliers,
       count(DISTINCT l_partkey) AS parts, count(DISTINCT o_custkey) AS customers, count(*)
FROM orders JOIN lineitem ON l_orderkey = o_orderkey
GROUP BY 1, 2 ORDER BY 1, 2;

-- count(DISTINCT) across a non-colocated join (lineitem-supplier)
-- ordered
SELECT n_name, count(DISTINCT l_orderkey) AS orders, count(DISTINCT l_partkey) AS parts, count(DISTINCT s_suppkey) AS suppliers
FROM lineitem JOIN supplier ON s_suppkey = l_suppkey JOIN nation ON n_nationkey = s_nationkey
GROUP BY n_name ORDER BY n_name;

-- count(DISTINCT) over the whole table, several distinct aggregates in one query
SELECT count(DISTINCT l_orderkey), count(DISTINCT l_partkey), count(DISTINCT l_suppkey),
       count(DISTINCT (l_partkey, l_suppkey)), count(DISTINCT l_shipmode), sum(DISTINCT l_quantity)
FROM lineitem;

-- count(DISTINCT) of customers per nation and segment (orders-customer not colocated)
-- ordered
SELECT n_name, c_mktsegment, count(DISTINCT o_custkey) AS buyers, count(DISTINCT o_orderkey) AS orders
FROM orders JOIN customer ON c_custkey = o_custkey JOIN nation ON n_nationkey = c_nationkey
GROUP BY n_name, c_mktsegment ORDER BY n_name, c_mktsegment;

-- count(DISTINCT) with HAVING on the distinct count
-- ordered
SELECT l_partkey, count(DISTINCT l_suppkey) AS suppliers, count(*) FROM lineitem
GROUP BY l_partkey HAVING count(DISTINCT l_suppkey) = 4 AND count(*) > 70 ORDER BY l_partkey;

-- Q5's revenue per nation ranked within the region
-- ordered
SELECT r_name, n_name, revenue, rank() OVER (PARTITION BY r_name ORDER BY revenue DESC) AS rnk,
       round(revenue / sum(revenue) OVER (PARTITION BY r_name), 10) AS share
FROM (SELECT r_name, n_name, sum(l_extendedprice * (1 - l_discount)) AS revenue
      FROM customer, orders, lineitem, supplier, nation, region
      WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND l_suppkey = s_suppkey
        AND c_nationkey = s_nationkey AND s_nationkey = n_nationkey AND n_regionkey = r_regionkey
        AND o_orderdate >= date '1994-01-01' AND o_orderdate < date '1996-01-01'
      GROUP BY r_name, n_name) t
ORDER BY r_name, rnk, n_name;

-- window functions directly over an aggregated non-colocated join: suppliers ranked by nation
-- ordered
SELECT n_name, s_suppkey, sum(l_extendedprice) AS sales,
       rank() OVER (PARTITION BY n_name ORDER BY sum(l_extendedprice) DESC, s_suppkey) AS rnk,
       dense_rank() OVER (ORDER BY n_name) AS nation_no,
       sum(sum(l_extendedprice)) OVER (PARTITION BY n_name) AS nation_sales
FROM lineitem JOIN supplier ON s_suppkey = l_suppkey JOIN nation ON n_nationkey = s_nationkey
GROUP BY n_name, s_suppkey
ORDER BY n_name, rnk;

-- top customer per nation (Q10 shape) with row_number in a subquery
-- ordered
SELECT * FROM (
    SELECT n_name, c_custkey, sum(l_extendedprice * (1 - l_discount)) AS revenue,
           row_number() OVER (PARTITION BY n_name ORDER BY sum(l_extendedprice * (1 - l_discount)) DESC, c_custkey) AS rn
    FROM customer, orders, lineitem, nation
    WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND l_returnflag = 'R' AND c_nationkey = n_nationkey
    GROUP BY n_name, c_custkey) t
WHERE rn <= 2 ORDER BY n_name, rn;

-- running totals per order over lineitems (colocated, partitioned by the distribution column)
-- ordered
SELECT l_orderkey, l_linenumber, l_quantity,
       sum(l_quantity) OVER (PARTITION BY l_orderkey ORDER BY l_linenumber) AS running,
       lag(l_partkey) OVER (PARTITION BY l_orderkey ORDER BY l_linenumber) AS prev_part
FROM lineitem WHERE l_orderkey < 30 ORDER BY l_orderkey, l_linenumber;

-- moving average of monthly revenue (window over an aggregate over every shard)
-- ordered
SELECT date_trunc('month', o_orderdate)::date AS m, sum(o_totalprice) AS total,
       round(avg(sum(o_totalprice)) OVER (ORDER BY date_trunc('month', o_orderdate)::date ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), 4) AS moving
FROM orders WHERE o_orderdate < date '1993-07-01' GROUP BY date_trunc('month', o_orderdate)::date ORDER BY 1;

-- ntile / percent_rank over Q18's order volumes
-- ordered
SELECT o_orderkey, qty, ntile(4) OVER (ORDER BY qty, o_orderkey) AS quartile,
       round(percent_rank() OVER (ORDER BY qty)::numeric, 10) AS pr
FROM (SELECT o_orderkey, sum(l_quantity) AS qty FROM orders JOIN lineitem ON l_orderkey = o_orderkey
      WHERE o_custkey = 28 GROUP BY o_orderkey) t
ORDER BY o_orderkey;

-- Q7/Q9 revenue with ROLLUP on nation and year
-- ordered
SELECT n_name, extract(year FROM o_orderdate) AS o_year, sum(l_extendedprice * (1 - l_discount)) AS revenue, count(*),
       grouping(n_name, extract(year FROM o_orderdate)) AS g
FROM lineitem, supplier, orders, nation
WHERE s_suppkey = l_suppkey AND o_orderkey = l_orderkey AND s_nationkey = n_nationkey
  AND n_regionkey = 3
GROUP BY ROLLUP (n_name, extract(year FROM o_orderdate))
ORDER BY n_name NULLS LAST, o_year NULLS LAST;

-- ROLLUP on region and nation over customers' orders
-- ordered
SELECT r_name, n_name, count(*) AS orders, sum(o_totalprice) AS total
FROM orders JOIN customer ON c_custkey = o_custkey JOIN nation ON n_nationkey = c_nationkey
JOIN region ON r_regionkey = n_regionkey
GROUP BY ROLLUP (r_name, n_name) ORDER BY r_name NULLS LAST, n_name NULLS LAST;

-- CUBE on return flag and line status (Q1 shape)
-- ordered
SELECT l_returnflag, l_linestatus, sum(l_quantity), count(*)
FROM lineitem GROUP BY CUBE (l_returnflag, l_linestatus)
ORDER BY l_returnflag NULLS LAST, l_linestatus NULLS LAST;

-- GROUPING SETS on shipmode and year with a HAVING
-- ordered
SELECT l_shipmode, extract(year FROM l_shipdate) AS y, count(*), sum(l_quantity)
FROM lineitem GROUP BY GROUPING SETS ((l_shipmode), (extract(year FROM l_shipdate)), ())
HAVING count(*) > 100
ORDER BY l_shipmode NULLS LAST, y NULLS LAST;

-- Q15 as a CTE
-- ordered
WITH revenue AS (
    SELECT l_suppkey AS supplier_no, sum(l_extendedprice * (1 - l_discount)) AS total_revenue
    FROM lineitem
    WHERE l_shipdate >= date '1996-01-01' AND l_shipdate < date '1996-01-01' + interval '3' month
    GROUP BY l_suppkey)
SELECT s_suppkey, s_name, s_address, s_phone, total_revenue
FROM supplier, revenue
WHERE s_suppkey = supplier_no AND total_revenue = (SELECT max(total_revenue) FROM revenue)
ORDER BY s_suppkey;

-- Q15 as a MATERIALIZED CTE, with the top three
-- ordered
WITH revenue AS MATERIALIZED (
    SELECT l_suppkey AS supplier_no, sum(l_extendedprice * (1 - l_discount)) AS total_revenue
    FROM lineitem WHERE l_shipdate >= date '1997-04-01' AND l_shipdate < date '1997-07-01'
    GROUP BY l_suppkey)
SELECT s_suppkey, s_name, total_revenue
FROM supplier JOIN revenue ON s_suppkey = supplier_no
WHERE total_revenue >= (SELECT min(total_revenue) FROM (SELECT total_revenue FROM revenue ORDER BY total_revenue DESC LIMIT 3) t)
ORDER BY total_revenue DESC, s_suppkey;

-- Q15 with the view and its max in a derived table
-- ordered
SELECT s_suppkey, s_name, total_revenue
FROM supplier JOIN revenue0 ON s_suppkey = supplier_no
JOIN (SELECT max(total_revenue) AS m FROM revenue0) mx ON total_revenue = mx.m
ORDER BY s_suppkey;

-- Q15 with the view ranked
-- ordered
SELECT supplier_no, total_revenue, rank() OVER (ORDER BY total_revenue DESC) AS rnk FROM revenue0
ORDER BY rnk, supplier_no LIMIT 10;

-- Q15 materialized: the view's rows stored, then queried with the suppliers
CREATE MATERIALIZED VIEW revenue_mat AS SELECT * FROM revenue0;
-- ordered
SELECT s_suppkey, s_name, s_address, s_phone, total_revenue
FROM supplier, revenue_mat
WHERE s_suppkey = supplier_no AND total_revenue = (SELECT max(total_revenue) FROM revenue_mat)
ORDER BY s_suppkey;
SELECT count(*), sum(total_revenue) FROM revenue_mat;
REFRESH MATERIALIZED VIEW revenue_mat;
SELECT count(*), sum(total_revenue) FROM revenue_mat;
DROP MATERIALIZED VIEW revenue_mat;

-- Q15 materialized into a table by CREATE TABLE AS
CREATE TEMP TABLE revenue_tmp AS SELECT * FROM revenue0;
-- ordered
SELECT s_suppkey, s_name, total_revenue FROM supplier JOIN revenue_tmp ON s_suppkey = supplier_no
WHERE total_revenue = (SELECT max(total_revenue) FROM revenue_tmp) ORDER BY s_suppkey;
DROP TABLE revenue_tmp;
