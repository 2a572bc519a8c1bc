-- Errors the TPC-H shapes raise in PostgreSQL too: the distributed side must fail the same way
-- (division by zero on a worker or on the coordinator, a scalar subquery with several rows,
-- bad casts), and the session must go on afterwards.

-- error
SELECT l_orderkey, l_quantity / (l_linenumber - 1) FROM lineitem WHERE l_orderkey < 10;
-- error
SELECT o_orderpriority, sum(l_quantity) / (count(*) - count(*)) FROM orders JOIN lineitem ON l_orderkey = o_orderkey GROUP BY o_orderpriority;
-- error
SELECT c_custkey, o_totalprice / (c_acctbal - c_acctbal) FROM orders JOIN customer ON c_custkey = o_custkey WHERE o_orderkey < 5;
-- error
SELECT s_suppkey FROM supplier WHERE s_acctbal > (SELECT c_acctbal FROM customer WHERE c_nationkey = 3);
-- error
SELECT o_orderkey, (SELECT l_linenumber FROM lineitem WHERE l_orderkey = o_orderkey) FROM orders WHERE o_orderkey < 20;
-- error
SELECT count(*) FROM lineitem WHERE l_orderkey = 5 AND (CASE WHEN l_linenumber > 0 THEN 'oops' END)::int > 0;
-- error
SELECT count(*) FROM lineitem JOIN part ON p_partkey = l_partkey WHERE (CASE WHEN p_partkey > 0 THEN 'oops' END)::int > 0;
-- error
SELECT l_orderkey / 0 FROM lineitem WHERE l_orderkey = 5;
SELECT count(*) FROM lineitem;
-- error
SELECT sum(l_quantity)::numeric(3,0) FROM lineitem;
-- error
SELECT l_orderkey, sum(l_quantity)::numeric(4,2) FROM lineitem GROUP BY l_orderkey;
SELECT count(*), sum(l_quantity) FROM orders JOIN lineitem ON l_orderkey = o_orderkey;
