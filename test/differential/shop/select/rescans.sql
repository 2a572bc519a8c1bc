-- Plans that scan a distributed table again and again (the inner side of a nested loop, a
-- correlated subquery, EXISTS in the select list that stops at the first match): the scan keeps
-- the rows it has read from its first rescan on and replays them, reading on from the workers
-- only past them. Also inside a transaction that wrote (one connection per node).

SELECT s.store_id, EXISTS (SELECT 1 FROM orders o WHERE o.store_id = s.store_id AND o.total > 1500) AS has_big,
       EXISTS (SELECT 1 FROM payments p WHERE p.store_id = s.store_id AND p.method = 'giftcard') AS has_gift
FROM stores s;

SELECT s.store_id, (SELECT count(*) FROM customers c WHERE c.store_id = s.store_id AND c.tier = 'gold') AS gold,
       (SELECT min(o.order_id) FROM orders o WHERE o.store_id = s.store_id AND o.status = 'refunded') AS first_refund
FROM stores s WHERE s.store_id <= 20;

SELECT count(*) FROM order_items oi WHERE oi.product_id IN (SELECT product_id FROM products WHERE price > 400);

SELECT count(*) FROM order_items oi WHERE oi.product_id IN (SELECT product_id FROM products WHERE price > 400)
  AND oi.order_id IN (SELECT order_id FROM orders WHERE status = 'delivered');

SELECT p.store_id, p.product_id, (SELECT sum(qty) FROM order_items oi WHERE oi.product_id = p.product_id AND oi.store_id = p.store_id)
FROM products p WHERE p.store_id BETWEEN 2 AND 4;

-- ordered
SELECT o.store_id, o.order_id,
       (SELECT string_agg(method, ',' ORDER BY payment_id) FROM payments p WHERE p.store_id = o.store_id AND p.order_id = o.order_id)
FROM orders o WHERE o.order_id <= 3 ORDER BY o.store_id, o.order_id LIMIT 40;

SELECT c.code, (SELECT count(*) FROM orders o WHERE o.ship_country = c.code AND o.total > 100),
       (SELECT max(total) FROM orders o WHERE o.ship_country = c.code)
FROM countries c;

SELECT cat.category_id, EXISTS (SELECT 1 FROM products p WHERE p.category_id = cat.category_id AND p.active) FROM categories cat;

BEGIN;
UPDATE orders SET discount = 99 WHERE store_id = 3 AND order_id = 5;
INSERT INTO order_items VALUES (3, 5, 9, 1, 2, 10.00, NULL);
SELECT s.store_id, EXISTS (SELECT 1 FROM orders o WHERE o.store_id = s.store_id AND o.discount = 99) FROM stores s WHERE s.store_id <= 6;
SELECT count(*) FROM order_items oi WHERE oi.product_id IN (SELECT product_id FROM products WHERE price > 400);
SELECT o.order_id, (SELECT count(*) FROM order_items oi WHERE oi.store_id = o.store_id AND oi.order_id = o.order_id) FROM orders o WHERE o.store_id = 3 AND o.order_id < 8;
SELECT s.store_id, (SELECT count(*) FROM order_items oi WHERE oi.store_id = s.store_id AND oi.line_no = 9) FROM stores s WHERE s.store_id < 8;
ROLLBACK;

PREPARE rescan_in(numeric) AS
    SELECT count(*) FROM order_items oi WHERE oi.product_id IN (SELECT product_id FROM products WHERE price > $1);
EXECUTE rescan_in(400);
EXECUTE rescan_in(100);
EXECUTE rescan_in(490);
EXECUTE rescan_in(0);
EXECUTE rescan_in(450);
EXECUTE rescan_in(300);
EXECUTE rescan_in(1000);
DEALLOCATE rescan_in;
