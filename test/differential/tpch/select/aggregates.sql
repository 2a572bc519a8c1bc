-- Aggregates as TPC-H reports use them, unrounded where PostgreSQL's own result is exact text:
-- avg of numeric and integer columns (display scale), variance family, ordered-set aggregates,
-- boolean and bit aggregates, min/max of char(n), combined from partial aggregates per shard.

-- ordered
SELECT l_returnflag, l_linestatus, avg(l_quantity), avg(l_extendedprice), avg(l_discount), avg(l_linenumber),
       avg(l_quantity * l_discount), avg(l_orderkey::bigint)
FROM lineitem GROUP BY l_returnflag, l_linestatus ORDER BY 1, 2;

SELECT avg(l_quantity), avg(l_tax), sum(l_tax), avg(l_extendedprice * (1 - l_discount) * (1 + l_tax)) FROM lineitem;

-- ordered
SELECT l_shipmode, round(stddev(l_quantity), 12), round(variance(l_extendedprice), 6), round(stddev_pop(l_discount), 12),
       round(var_pop(l_tax), 14), round(stddev_samp(l_linenumber), 12)
FROM lineitem GROUP BY l_shipmode ORDER BY l_shipmode;

-- ordered
SELECT o_orderpriority, min(o_clerk), max(o_clerk), min(o_orderstatus), max(o_comment), bool_and(o_totalprice > 1000),
       bool_or(o_totalprice > 400000), every(o_shippriority = 0), bit_or(o_custkey), bit_and(o_orderkey | 1)
FROM orders GROUP BY o_orderpriority ORDER BY o_orderpriority;

-- ordered
SELECT l_shipmode, percentile_cont(0.5) WITHIN GROUP (ORDER BY l_quantity) AS median,
       percentile_disc(0.9) WITHIN GROUP (ORDER BY l_extendedprice) AS p90, mode() WITHIN GROUP (ORDER BY l_linenumber)
FROM lineitem GROUP BY l_shipmode ORDER BY l_shipmode;

-- ordered
SELECT n_name, string_agg(DISTINCT c_mktsegment, ',' ORDER BY c_mktsegment), array_agg(c_custkey ORDER BY c_custkey) FILTER (WHERE c_acctbal < 0)
FROM customer JOIN nation ON n_nationkey = c_nationkey GROUP BY n_name ORDER BY n_name;

-- avg and sum of money-like numerics across a non-colocated join, unrounded
-- ordered
SELECT s_nationkey, avg(ps_supplycost), sum(ps_supplycost * ps_availqty), avg(ps_availqty), count(*)
FROM partsupp JOIN supplier ON s_suppkey = ps_suppkey GROUP BY s_nationkey ORDER BY s_nationkey;

-- corr and regression aggregates (floats: rounded)
SELECT round(corr(l_quantity, l_extendedprice)::numeric, 10), round(regr_slope(l_extendedprice, l_quantity)::numeric, 6),
       round(covar_pop(l_quantity, l_discount)::numeric, 10), regr_count(l_quantity, l_tax)
FROM lineitem;

-- FILTER clauses, the Q12 CASE sums written with FILTER
-- ordered
SELECT l_shipmode, count(*) FILTER (WHERE o_orderpriority IN ('1-URGENT', '2-HIGH')) AS high,
       count(*) FILTER (WHERE o_orderpriority NOT IN ('1-URGENT', '2-HIGH')) AS low,
       avg(l_quantity) FILTER (WHERE l_returnflag = 'R') AS avg_r
FROM orders JOIN lineitem ON o_orderkey = l_orderkey GROUP BY l_shipmode ORDER BY l_shipmode;

-- aggregates on a char(n) column compared with a text
-- ordered
SELECT c_mktsegment, length(c_mktsegment), c_mktsegment || '|' AS cat, c_mktsegment::text || '|' AS cat_text, count(*)
FROM customer WHERE c_mktsegment = 'BUILDING  ' OR c_mktsegment = 'MACHINERY'::text GROUP BY c_mktsegment ORDER BY c_mktsegment;

-- ordered
SELECT n_name::text || '/' || r_name AS place, count(*) FROM supplier JOIN nation ON n_nationkey = s_nationkey
JOIN region ON r_regionkey = n_regionkey GROUP BY 1 ORDER BY 1;

-- GROUP BY a primary key with functionally dependent columns (the shards need the key too)
-- ordered
SELECT o_orderkey, o_orderdate, count(*) FROM orders JOIN lineitem ON l_orderkey = o_orderkey GROUP BY o_orderkey ORDER BY 3 DESC, 1 LIMIT 5;
-- ordered
SELECT c_custkey, c_name, count(*) FROM customer JOIN orders ON o_custkey = c_custkey GROUP BY c_custkey ORDER BY 3 DESC, 1 LIMIT 5;
-- ordered
SELECT p_partkey, p_name, count(*) FROM part JOIN partsupp ON ps_partkey = p_partkey GROUP BY p_partkey ORDER BY 1 LIMIT 5;
-- ordered
SELECT p_partkey, p_name, count(*) FROM part JOIN lineitem ON l_partkey = p_partkey GROUP BY p_partkey ORDER BY 3 DESC, 1 LIMIT 5;
-- ordered
SELECT o_orderkey, o_orderdate, count(*) FROM orders WHERE o_orderkey = 5 GROUP BY o_orderkey;
-- ordered
SELECT l_orderkey, l_linenumber, l_quantity, count(*) FROM lineitem GROUP BY l_orderkey, l_linenumber ORDER BY l_quantity DESC, 1, 2 LIMIT 5;
-- ordered
SELECT o.o_orderkey, o.o_custkey, count(*) FROM orders o JOIN lineitem l ON l_orderkey = o_orderkey GROUP BY o.o_orderkey HAVING o.o_custkey = 1 ORDER BY 1 LIMIT 5;
-- ordered
SELECT o_orderkey, o_orderdate, l_shipmode, count(*) FROM orders JOIN lineitem ON l_orderkey = o_orderkey GROUP BY o_orderkey, l_shipmode ORDER BY 4 DESC, 1, 3 LIMIT 5;
-- ordered
SELECT o_orderdate, count(*) FROM (SELECT o_orderdate, o_orderkey FROM orders GROUP BY o_orderkey) t GROUP BY o_orderdate ORDER BY 2 DESC, 1 LIMIT 5;

-- sums of intervals and money, min/max of intervals, combined from the shards
-- ordered
SELECT l_shipmode, sum(l_receiptdate - l_shipdate), sum(age(l_receiptdate, l_commitdate)), min(age(l_receiptdate, l_shipdate)), max(l_commitdate - l_shipdate)
FROM lineitem GROUP BY l_shipmode ORDER BY 1;
SET IntervalStyle = 'sql_standard';
-- ordered
SELECT o_orderpriority, sum(age(l_receiptdate, o_orderdate)), max(age(l_receiptdate, o_orderdate)) FROM orders JOIN lineitem ON l_orderkey = o_orderkey
GROUP BY o_orderpriority ORDER BY 1;
RESET IntervalStyle;
-- ordered
SELECT l_returnflag, sum(l_extendedprice::money), min(l_extendedprice::money), max(l_tax::money) FROM lineitem GROUP BY l_returnflag ORDER BY 1;
