-- Types and collations seen from the node that evaluates them: pg_typeof (an OID of the node),
-- OID aliases printed as names (format, concat, ||, to_json), collation for, whole rows as text.
SELECT adj_id, pg_typeof(pair), pg_typeof(amount) FROM adjustments WHERE adj_id = 1;
SELECT adj_id, pg_typeof(pair)::text, pg_typeof(amount)::text FROM adjustments WHERE adj_id = 1;
SELECT pg_typeof(pair)::text, count(*) FROM adjustments GROUP BY 1;
SELECT pg_typeof(a)::text FROM adjustments a WHERE adj_id = 2;
SELECT pg_typeof(o)::text, count(*) FROM orders o GROUP BY 1;
SELECT format('%s', pg_typeof(pair)) FROM adjustments WHERE adj_id = 3;
SELECT pg_column_size(o) > 0, count(*) FROM orders o GROUP BY 1;
SELECT adj_id FROM adjustments WHERE pg_typeof(pair) = (:'s' || '.money_pair')::regtype AND adj_id < 4;
SELECT adj_id FROM adjustments WHERE pg_typeof(pair)::text = 'money_pair' AND adj_id < 4;
SELECT pair::text, (pair).currency::text FROM adjustments WHERE adj_id = 4;
SELECT count(*) FROM adjustments WHERE pair::text LIKE '%USD%';
SELECT count(*) FROM adjustments a WHERE a::text LIKE '%fee%';
SELECT count(*) FROM orders o WHERE o::text LIKE '%note 2%';
SELECT o::text FROM orders o WHERE customer_id = 2 AND order_id = 2005;
SELECT count(*) FROM orders o JOIN customers c USING (customer_id) WHERE c::text LIKE '%Gold%';
SELECT concat(pg_typeof(pair), '/', adj_id) FROM adjustments WHERE adj_id < 4;
SELECT 'type: ' || pg_typeof(pair) FROM adjustments WHERE adj_id = 3;
SELECT to_json(pg_typeof(pair)) FROM adjustments WHERE adj_id = 3;
SELECT pg_typeof(pair)::oid = (:'s' || '.money_pair')::regtype::oid FROM adjustments WHERE adj_id = 3;
SELECT count(*) FROM adjustments WHERE pg_typeof(pair)::oid = (:'s' || '.money_pair')::regtype::oid;
SELECT adj_id, collation for (kind) FROM adjustments WHERE adj_id = 3;
SELECT adj_id, collation for (kind COLLATE "C") FROM adjustments WHERE adj_id < 3;
SELECT kind, format('%s|%s', pg_typeof(kind), pg_typeof(weight)), count(*) FROM adjustments GROUP BY kind, pg_typeof(kind), pg_typeof(weight);
