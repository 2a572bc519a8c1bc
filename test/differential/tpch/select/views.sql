-- TPC-H queries through views: Q15's revenue0 filtered and routed, views over non-colocated
-- joins, views on views, security_barrier views with leaky-looking filters, and views with
-- aggregates queried by the distribution column.

CREATE VIEW order_lines AS
    SELECT o_orderkey, o_custkey, o_orderdate, o_orderpriority, l_linenumber, l_partkey, l_suppkey, l_quantity,
           l_extendedprice * (1 - l_discount) AS net
    FROM orders JOIN lineitem ON l_orderkey = o_orderkey;
CREATE VIEW customer_revenue AS
    SELECT c_custkey, c_name, c_nationkey, sum(net) AS revenue, count(*) AS lines
    FROM customer JOIN order_lines ON o_custkey = c_custkey GROUP BY c_custkey, c_name, c_nationkey;
CREATE VIEW nation_revenue AS
    SELECT n_name, sum(revenue) AS revenue, sum(lines) AS lines FROM customer_revenue JOIN nation ON n_nationkey = c_nationkey GROUP BY n_name;
CREATE VIEW big_suppliers WITH (security_barrier) AS
    SELECT s_suppkey, s_name, s_nationkey, s_acctbal FROM supplier WHERE s_acctbal > 0;

-- ordered
SELECT * FROM order_lines WHERE o_orderkey = 550 ORDER BY l_linenumber;
-- ordered
SELECT o_orderpriority, count(*), sum(net) FROM order_lines GROUP BY o_orderpriority ORDER BY 1;
-- ordered
SELECT * FROM customer_revenue WHERE c_custkey IN (1, 28, 206) ORDER BY c_custkey;
-- ordered
SELECT * FROM customer_revenue ORDER BY revenue DESC, c_custkey LIMIT 5;
-- ordered
SELECT * FROM nation_revenue ORDER BY n_name;
-- ordered
SELECT n_name, revenue, rank() OVER (ORDER BY revenue DESC) FROM nation_revenue ORDER BY 3, 1 LIMIT 5;
-- ordered
SELECT s_suppkey, s_name FROM big_suppliers WHERE s_nationkey = 3 ORDER BY s_suppkey;
-- ordered
SELECT b.s_suppkey, count(*) FROM big_suppliers b JOIN lineitem ON l_suppkey = b.s_suppkey WHERE b.s_acctbal::text LIKE '1%' GROUP BY b.s_suppkey ORDER BY 1;
-- ordered
SELECT * FROM big_suppliers WHERE s_suppkey = 29;
-- ordered
SELECT supplier_no, total_revenue FROM revenue0 WHERE supplier_no = 18;
-- ordered
SELECT supplier_no, total_revenue FROM revenue0 WHERE supplier_no IN (SELECT s_suppkey FROM big_suppliers) ORDER BY total_revenue DESC, supplier_no LIMIT 5;
PREPARE rv(int) AS SELECT c_custkey, revenue, lines FROM customer_revenue WHERE c_custkey = $1;
EXECUTE rv(1);
EXECUTE rv(28);
EXECUTE rv(206);
EXECUTE rv(3);
EXECUTE rv(56);
EXECUTE rv(1);
EXECUTE rv(178);
DEALLOCATE rv;
PREPARE ol(int) AS SELECT l_linenumber, net FROM order_lines WHERE o_orderkey = $1;
EXECUTE ol(550);
EXECUTE ol(5);
EXECUTE ol(6);
EXECUTE ol(7);
EXECUTE ol(8);
EXECUTE ol(550);
EXECUTE ol(9);
DEALLOCATE ol;
DROP VIEW big_suppliers;
DROP VIEW nation_revenue;
DROP VIEW customer_revenue;
DROP VIEW order_lines;
