-- Collations other than the database's: partial min/max combined on the coordinator, sorted
-- merges, grouping and DISTINCT under an ICU collation, and a nondeterministic collation
-- created in the session (which the workers do not have).

-- ordered
SELECT o_orderpriority, min(CASE WHEN o_orderkey % 2 = 0 THEN upper(o_comment) ELSE o_comment END COLLATE "und-x-icu") AS mn,
       max(CASE WHEN o_orderkey % 2 = 0 THEN upper(o_comment) ELSE o_comment END COLLATE "und-x-icu") AS mx
FROM orders GROUP BY o_orderpriority ORDER BY o_orderpriority;
-- ordered
SELECT l_shipmode, min(CASE WHEN l_linenumber % 2 = 0 THEN upper(l_comment) ELSE l_comment END COLLATE "und-x-icu") AS mn,
       max(CASE WHEN l_linenumber % 2 = 0 THEN upper(l_comment) ELSE l_comment END COLLATE "und-x-icu") AS mx
FROM orders JOIN lineitem ON l_orderkey = o_orderkey GROUP BY l_shipmode ORDER BY l_shipmode;
SELECT min(x), max(x) FROM (SELECT CASE WHEN o_orderkey % 3 = 0 THEN upper(o_comment) ELSE o_comment END COLLATE "und-x-icu" AS x FROM orders) t;
SELECT min(CASE WHEN o_orderkey % 3 = 0 THEN upper(o_comment) ELSE o_comment END COLLATE "und-x-icu"), max(CASE WHEN o_orderkey % 3 = 0 THEN upper(o_comment) ELSE o_comment END COLLATE "und-x-icu") FROM orders;
-- ordered
SELECT o_orderkey, CASE WHEN o_orderkey % 2 = 0 THEN upper(o_comment) ELSE o_comment END COLLATE "und-x-icu" AS c FROM orders
ORDER BY c, o_orderkey LIMIT 12;
-- ordered
SELECT l_orderkey, l_linenumber, CASE WHEN l_linenumber % 2 = 0 THEN upper(l_comment) ELSE l_comment END COLLATE "und-x-icu" AS c FROM lineitem
ORDER BY c DESC, l_orderkey, l_linenumber LIMIT 12;
-- ordered
SELECT c_name, c_custkey FROM customer ORDER BY lower(c_name) COLLATE "und-x-icu", c_custkey LIMIT 5;
-- ordered
SELECT CASE WHEN o_orderkey % 2 = 0 THEN upper(o_comment) ELSE o_comment END COLLATE "und-x-icu" AS c, count(*)
FROM orders GROUP BY 1 ORDER BY 1 LIMIT 10;
-- ordered
SELECT o_orderkey, CASE WHEN o_orderkey % 2 = 0 THEN upper(o_comment) ELSE o_comment END AS c FROM orders
WHERE CASE WHEN o_orderkey % 2 = 0 THEN upper(o_comment) ELSE o_comment END < 'ORDER COMMENT 3' COLLATE "und-x-icu" AND o_orderkey < 120 ORDER BY o_orderkey;
-- ordered
SELECT n_name, string_agg(s_name, ',' ORDER BY lower(s_name) COLLATE "und-x-icu" DESC) FROM supplier JOIN nation ON n_nationkey = s_nationkey
GROUP BY n_name ORDER BY n_name;
-- window ordered by an ICU collation, partitioned by the distribution column
-- ordered
SELECT l_orderkey, l_linenumber, rank() OVER (PARTITION BY l_orderkey ORDER BY CASE WHEN l_linenumber % 2 = 0 THEN upper(l_comment) ELSE l_comment END COLLATE "und-x-icu", l_linenumber) AS r
FROM lineitem WHERE l_orderkey < 12 ORDER BY 1, 2;
-- a nondeterministic collation created in the session: equal strings that differ in case
CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
-- ordered
SELECT lower(o_comment) COLLATE ci AS c, count(*) FROM orders WHERE o_orderkey < 40 GROUP BY 1 ORDER BY 1;
SELECT count(DISTINCT CASE WHEN o_orderkey % 2 = 0 THEN upper(o_comment) ELSE o_comment END COLLATE ci) FROM orders;
SELECT count(*) FROM orders JOIN lineitem ON l_orderkey = o_orderkey WHERE upper(o_comment) = o_comment COLLATE ci;
-- ordered
SELECT o_orderkey, lower(o_comment) COLLATE ci AS c FROM orders WHERE o_orderkey = 550 OR o_orderkey = 551 ORDER BY 1;
SELECT count(*) FROM orders WHERE o_orderkey = 550 AND upper(o_comment) = o_comment COLLATE ci;
-- ordered
SELECT l_linenumber FROM lineitem JOIN orders ON o_orderkey = l_orderkey WHERE l_orderkey = 550 AND upper(l_shipmode) = lower(l_shipmode) COLLATE ci ORDER BY 1;
PREPARE ci_routed(int) AS SELECT count(*) FROM lineitem WHERE l_orderkey = $1 AND upper(l_comment) = l_comment COLLATE ci;
EXECUTE ci_routed(550);
EXECUTE ci_routed(5);
EXECUTE ci_routed(6);
EXECUTE ci_routed(7);
EXECUTE ci_routed(8);
EXECUTE ci_routed(550);
EXECUTE ci_routed(9);
DEALLOCATE ci_routed;
DROP COLLATION ci;
