-- Expressions that read the session or transaction they run in (current_setting, now(),
-- CURRENT_DATE, current_schema, to_regclass) must see the coordinator session, not a worker
-- connection's: tenant ids kept in a custom setting (a common multi-tenant pattern), timestamps
-- taken at transaction start. They once ran on the workers: current_setting() failed there
-- ("unrecognized configuration parameter") or, with missing_ok, returned NULL and so no rows;
-- current_schema() named the worker's schema; now() was the worker transaction's start.

SET app.store = '3';
SELECT count(*) FROM orders WHERE store_id = current_setting('app.store')::bigint;
SELECT count(*) FROM orders WHERE store_id = current_setting('app.store', true)::bigint;
SELECT count(*) FROM orders WHERE store_id = 3 AND current_setting('app.store') = '3';
SELECT status, count(*) FROM orders o JOIN customers c USING (store_id, customer_id)
WHERE o.store_id = current_setting('app.store')::bigint GROUP BY status;
SELECT count(*) FROM orders WHERE customer_id::text = current_setting('app.store');
SELECT store_id, count(*) FROM orders WHERE store_id <= current_setting('app.store')::bigint GROUP BY store_id;
SELECT s.name, (SELECT count(*) FROM orders o WHERE o.store_id = s.store_id) FROM stores s
WHERE s.store_id = current_setting('app.store')::bigint;
SET app.store = '1';
SELECT count(*), sum(total) FROM orders WHERE store_id = current_setting('app.store')::bigint;
-- ordered
SELECT order_id, total FROM orders WHERE store_id = current_setting('app.store')::bigint ORDER BY total DESC, order_id LIMIT 5;
PREPARE tenant_orders(order_status) AS
    SELECT count(*) FROM orders WHERE store_id = current_setting('app.store')::bigint AND status = $1;
EXECUTE tenant_orders('paid');
EXECUTE tenant_orders('shipped');
EXECUTE tenant_orders('pending');
EXECUTE tenant_orders('refunded');
EXECUTE tenant_orders('cancelled');
EXECUTE tenant_orders('delivered');
SET app.store = '2';
EXECUTE tenant_orders('paid');
DEALLOCATE tenant_orders;
RESET app.store;
SELECT count(*) FROM orders WHERE store_id = nullif(current_setting('app.store', true), '')::bigint;
SELECT count(*) FROM orders WHERE store_id = current_setting('app.nothing', true)::bigint;

SELECT current_schema() = :'s' AS here, count(*) FROM orders WHERE store_id = 3;
SELECT current_schema = :'s' AS here, store_id FROM stores WHERE store_id = 3;
SELECT to_regclass('orders') IS NOT NULL AS found, count(*) FROM orders WHERE store_id = 4;

-- now() and CURRENT_TIMESTAMP are the coordinator transaction's start, whatever node runs the
-- query; after a pause the statement starts more than a second later.
BEGIN;
SELECT pg_sleep(1.1);
SELECT count(*) FROM stores WHERE store_id = 1 AND now() > statement_timestamp() - interval '1 second';
SELECT count(*) FROM stores WHERE now() > statement_timestamp() - interval '1 second';
SELECT count(*) FROM stores WHERE store_id = 1 AND current_timestamp > statement_timestamp() - interval '1 second';
SELECT store_id, count(*) FROM orders WHERE transaction_timestamp() > statement_timestamp() - interval '1 second' GROUP BY store_id;
SELECT count(*) FROM orders o JOIN customers c USING (store_id, customer_id) WHERE now() = statement_timestamp();
COMMIT;

SELECT count(*) FROM orders WHERE placed_at < now() AND store_id = 2;
SELECT count(*) FROM orders WHERE placed_at::date < CURRENT_DATE;
SELECT status, count(*) FROM orders WHERE placed_at > CURRENT_DATE - 100000 GROUP BY status;
