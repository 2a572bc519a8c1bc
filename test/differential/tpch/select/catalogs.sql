-- Queries that mix the distributed tables with object identifiers and the coordinator's
-- catalogs: regclass / regtype constants, pg_class and information_schema joined or in
-- subqueries. These mean the coordinator's objects, never a worker's.

-- ordered
SELECT l_orderkey, l_linenumber, 'lineitem'::regclass AS rel, pg_typeof(l_quantity) FROM lineitem WHERE l_orderkey = 5 ORDER BY 2;
-- ordered
SELECT l_orderkey, 'lineitem'::regclass::oid = (SELECT c.oid FROM pg_class c WHERE c.relname = 'lineitem' AND c.relnamespace = :'s'::regnamespace) AS same
FROM lineitem WHERE l_orderkey IN (5, 6) GROUP BY l_orderkey ORDER BY 1;
SELECT count(*) FROM lineitem WHERE l_orderkey < 100 AND 'lineitem'::regclass::oid > 0;
-- ordered
SELECT l_shipmode, 'int4'::regtype, 'orders'::regclass, count(*) FROM orders JOIN lineitem ON l_orderkey = o_orderkey GROUP BY l_shipmode ORDER BY 1;
-- ordered
SELECT o_orderkey, 'customer'::regclass, c_name FROM orders JOIN customer ON c_custkey = o_custkey WHERE o_orderkey < 4 ORDER BY 1;
SELECT count(*) FROM lineitem l, information_schema.tables t WHERE l_orderkey = 5 AND t.table_name = 'lineitem' AND t.table_schema = :'s';
SELECT count(*) FROM lineitem l, information_schema.columns col WHERE l_orderkey < 10 AND col.table_name = 'lineitem' AND col.table_schema = :'s';
SELECT count(*) FROM lineitem l WHERE l_orderkey = 5 AND EXISTS (SELECT 1 FROM pg_class WHERE relname = 'lineitem' AND relnamespace = :'s'::regnamespace);
SELECT count(*) FROM orders, pg_attribute a WHERE o_orderkey = 550 AND a.attrelid = 'orders'::regclass AND a.attnum > 0;
PREPARE cat(int) AS SELECT count(*), max(a.attname) FROM lineitem, pg_attribute a WHERE l_orderkey = $1 AND a.attrelid = 'lineitem'::regclass AND a.attnum > 0;
EXECUTE cat(5);
EXECUTE cat(550);
EXECUTE cat(6);
EXECUTE cat(7);
EXECUTE cat(8);
EXECUTE cat(5);
EXECUTE cat(9);
DEALLOCATE cat;
