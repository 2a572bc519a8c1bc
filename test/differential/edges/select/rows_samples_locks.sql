-- Whole-row references (router, multi-shard, joins, tables with dropped columns), system
-- columns, TABLESAMPLE, row locks, key lookups through casts, domain and composite columns.
SELECT * FROM adjustments;
SELECT a FROM adjustments a;
SELECT a::text FROM adjustments a WHERE adj_id < 10;
SELECT row_to_json(a) FROM adjustments a;
SELECT to_jsonb(a) - 'weight' FROM adjustments a WHERE adj_id = 3;
SELECT count(DISTINCT a) FROM adjustments a;
SELECT o FROM orders o WHERE customer_id = 2;
SELECT o FROM orders o WHERE customer_id < 4;
SELECT (o).amount, (o).status FROM orders o WHERE customer_id = 3;
SELECT o.customer_id, count(DISTINCT o) FROM orders o GROUP BY o.customer_id;
SELECT c, o.order_id FROM customers c JOIN orders o USING (customer_id) WHERE c.customer_id = 4;
SELECT c.customer_id, array_agg(o ORDER BY o.order_id) FROM customers c JOIN orders o USING (customer_id) WHERE c.customer_id IN (3, 4) GROUP BY c.customer_id;
SELECT p FROM payments p JOIN refunds r USING (payment_id) WHERE r.refund_id < 10;
SELECT l FROM "Ledger" l WHERE "AccountCode" = 'zeta';
SELECT d FROM devices d WHERE platform = 'ios';
-- expect-error: system columns are not supported
SELECT tableoid::regclass, count(*) FROM orders GROUP BY 1;
-- expect-error: system columns are not supported
SELECT tableoid::regclass, count(*) FROM orders WHERE customer_id = 2 GROUP BY 1;
SELECT count(*) FROM ONLY orders;
SELECT count(*) FROM orders TABLESAMPLE SYSTEM (100);
SELECT count(*) FROM orders TABLESAMPLE BERNOULLI (100) REPEATABLE (7);
SELECT count(*) FROM orders TABLESAMPLE BERNOULLI (0);
SELECT order_id FROM orders WHERE customer_id = 2 FOR UPDATE;
-- expect-error: not supported for queries across shards
SELECT order_id FROM orders WHERE customer_id < 4 FOR SHARE;
SELECT o.order_id FROM orders o JOIN customers c USING (customer_id) WHERE c.customer_id = 3 FOR UPDATE OF o;
-- expect-error: not supported for queries across shards
SELECT o.order_id, p.payment_id FROM orders o JOIN payments p ON p.order_id = o.order_id FOR UPDATE;
SELECT * FROM orders WHERE customer_id = 2 AND order_id = 2003::int;
SELECT * FROM orders WHERE customer_id = 2 AND order_id = 2003.0;
SELECT * FROM orders WHERE customer_id = 2::smallint AND order_id = '2003';
SELECT * FROM orders WHERE customer_id = 2 AND order_id = NULL;
SELECT * FROM orders WHERE order_id = 2003 AND customer_id = 2 AND status = 'paid';
SELECT * FROM accounts WHERE account_code = 'acc-a'::varchar(3);
SELECT * FROM accounts WHERE account_code = 'acc-a'::name;
SELECT * FROM accounts WHERE account_code::varchar(3) = 'acc';
SELECT * FROM accounts WHERE account_code::bpchar = 'acc-a  ';
SELECT * FROM adjustments WHERE amount = 5.5;
SELECT * FROM adjustments WHERE amount::numeric > 90;
SELECT * FROM adjustments WHERE pair IS NULL;
SELECT * FROM adjustments WHERE pair IS NOT NULL AND (pair).currency IS NULL;
SELECT * FROM adjustments WHERE weight IS NULL;
SELECT count(*) FROM orders TABLESAMPLE SYSTEM (0);
SELECT count(*) FROM orders TABLESAMPLE SYSTEM (100) REPEATABLE (3) WHERE customer_id < 5;
SELECT count(*) FROM payments p TABLESAMPLE BERNOULLI (0) JOIN refunds r USING (payment_id);
SELECT count(*) FROM payments p TABLESAMPLE BERNOULLI (100) JOIN refunds r TABLESAMPLE SYSTEM (100) USING (payment_id);
SELECT count(*) FROM regions TABLESAMPLE BERNOULLI (0);
SELECT count(*) FROM orders TABLESAMPLE BERNOULLI (0) WHERE customer_id = 2;
SELECT count(*) FROM orders TABLESAMPLE BERNOULLI (100) WHERE customer_id = 2;
PREPARE sample_pct(float4) AS SELECT count(*) FROM orders TABLESAMPLE BERNOULLI ($1) WHERE amount > 10;
EXECUTE sample_pct(0);
EXECUTE sample_pct(100);
EXECUTE sample_pct(0);
EXECUTE sample_pct(100);
EXECUTE sample_pct(0);
EXECUTE sample_pct(100);
EXECUTE sample_pct(0);
DEALLOCATE sample_pct;
