-- Writes the workers run whole (UPDATE/DELETE, ON CONFLICT DO UPDATE) with functions that
-- read the session: now() must be the coordinator transaction's, the same on every shard, and
-- current_setting() the coordinator session's. They once ran on the workers: an UPDATE over
-- two workers stored two different timestamps, neither equal to now(); current_setting()
-- failed or read the worker connection's settings.

BEGIN;
SELECT pg_sleep(0.3);
UPDATE orders SET shipped_at = now() WHERE order_id = 1;
SELECT count(DISTINCT shipped_at), bool_and(shipped_at = now()), count(*) FROM orders WHERE order_id = 1;
DELETE FROM payments WHERE paid_at < now() - interval '100000 days';
UPDATE orders SET shipped_at = CURRENT_TIMESTAMP + interval '1 hour' WHERE order_id = 2 AND store_id < 10 RETURNING store_id, shipped_at = now() + interval '1 hour' AS same;
INSERT INTO orders (store_id, order_id, status, currency, placed_at, total)
VALUES (2, 3, 'paid', 'USD', '2020-01-01', 1), (1, 3, 'paid', 'USD', '2020-01-01', 1)
ON CONFLICT (store_id, order_id) DO UPDATE SET shipped_at = now();
SELECT count(DISTINCT shipped_at), bool_and(shipped_at = now()) FROM orders WHERE order_id = 3 AND store_id IN (1, 2);
PREPARE ship(bigint) AS UPDATE orders SET shipped_at = now() WHERE store_id = $1 AND order_id = 4;
EXECUTE ship(1);
EXECUTE ship(2);
EXECUTE ship(3);
EXECUTE ship(4);
EXECUTE ship(5);
EXECUTE ship(6);
EXECUTE ship(7);
SELECT count(DISTINCT shipped_at), bool_and(shipped_at = now()) FROM orders WHERE order_id = 4 AND store_id <= 7;
DEALLOCATE ship;
ROLLBACK;

SET app.actor = 'clerk-7';
UPDATE orders SET coupon_code = current_setting('app.actor') WHERE store_id = 2 AND order_id = 2;
UPDATE orders SET coupon_code = current_setting('app.actor') || '-bulk' WHERE order_id = 5 AND store_id BETWEEN 3 AND 9;
UPDATE orders SET meta = jsonb_build_object('by', current_setting('app.actor')) WHERE store_id = current_setting('app.store', true)::bigint;
SET app.store = '4';
UPDATE orders SET discount = 7 WHERE store_id = current_setting('app.store')::bigint AND order_id <= 3;
DELETE FROM order_items WHERE store_id = current_setting('app.store')::bigint AND order_id = 1;
SELECT store_id, order_id, coupon_code, discount FROM orders WHERE coupon_code LIKE 'clerk%' OR discount = 7;
RESET app.actor;
RESET app.store;

-- Functions that read the session over the rows' columns (age() reads the current date,
-- to_char() with month names the session's locale): the rows to change and their new values
-- are computed on the coordinator first, then changed through their keys.
UPDATE orders SET status = 'cancelled' WHERE age(placed_at) > interval '1 year' AND store_id < 4 AND status = 'pending'
RETURNING store_id, order_id;
UPDATE orders SET coupon_code = to_char(placed_at, 'Mon-YYYY') WHERE store_id = 3 AND order_id < 6
RETURNING store_id, order_id, coupon_code;
UPDATE orders o SET discount = 1 FROM (SELECT store_id, order_id FROM orders WHERE age(placed_at) > interval '2 years') old
WHERE o.store_id = old.store_id AND o.order_id = old.order_id AND o.order_id % 5 = 0;
DELETE FROM order_items WHERE store_id = 5 AND order_id IN (SELECT order_id FROM orders WHERE store_id = 5 AND age(placed_at) > interval '3 years');
SELECT store_id, order_id, status, coupon_code, discount FROM orders WHERE (status = 'cancelled' AND store_id < 4) OR coupon_code LIKE '%-%' OR discount = 1;
-- expect-error: need constant arguments
UPDATE orders SET discount = 2 WHERE store_id = 6 AND order_id = 1 RETURNING age(placed_at) > interval '1 day';
UPDATE orders SET discount = 2 WHERE store_id = 6 AND order_id = 1;
