-- TPC-H queries inside transactions that changed the tables first (read-your-writes through
-- the non-colocated joins the coordinator finishes), against temporary and local tables,
-- with SQL functions defined in the session, cursors and COPY of a query.

BEGIN;
UPDATE lineitem SET l_discount = 0.10 WHERE l_orderkey < 400;
DELETE FROM orders WHERE o_orderkey % 97 = 0;
INSERT INTO supplier VALUES (41, 'Supplier#000000041', 'addr new', 20, '30-111-222-3333', 99.00, 'new supplier');
UPDATE lineitem SET l_suppkey = 41 WHERE l_orderkey BETWEEN 100 AND 130 AND l_linenumber = 1;
-- ordered
SELECT n_name, sum(l_extendedprice * (1 - l_discount)) AS revenue
FROM customer, orders, lineitem, supplier, nation, region
WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND l_suppkey = s_suppkey
  AND s_nationkey = n_nationkey AND n_regionkey = r_regionkey AND r_name = 'MIDDLE EAST'
GROUP BY n_name ORDER BY revenue DESC, n_name;
-- ordered
SELECT s_name, count(*) FROM supplier JOIN lineitem ON l_suppkey = s_suppkey WHERE s_suppkey IN (41, 5) GROUP BY s_name ORDER BY s_name;
-- ordered
SELECT c_count, count(*) AS custdist
FROM (SELECT c_custkey, count(o_orderkey) FROM customer LEFT OUTER JOIN orders ON c_custkey = o_custkey
      GROUP BY c_custkey) AS c_orders (c_custkey, c_count)
GROUP BY c_count ORDER BY custdist DESC, c_count DESC;
SELECT sum(l_extendedprice * l_discount) AS revenue FROM lineitem WHERE l_quantity < 24;
ROLLBACK;

BEGIN;
SAVEPOINT s1;
UPDATE part SET p_type = 'PROMO BURNISHED TIN' WHERE p_partkey % 5 = 0;
SELECT round(100.00 * sum(CASE WHEN p_type LIKE 'PROMO%' THEN l_extendedprice * (1 - l_discount) ELSE 0 END)
             / sum(l_extendedprice * (1 - l_discount)), 10) AS promo_revenue
FROM lineitem, part WHERE l_partkey = p_partkey AND l_shipdate >= date '1995-09-01' AND l_shipdate < date '1995-10-01';
ROLLBACK TO SAVEPOINT s1;
SELECT round(100.00 * sum(CASE WHEN p_type LIKE 'PROMO%' THEN l_extendedprice * (1 - l_discount) ELSE 0 END)
             / sum(l_extendedprice * (1 - l_discount)), 10) AS promo_revenue
FROM lineitem, part WHERE l_partkey = p_partkey AND l_shipdate >= date '1995-09-01' AND l_shipdate < date '1995-10-01';
COMMIT;

-- a temporary table of parameters joined with the distributed tables
CREATE TEMP TABLE params (segment char(10), since date);
INSERT INTO params VALUES ('BUILDING', '1995-03-15'), ('MACHINERY', '1996-01-01');
-- ordered
SELECT segment, count(DISTINCT o_orderkey), sum(l_extendedprice * (1 - l_discount))
FROM params, customer, orders, lineitem
WHERE c_mktsegment = segment AND c_custkey = o_custkey AND l_orderkey = o_orderkey AND o_orderdate < since AND l_shipdate > since
GROUP BY segment ORDER BY segment;
-- ordered
SELECT o_orderkey, o_orderdate FROM orders WHERE o_orderdate IN (SELECT since FROM params) ORDER BY o_orderkey;
DROP TABLE params;

-- VALUES lists joined with the distributed tables
-- ordered
SELECT v.name, count(*) FROM (VALUES ('CANADA'), ('GERMANY'), ('NOWHERE')) v(name)
LEFT JOIN nation ON n_name = v.name LEFT JOIN supplier ON s_nationkey = n_nationkey GROUP BY v.name ORDER BY v.name;

-- an SQL function defined in the session, used in the target list and in WHERE
CREATE FUNCTION disc_price(p numeric, d numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT p * (1 - d) $$;
-- ordered
SELECT l_returnflag, sum(disc_price(l_extendedprice, l_discount)) FROM lineitem GROUP BY l_returnflag ORDER BY 1;
-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem WHERE disc_price(l_extendedprice, l_discount) > 45000 ORDER BY 1, 2;
-- ordered
SELECT n_name, sum(disc_price(l_extendedprice, l_discount)) FROM lineitem JOIN supplier ON s_suppkey = l_suppkey JOIN nation ON n_nationkey = s_nationkey
WHERE l_orderkey = 550 GROUP BY n_name ORDER BY 1;
CREATE FUNCTION order_lines(k int) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM lineitem WHERE l_orderkey = k $$;
-- ordered
SELECT o_orderkey, order_lines(o_orderkey) FROM orders WHERE o_custkey = 29 ORDER BY o_orderkey;
DROP FUNCTION order_lines(int);
DROP FUNCTION disc_price(numeric, numeric);

-- a cursor over Q10, fetched forward in pieces
BEGIN;
DECLARE c10 CURSOR FOR
SELECT c_custkey, c_name, sum(l_extendedprice * (1 - l_discount)) AS revenue
FROM customer, orders, lineitem WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND l_returnflag = 'R'
GROUP BY c_custkey, c_name ORDER BY revenue DESC, c_custkey;
-- ordered
FETCH 5 FROM c10;
-- ordered
FETCH 3 FROM c10;
MOVE 10 IN c10;
-- ordered
FETCH 4 FROM c10;
CLOSE c10;
DECLARE c3 SCROLL CURSOR FOR SELECT o_orderkey, o_totalprice FROM orders JOIN customer ON c_custkey = o_custkey WHERE c_nationkey = 4 ORDER BY o_orderkey;
-- ordered
FETCH 3 FROM c3;
-- ordered
FETCH PRIOR FROM c3;
-- ordered
FETCH LAST FROM c3;
-- ordered
FETCH ABSOLUTE 2 FROM c3;
COMMIT;

-- COPY of a query to the client
COPY (SELECT l_returnflag, l_linestatus, sum(l_quantity), count(*) FROM lineitem GROUP BY 1, 2 ORDER BY 1, 2) TO STDOUT;
COPY (SELECT s_name, count(*) FROM supplier JOIN lineitem ON l_suppkey = s_suppkey GROUP BY s_name ORDER BY s_name) TO STDOUT WITH (FORMAT csv, HEADER);
