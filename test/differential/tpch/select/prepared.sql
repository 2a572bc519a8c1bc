-- TPC-H queries as prepared statements with their substitution parameters as parameters, each
-- executed 7 times (past PostgreSQL's switch to a generic plan after 5 executions).

-- Q1 with the delta as a parameter
PREPARE q1(int) AS
SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price,
       round(avg(l_discount), 6) AS avg_disc, count(*) AS count_order
FROM lineitem WHERE l_shipdate <= date '1998-12-01' - $1 GROUP BY l_returnflag, l_linestatus;
EXECUTE q1(90);
EXECUTE q1(60);
EXECUTE q1(120);
EXECUTE q1(1000);
EXECUTE q1(2000);
EXECUTE q1(90);
EXECUTE q1(3000);
DEALLOCATE q1;

-- Q3 with segment and date
PREPARE q3(text, date) AS
SELECT l_orderkey, sum(l_extendedprice * (1 - l_discount)) AS revenue, o_orderdate, o_shippriority
FROM customer, orders, lineitem
WHERE c_mktsegment = $1 AND c_custkey = o_custkey AND l_orderkey = o_orderkey AND o_orderdate < $2 AND l_shipdate > $2
GROUP BY l_orderkey, o_orderdate, o_shippriority ORDER BY revenue DESC, o_orderdate, l_orderkey LIMIT 10;
-- ordered
EXECUTE q3('BUILDING', '1995-03-15');
-- ordered
EXECUTE q3('AUTOMOBILE', '1995-03-15');
-- ordered
EXECUTE q3('MACHINERY', '1994-06-01');
-- ordered
EXECUTE q3('HOUSEHOLD', '1996-01-01');
-- ordered
EXECUTE q3('FURNITURE', '1993-03-01');
-- ordered
EXECUTE q3('BUILDING', '1997-03-15');
-- ordered
EXECUTE q3('NOSUCH', '1995-03-15');
DEALLOCATE q3;

-- Q4 with the quarter's start
PREPARE q4(date) AS
SELECT o_orderpriority, count(*) AS order_count FROM orders
WHERE o_orderdate >= $1 AND o_orderdate < $1 + interval '3' month
  AND EXISTS (SELECT * FROM lineitem WHERE l_orderkey = o_orderkey AND l_commitdate < l_receiptdate)
GROUP BY o_orderpriority;
EXECUTE q4('1993-07-01');
EXECUTE q4('1994-01-01');
EXECUTE q4('1995-04-01');
EXECUTE q4('1996-10-01');
EXECUTE q4('1997-07-01');
EXECUTE q4('1993-07-01');
EXECUTE q4('1992-01-01');
DEALLOCATE q4;

-- Q5 with region and year
PREPARE q5(text, date) AS
SELECT n_name, sum(l_extendedprice * (1 - l_discount)) AS revenue
FROM customer, orders, lineitem, supplier, nation, region
WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND l_suppkey = s_suppkey
  AND c_nationkey = s_nationkey AND s_nationkey = n_nationkey AND n_regionkey = r_regionkey
  AND r_name = $1 AND o_orderdate >= $2 AND o_orderdate < $2 + interval '1' year
GROUP BY n_name;
EXECUTE q5('ASIA', '1994-01-01');
EXECUTE q5('AMERICA', '1994-01-01');
EXECUTE q5('EUROPE', '1995-01-01');
EXECUTE q5('AFRICA', '1996-01-01');
EXECUTE q5('MIDDLE EAST', '1997-01-01');
EXECUTE q5('ASIA', '1993-01-01');
EXECUTE q5('AMERICA', '1992-01-01');
DEALLOCATE q5;

-- Q6 with date, discount and quantity
PREPARE q6(date, numeric, numeric) AS
SELECT sum(l_extendedprice * l_discount) AS revenue FROM lineitem
WHERE l_shipdate >= $1 AND l_shipdate < $1 + interval '1' year
  AND l_discount BETWEEN $2 - 0.01 AND $2 + 0.01 AND l_quantity < $3;
EXECUTE q6('1994-01-01', 0.06, 24);
EXECUTE q6('1995-01-01', 0.02, 25);
EXECUTE q6('1996-01-01', 0.09, 24);
EXECUTE q6('1997-01-01', 0.05, 30);
EXECUTE q6('1993-01-01', 0.07, 10);
EXECUTE q6('1994-01-01', 0.06, 24);
EXECUTE q6('2001-01-01', 0.06, 24);
DEALLOCATE q6;

-- Q10 with the quarter and a routed customer
PREPARE q10(date, int) AS
SELECT c_custkey, c_name, sum(l_extendedprice * (1 - l_discount)) AS revenue, c_acctbal, n_name
FROM customer, orders, lineitem, nation
WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND o_orderdate >= $1
  AND o_orderdate < $1 + interval '3' month AND l_returnflag = 'R' AND c_nationkey = n_nationkey
  AND c_custkey = $2
GROUP BY c_custkey, c_name, c_acctbal, n_name;
EXECUTE q10('1993-10-01', 1);
EXECUTE q10('1993-01-01', 1);
EXECUTE q10('1994-01-01', 206);
EXECUTE q10('1992-01-01', 28);
EXECUTE q10('1993-10-01', 56);
EXECUTE q10('1993-10-01', 1);
EXECUTE q10('1994-04-01', 178);
DEALLOCATE q10;

-- Q12 with ship modes and year
PREPARE q12(text, text, date) AS
SELECT l_shipmode,
       sum(CASE WHEN o_orderpriority = '1-URGENT' OR o_orderpriority = '2-HIGH' THEN 1 ELSE 0 END) AS high_line_count,
       sum(CASE WHEN o_orderpriority <> '1-URGENT' AND o_orderpriority <> '2-HIGH' THEN 1 ELSE 0 END) AS low_line_count
FROM orders, lineitem
WHERE o_orderkey = l_orderkey AND l_shipmode IN ($1, $2) AND l_commitdate < l_receiptdate
  AND l_shipdate < l_commitdate AND l_receiptdate >= $3 AND l_receiptdate < $3 + interval '1' year
GROUP BY l_shipmode;
EXECUTE q12('MAIL', 'SHIP', '1994-01-01');
EXECUTE q12('AIR', 'RAIL', '1995-01-01');
EXECUTE q12('FOB', 'TRUCK', '1996-01-01');
EXECUTE q12('REG AIR', 'MAIL', '1997-01-01');
EXECUTE q12('SHIP', 'RAIL', '1993-01-01');
EXECUTE q12('MAIL', 'SHIP', '1994-01-01');
EXECUTE q12('TRUCK', 'AIR', '1992-01-01');
DEALLOCATE q12;

-- Q13 with the comment words
PREPARE q13(text) AS
SELECT c_count, count(*) AS custdist
FROM (SELECT c_custkey, count(o_orderkey) FROM customer LEFT OUTER JOIN orders
        ON c_custkey = o_custkey AND o_comment NOT LIKE $1 GROUP BY c_custkey) AS c_orders (c_custkey, c_count)
GROUP BY c_count;
EXECUTE q13('%special%requests%');
EXECUTE q13('%pending%packages%');
EXECUTE q13('%order%');
EXECUTE q13('%special%');
EXECUTE q13('%requests%');
EXECUTE q13('%special%requests%');
EXECUTE q13('%');
DEALLOCATE q13;

-- Q14 with the month
PREPARE q14(date) AS
SELECT round(100.00 * sum(CASE WHEN p_type LIKE 'PROMO%' THEN l_extendedprice * (1 - l_discount) ELSE 0 END)
             / sum(l_extendedprice * (1 - l_discount)), 10) AS promo_revenue
FROM lineitem, part WHERE l_partkey = p_partkey AND l_shipdate >= $1 AND l_shipdate < $1 + interval '1' month;
EXECUTE q14('1995-09-01');
EXECUTE q14('1993-02-01');
EXECUTE q14('1994-12-01');
EXECUTE q14('1996-03-01');
EXECUTE q14('1997-07-01');
EXECUTE q14('1995-09-01');
EXECUTE q14('1998-05-01');
DEALLOCATE q14;

-- Q17 with brand and container
PREPARE q17(text, text) AS
SELECT round(sum(l_extendedprice) / 7.0, 6) AS avg_yearly FROM lineitem, part
WHERE p_partkey = l_partkey AND p_brand = $1 AND p_container = $2
  AND l_quantity < (SELECT 0.2 * avg(l_quantity) FROM lineitem WHERE l_partkey = p_partkey);
EXECUTE q17('Brand#55', 'MED DRUM');
EXECUTE q17('Brand#32', 'LG BOX');
EXECUTE q17('Brand#14', 'SM BOX');
EXECUTE q17('Brand#53', 'MED CASE');
EXECUTE q17('Brand#22', 'JUMBO JAR');
EXECUTE q17('Brand#55', 'MED DRUM');
EXECUTE q17('Brand#11', 'SM CASE');
DEALLOCATE q17;

-- Q18 with the quantity threshold
PREPARE q18(numeric) AS
SELECT c_name, c_custkey, o_orderkey, o_orderdate, o_totalprice, sum(l_quantity)
FROM customer, orders, lineitem
WHERE o_orderkey IN (SELECT l_orderkey FROM lineitem GROUP BY l_orderkey HAVING sum(l_quantity) > $1)
  AND c_custkey = o_custkey AND o_orderkey = l_orderkey
GROUP BY c_name, c_custkey, o_orderkey, o_orderdate, o_totalprice
ORDER BY o_totalprice DESC, o_orderdate, o_orderkey LIMIT 100;
-- ordered
EXECUTE q18(200);
-- ordered
EXECUTE q18(190);
-- ordered
EXECUTE q18(180);
-- ordered
EXECUTE q18(202);
-- ordered
EXECUTE q18(170);
-- ordered
EXECUTE q18(200);
-- ordered
EXECUTE q18(500);
DEALLOCATE q18;

-- Q21 with the nation
PREPARE q21(text) AS
SELECT s_name, count(*) AS numwait
FROM supplier, lineitem l1, orders, nation
WHERE s_suppkey = l1.l_suppkey AND o_orderkey = l1.l_orderkey AND o_orderstatus = 'F'
  AND l1.l_receiptdate > l1.l_commitdate
  AND EXISTS (SELECT * FROM lineitem l2 WHERE l2.l_orderkey = l1.l_orderkey AND l2.l_suppkey <> l1.l_suppkey)
  AND NOT EXISTS (SELECT * FROM lineitem l3 WHERE l3.l_orderkey = l1.l_orderkey
                    AND l3.l_suppkey <> l1.l_suppkey AND l3.l_receiptdate > l3.l_commitdate)
  AND s_nationkey = n_nationkey AND n_name = $1
GROUP BY s_name;
EXECUTE q21('SAUDI ARABIA');
EXECUTE q21('CANADA');
EXECUTE q21('UNITED STATES');
EXECUTE q21('GERMANY');
EXECUTE q21('CHINA');
EXECUTE q21('SAUDI ARABIA');
EXECUTE q21('ALGERIA');
DEALLOCATE q21;

-- Q22 with the country codes as an array
PREPARE q22(text[]) AS
SELECT cntrycode, count(*) AS numcust, sum(c_acctbal) AS totacctbal
FROM (SELECT substring(c_phone FROM 1 FOR 2) AS cntrycode, c_acctbal FROM customer
      WHERE substring(c_phone FROM 1 FOR 2) = ANY ($1)
        AND c_acctbal > (SELECT avg(c_acctbal) FROM customer WHERE c_acctbal > 0.00 AND substring(c_phone FROM 1 FOR 2) = ANY ($1))
        AND NOT EXISTS (SELECT * FROM orders WHERE o_custkey = c_custkey)) AS custsale
GROUP BY cntrycode;
EXECUTE q22('{13,31,23,29,30,18,17}');
EXECUTE q22('{10,11,12}');
EXECUTE q22('{20,21,22,24,25}');
EXECUTE q22('{13}');
EXECUTE q22('{30,31,32,33,34}');
EXECUTE q22('{13,31,23,29,30,18,17}');
EXECUTE q22('{99}');
DEALLOCATE q22;

-- routed by a parameter on the distribution column: one order's lines with its customer
PREPARE one_order(int) AS
SELECT o_orderkey, c_name, count(*), sum(l_extendedprice * (1 - l_discount))
FROM orders JOIN lineitem ON l_orderkey = o_orderkey JOIN customer ON c_custkey = o_custkey
WHERE o_orderkey = $1 GROUP BY o_orderkey, c_name;
EXECUTE one_order(1);
EXECUTE one_order(550);
EXECUTE one_order(1461);
EXECUTE one_order(2237);
EXECUTE one_order(3924);
EXECUTE one_order(4841);
EXECUTE one_order(5001);
EXECUTE one_order(1);
DEALLOCATE one_order;
