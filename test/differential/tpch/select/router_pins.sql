-- Router pins in odd places: equalities on the distribution column inside ON clauses of outer
-- joins, in sublinks of another query level, contradictions, pins of different shards in one
-- query. A query may run whole on one shard only if every row it needs lives there.

SELECT count(*), count(l_orderkey) FROM orders o LEFT JOIN lineitem l ON l_orderkey = o_orderkey AND l_orderkey = 5;
SELECT count(*), count(l_orderkey) FROM orders o LEFT JOIN lineitem l ON l_orderkey = o_orderkey AND o_orderkey = 5;
SELECT count(*), count(o_orderkey) FROM lineitem l RIGHT JOIN orders o ON l_orderkey = o_orderkey AND l_orderkey = 5;
SELECT count(*), count(l_orderkey), count(o_orderkey) FROM orders o FULL JOIN lineitem l ON l_orderkey = o_orderkey AND l_orderkey = 5;
SELECT count(*), count(l_orderkey) FROM orders o LEFT JOIN lineitem l ON l_orderkey = o_orderkey WHERE o_orderkey = 5;
SELECT count(*), count(l_orderkey) FROM orders o LEFT JOIN lineitem l ON l_orderkey = o_orderkey WHERE l_orderkey = 5;
SELECT count(*) FROM orders o LEFT JOIN lineitem l ON l_orderkey = o_orderkey AND l_orderkey = 5 AND l_orderkey = 6 WHERE o_orderkey < 100;
SELECT count(*) FROM orders o LEFT JOIN lineitem l ON l_orderkey = o_orderkey WHERE o_orderkey = 5 AND o_orderkey = 6;
SELECT count(*) FROM orders o WHERE o_orderkey = 5 OR EXISTS (SELECT 1 FROM lineitem l WHERE l_orderkey = o_orderkey AND l_orderkey = 5);
SELECT count(*) FROM lineitem WHERE l_orderkey = 5 AND l_partkey IN (SELECT l_partkey FROM lineitem WHERE l_quantity > 45);
SELECT count(*) FROM lineitem WHERE l_orderkey = 5 AND l_partkey IN (SELECT l_partkey FROM lineitem WHERE l_orderkey = 6);
SELECT count(*) FROM lineitem WHERE l_orderkey = 5 AND l_partkey NOT IN (SELECT l_partkey FROM lineitem WHERE l_orderkey = 550);
SELECT count(*) FROM lineitem l1 WHERE l_orderkey = 5 AND EXISTS (SELECT 1 FROM lineitem l2 WHERE l2.l_partkey = l1.l_partkey AND l2.l_orderkey <> 5);
SELECT (SELECT count(*) FROM lineitem WHERE l_orderkey = 6), count(*) FROM lineitem WHERE l_orderkey = 5;
SELECT (SELECT count(*) FROM lineitem), count(*) FROM lineitem WHERE l_orderkey = 5;
SELECT count(*) FROM lineitem l1 JOIN lineitem l2 ON l1.l_partkey = l2.l_partkey WHERE l1.l_orderkey = 5 AND l2.l_orderkey = 550;
SELECT count(*) FROM lineitem l1 JOIN lineitem l2 ON l1.l_partkey = l2.l_partkey WHERE l1.l_orderkey = 5;
SELECT count(*) FROM lineitem l1 JOIN orders o ON o.o_custkey = l1.l_partkey WHERE l1.l_orderkey = 5 AND o.o_orderkey = 5;
SELECT count(*) FROM lineitem l1 JOIN orders o ON o.o_custkey = l1.l_partkey WHERE l1.l_orderkey = 5;
WITH x AS (SELECT l_partkey FROM lineitem WHERE l_orderkey = 5) SELECT count(*) FROM lineitem WHERE l_partkey IN (SELECT l_partkey FROM x);
WITH x AS (SELECT l_partkey FROM lineitem) SELECT count(*) FROM lineitem WHERE l_orderkey = 5 AND l_partkey IN (SELECT l_partkey FROM x);
SELECT count(*) FROM lineitem WHERE l_orderkey = 5 UNION ALL SELECT count(*) FROM lineitem WHERE l_orderkey = 550;
SELECT count(*) FROM (SELECT * FROM lineitem WHERE l_orderkey = 5) a FULL JOIN (SELECT * FROM lineitem WHERE l_orderkey = 550) b ON a.l_partkey = b.l_partkey;
SELECT count(*) FROM orders o LEFT JOIN LATERAL (SELECT count(*) AS n FROM lineitem WHERE l_orderkey = 5 AND l_partkey = o.o_custkey) t ON true WHERE o_orderkey < 300;
SELECT count(*) FROM orders o, LATERAL (SELECT l_linenumber FROM lineitem WHERE l_orderkey = o.o_orderkey LIMIT 1) t WHERE o_orderkey = 5;
SELECT count(*) FROM orders o WHERE o_orderkey = 5 AND o_custkey IN (SELECT c_custkey FROM customer);
SELECT count(*) FROM customer c WHERE c_custkey = 28 AND EXISTS (SELECT 1 FROM orders WHERE o_custkey = c_custkey);
SELECT count(*) FROM customer c LEFT JOIN orders o ON o_custkey = c_custkey AND c_custkey = 28;
