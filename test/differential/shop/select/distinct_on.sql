-- DISTINCT ON, always ordered by a unique key within each group.

SELECT DISTINCT ON (store_id) store_id, order_id, placed_at, total
FROM orders ORDER BY store_id, placed_at DESC, order_id DESC;

SELECT DISTINCT ON (store_id, customer_id) store_id, customer_id, order_id, total
FROM orders WHERE customer_id IS NOT NULL ORDER BY store_id, customer_id, total DESC, order_id;

SELECT DISTINCT ON (status) status, store_id, order_id, total
FROM orders ORDER BY status, total DESC, store_id, order_id;

SELECT DISTINCT ON (ship_country) ship_country, store_id, order_id
FROM orders ORDER BY ship_country NULLS FIRST, placed_at, store_id, order_id;

SELECT DISTINCT ON (p.category_id) p.category_id, p.store_id, p.product_id, p.price
FROM products p ORDER BY p.category_id, p.price DESC, p.store_id, p.product_id;

-- ordered
SELECT DISTINCT ON (store_id) store_id, order_id, total
FROM orders ORDER BY store_id, total DESC, order_id LIMIT 5;

SELECT DISTINCT ON (o.store_id) o.store_id, cu.full_name, o.total
FROM orders o JOIN customers cu ON cu.store_id = o.store_id AND cu.customer_id = o.customer_id
ORDER BY o.store_id, o.total DESC, o.order_id;

SELECT DISTINCT ON (c.region) c.region, o.store_id, o.order_id, o.total
FROM orders o JOIN countries c ON c.code = o.ship_country ORDER BY c.region, o.total DESC, o.store_id, o.order_id;

SELECT DISTINCT ON (product_id) product_id, at, delta FROM inventory_events
WHERE store_id = 1 ORDER BY product_id, at DESC, delta;

SELECT DISTINCT ON (method) method, store_id, payment_id, amount FROM payments
ORDER BY method, amount, store_id, payment_id;

SELECT DISTINCT ON (store_id) store_id, name FROM products ORDER BY store_id, name COLLATE "C", product_id;

-- ordered
SELECT DISTINCT ON (date_trunc('month', placed_at)) date_trunc('month', placed_at) AS m, store_id, order_id, total
FROM orders ORDER BY date_trunc('month', placed_at), total DESC, store_id, order_id;
