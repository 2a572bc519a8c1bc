-- Shard pruning on the distribution columns with values of other types, casts, OR / IN / ANY,
-- contradictions and parameters of other types: a wrong prune silently loses rows.

-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_orderkey = 550::bigint ORDER BY 1, 2;
-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_orderkey = 550::smallint ORDER BY 1, 2;
-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_orderkey = 550.0 ORDER BY 1, 2;
-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_orderkey = 550.5 ORDER BY 1, 2;
-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_orderkey::numeric = 550 ORDER BY 1, 2;
-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_orderkey = '550' ORDER BY 1, 2;
-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_orderkey::text = '550' ORDER BY 1, 2;
-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_orderkey = 550::float8 ORDER BY 1, 2;
-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem WHERE 550 = l_orderkey ORDER BY 1, 2;
-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_orderkey = 550 OR l_orderkey = 1461 ORDER BY 1, 2;
-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_orderkey = 550 OR l_linenumber = 7 AND l_orderkey < 40 ORDER BY 1, 2;
-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_orderkey IN (550, 1461.0, 3350) ORDER BY 1, 2;
-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_orderkey = ANY (ARRAY[550, 1461]::bigint[]) ORDER BY 1, 2;
-- ordered
SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_orderkey = ANY ('{550, 4841}') ORDER BY 1, 2;
SELECT count(*) FROM lineitem WHERE l_orderkey = 550 AND l_orderkey = 1461;
SELECT count(*) FROM lineitem WHERE l_orderkey IS NULL;
SELECT count(*) FROM lineitem WHERE l_orderkey <> 550;
SELECT count(*) FROM lineitem WHERE NOT (l_orderkey = 550);
SELECT count(*) FROM lineitem WHERE l_orderkey = 550 IS NOT TRUE;
SELECT count(*) FROM lineitem WHERE (l_orderkey = 550) = false;
SELECT count(*) FROM lineitem WHERE l_orderkey + 0 = 550;
SELECT count(*) FROM lineitem WHERE l_orderkey = 550 AND l_orderkey IN (550, 1461);
SELECT count(*) FROM lineitem WHERE l_orderkey IN (SELECT 550 UNION SELECT 1461);
SELECT count(*) FROM lineitem WHERE l_orderkey = (SELECT max(o_orderkey) FROM orders WHERE o_custkey = 28);
SELECT count(*) FROM lineitem WHERE l_orderkey BETWEEN 550 AND 550;
SELECT count(*) FROM lineitem WHERE l_orderkey = 2147483647 OR l_orderkey = -1;
SELECT count(*) FROM lineitem WHERE l_orderkey = 5000000000;
SELECT count(*) FROM lineitem WHERE l_orderkey = 550 AND false;
SELECT count(*) FROM lineitem WHERE CASE WHEN l_orderkey = 550 THEN true ELSE false END;
-- the join condition's equality carried to the other side by an equivalence class
SELECT count(*), sum(l_quantity) FROM orders JOIN lineitem ON l_orderkey = o_orderkey WHERE o_orderkey = 550::bigint;
SELECT count(*), sum(l_quantity) FROM orders JOIN lineitem ON l_orderkey = o_orderkey WHERE o_orderkey = 550.0;
SELECT count(*), sum(l_quantity) FROM orders LEFT JOIN lineitem ON l_orderkey = o_orderkey AND l_orderkey = 550 WHERE o_orderkey IN (550, 551);
SELECT count(*) FROM orders o JOIN customer c ON c.c_custkey = o.o_custkey WHERE c.c_custkey = 28::bigint;
SELECT count(*) FROM part JOIN partsupp ON ps_partkey = p_partkey WHERE p_partkey = 7::numeric;

-- the same with parameters of other types
PREPARE pb(bigint) AS SELECT count(*), sum(l_quantity) FROM lineitem WHERE l_orderkey = $1;
EXECUTE pb(550);
EXECUTE pb(1461);
EXECUTE pb(3350);
EXECUTE pb(4841);
EXECUTE pb(1);
EXECUTE pb(550);
EXECUTE pb(5000000000);
DEALLOCATE pb;
PREPARE pn(numeric) AS SELECT count(*), sum(l_quantity) FROM lineitem WHERE l_orderkey = $1;
EXECUTE pn(550);
EXECUTE pn(1461);
EXECUTE pn(3350);
EXECUTE pn(4841);
EXECUTE pn(1);
EXECUTE pn(550);
EXECUTE pn(550.5);
DEALLOCATE pn;
PREPARE pt(text) AS SELECT count(*), sum(l_quantity) FROM lineitem WHERE l_orderkey::text = $1;
EXECUTE pt('550');
EXECUTE pt('1461');
EXECUTE pt('3350');
EXECUTE pt('4841');
EXECUTE pt('1');
EXECUTE pt('550');
DEALLOCATE pt;
PREPARE pa(int[]) AS SELECT count(*), sum(l_quantity) FROM lineitem WHERE l_orderkey = ANY ($1);
EXECUTE pa('{550}');
EXECUTE pa('{550,1461}');
EXECUTE pa('{}');
EXECUTE pa('{1,2,3,4,5}');
EXECUTE pa('{4841}');
EXECUTE pa('{550,1461}');
EXECUTE pa('{550,NULL}');
DEALLOCATE pa;
PREPARE pj(bigint) AS SELECT count(*), sum(o_totalprice) FROM orders JOIN customer ON c_custkey = o_custkey WHERE c_custkey = $1;
EXECUTE pj(1);
EXECUTE pj(28);
EXECUTE pj(206);
EXECUTE pj(3);
EXECUTE pj(56);
EXECUTE pj(1);
EXECUTE pj(178);
DEALLOCATE pj;
