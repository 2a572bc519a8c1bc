-- TPC-H queries under session settings that change how dates, intervals and numbers are read
-- and printed: the coordinator and the workers must agree on them.
SET DateStyle = 'SQL, DMY';
-- ordered
SELECT o_orderkey, o_orderdate, o_orderdate + interval '3' month AS plus3 FROM orders
WHERE o_orderdate >= '01/02/1995' AND o_orderdate < '15/02/1995' ORDER BY o_orderkey;
-- ordered
SELECT o_orderpriority, count(*) AS order_count FROM orders
WHERE o_orderdate >= '01/07/1993' AND o_orderdate < date '01/07/1993' + interval '3' month
  AND EXISTS (SELECT * FROM lineitem WHERE l_orderkey = o_orderkey AND l_commitdate < l_receiptdate)
GROUP BY o_orderpriority ORDER BY o_orderpriority;
-- ordered
SELECT c_custkey, min(o_orderdate), max(o_orderdate) FROM customer JOIN orders ON o_custkey = c_custkey
WHERE c_custkey < 20 GROUP BY c_custkey ORDER BY c_custkey;
PREPARE dq(date) AS SELECT count(*), min(l_shipdate) FROM lineitem WHERE l_shipdate >= $1 AND l_shipdate < $1 + 30;
EXECUTE dq('01/02/1995');
EXECUTE dq('13/02/1995');
EXECUTE dq('01/12/1996');
EXECUTE dq('05/06/1997');
EXECUTE dq('01/02/1993');
EXECUTE dq('01/02/1995');
DEALLOCATE dq;
SET DateStyle = 'German';
-- ordered
SELECT l_orderkey, l_linenumber, l_shipdate, l_receiptdate FROM lineitem, part
WHERE p_partkey = l_partkey AND p_partkey = 6 AND l_shipdate < '01.01.1994' ORDER BY 1, 2;
SET DateStyle = 'Postgres, MDY';
-- ordered
SELECT supp_nation, l_year, sum(volume) FROM (
  SELECT n_name AS supp_nation, extract(year FROM l_shipdate) AS l_year, l_extendedprice AS volume
  FROM supplier, lineitem, nation WHERE s_suppkey = l_suppkey AND s_nationkey = n_nationkey
    AND l_shipdate BETWEEN '01/01/1995' AND '12/31/1996') t
GROUP BY supp_nation, l_year ORDER BY 1, 2;
RESET DateStyle;
SET IntervalStyle = 'sql_standard';
-- ordered
SELECT o_orderkey, max(l_receiptdate - o_orderdate), max(age(l_receiptdate, o_orderdate)), min(l_shipdate - interval '1 month 2 days')
FROM orders JOIN customer ON c_custkey = o_custkey JOIN lineitem ON l_orderkey = o_orderkey WHERE c_custkey = 28 GROUP BY o_orderkey ORDER BY o_orderkey;
SET IntervalStyle = 'iso_8601';
-- ordered
SELECT c_custkey, max(age(o_orderdate, date '1992-01-01')) FROM customer JOIN orders ON o_custkey = c_custkey
WHERE c_custkey < 10 GROUP BY c_custkey ORDER BY c_custkey;
RESET IntervalStyle;
SET extra_float_digits = 0;
-- ordered
-- approx: 1e-5
SELECT l_shipmode, avg(l_quantity::float8), sum(l_discount::float4), stddev(l_tax::float8) FROM lineitem GROUP BY l_shipmode ORDER BY l_shipmode;
SET extra_float_digits = 3;
-- ordered
-- approx: 1e-12
SELECT n_name, sum(ps_supplycost::float8 * ps_availqty) FROM partsupp JOIN supplier ON s_suppkey = ps_suppkey JOIN nation ON n_nationkey = s_nationkey
GROUP BY n_name ORDER BY n_name;
RESET extra_float_digits;
SET TimeZone = 'Asia/Kolkata';
-- ordered
SELECT o_orderkey, o_orderdate::timestamptz, date_trunc('week', o_orderdate::timestamptz) FROM orders JOIN customer ON c_custkey = o_custkey
WHERE c_custkey = 29 ORDER BY o_orderkey;
SELECT count(*) FROM lineitem, part WHERE p_partkey = l_partkey AND l_shipdate::timestamptz < timestamptz '1995-01-01 03:00+00';
RESET TimeZone;
SET lc_monetary = 'C';
-- ordered
SELECT c_custkey, c_acctbal::money, sum(o_totalprice)::money FROM customer JOIN orders ON o_custkey = c_custkey
WHERE c_custkey < 12 GROUP BY c_custkey, c_acctbal ORDER BY c_custkey;
RESET lc_monetary;
