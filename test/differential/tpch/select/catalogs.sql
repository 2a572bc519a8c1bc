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

-- tableoid is the coordinator's table, also when the query routes to one shard
-- ordered
SELECT tableoid::regclass AS rel, count(*) FROM lineitem GROUP BY 1 ORDER BY 1;
-- ordered
SELECT tableoid::regclass AS rel, l_linenumber FROM lineitem WHERE l_orderkey = 5 ORDER BY 2;
SELECT count(*) FROM lineitem WHERE l_orderkey = 5 AND tableoid = 'lineitem'::regclass;
SELECT count(*) FROM lineitem WHERE l_orderkey = 5 AND tableoid = (SELECT c.oid FROM pg_class c WHERE c.relname = 'lineitem' AND c.relnamespace = :'s'::regnamespace);
SELECT tableoid = (SELECT c.oid FROM pg_class c WHERE c.relname = 'orders' AND c.relnamespace = :'s'::regnamespace) AS same FROM orders WHERE o_orderkey = 550;
-- ordered
SELECT l.tableoid::regclass, o.tableoid::regclass, count(*) FROM lineitem l JOIN orders o ON o_orderkey = l_orderkey WHERE l_orderkey < 100 GROUP BY 1, 2 ORDER BY 1, 2;
-- ordered
SELECT n.tableoid::regclass, s.tableoid::regclass, count(*) FROM nation n JOIN supplier s ON s_nationkey = n_nationkey GROUP BY 1, 2 ORDER BY 1, 2;
-- ordered
SELECT t.tableoid::regclass, count(*) FROM (SELECT tableoid, o_orderkey FROM orders UNION ALL SELECT tableoid, l_orderkey FROM lineitem) t GROUP BY 1 ORDER BY 1;
PREPARE toid(int) AS SELECT tableoid::regclass, count(*) FROM lineitem WHERE l_orderkey = $1 GROUP BY 1;
EXECUTE toid(5);
EXECUTE toid(550);
EXECUTE toid(6);
EXECUTE toid(7);
EXECUTE toid(8);
EXECUTE toid(5);
EXECUTE toid(9);
DEALLOCATE toid;
-- other system columns have no meaning across nodes
-- expect-error: system columns are not supported for distributed tables
SELECT count(*) FROM lineitem WHERE xmin::text <> '' AND l_orderkey < 100;
