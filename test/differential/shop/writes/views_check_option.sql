-- Writes through a view WITH CHECK OPTION: the check is applied by the coordinator's executor,
-- which the statements sent to the shards skip, so Tessera refuses them (an INSERT once stored
-- a row that PostgreSQL rejects). Inside transactions rolled back on both sides, since the
-- distributed side fails where PostgreSQL succeeds.

CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100 WITH CHECK OPTION;
BEGIN;
-- expect-error: not supported in INSERT on distributed table
INSERT INTO big_orders (store_id, order_id, status, currency, placed_at, total) VALUES (2, 99999, 'paid', 'USD', '2024-01-01', 500);
ROLLBACK;
BEGIN;
-- expect-error: not supported in UPDATE on distributed table
UPDATE big_orders SET total = total + 1 WHERE store_id = 2 AND order_id = 3;
ROLLBACK;
SELECT count(*) FROM big_orders WHERE store_id = 2;
DROP VIEW big_orders;

-- plain writes to the same table still work
UPDATE orders SET discount = 1 WHERE store_id = 2 AND order_id = 3;
INSERT INTO orders (store_id, order_id, status, currency, placed_at, total) VALUES (2, 99999, 'paid', 'USD', '2024-01-01', 500);
SELECT order_id, discount, total FROM orders WHERE store_id = 2 AND order_id IN (3, 99999);
