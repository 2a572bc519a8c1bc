-- UNION / UNION ALL / INTERSECT / EXCEPT between distributed, reference and local tables.

SELECT store_id FROM customers UNION SELECT store_id FROM products;

SELECT store_id, 'customer' AS kind FROM customers WHERE store_id > 30 UNION ALL SELECT store_id, 'product' FROM products WHERE store_id > 30;

SELECT store_id FROM orders INTERSECT SELECT store_id FROM customers;

SELECT store_id FROM stores EXCEPT SELECT store_id FROM orders;

SELECT store_id FROM stores EXCEPT ALL SELECT store_id FROM products;

SELECT customer_id FROM orders WHERE store_id = 2 INTERSECT ALL SELECT customer_id FROM orders WHERE store_id = 3;

SELECT code FROM countries EXCEPT SELECT ship_country FROM orders;

SELECT ship_country FROM orders EXCEPT SELECT code FROM countries;

SELECT currency FROM orders UNION SELECT code FROM currencies;

SELECT coupon_code FROM orders WHERE coupon_code IS NOT NULL EXCEPT SELECT code FROM coupons;

SELECT store_id FROM plain.store_notes INTERSECT SELECT store_id FROM stores WHERE is_active;

-- ordered
SELECT store_id, order_id, total FROM orders WHERE store_id = 2
UNION ALL SELECT store_id, order_id, total FROM orders WHERE store_id = 3
ORDER BY total DESC, store_id, order_id LIMIT 10;

SELECT count(*) FROM (SELECT store_id, customer_id FROM orders UNION SELECT store_id, customer_id FROM customers) u;

SELECT kind, count(*) FROM (
    SELECT 'order' AS kind, placed_at AS at FROM orders
    UNION ALL SELECT 'payment', paid_at FROM payments
    UNION ALL SELECT 'inventory', at FROM inventory_events) x
WHERE at >= '2024-02-01' AND at < '2024-03-01' GROUP BY kind;

SELECT store_id, sum(n) FROM (
    SELECT store_id, count(*) AS n FROM orders GROUP BY store_id
    UNION ALL SELECT store_id, count(*) FROM payments GROUP BY store_id) x GROUP BY store_id;

(SELECT store_id, order_id FROM orders WHERE store_id = 1 ORDER BY total DESC, order_id LIMIT 3)
UNION ALL
(SELECT store_id, order_id FROM orders WHERE store_id = 2 ORDER BY total DESC, order_id LIMIT 3);

SELECT name FROM stores UNION SELECT name FROM countries UNION SELECT name FROM categories;

SELECT store_id FROM carts INTERSECT SELECT store_id FROM coupons;

SELECT customer_id FROM carts WHERE store_id = 1 EXCEPT SELECT customer_id FROM orders WHERE store_id = 1;

SELECT store_id, product_id FROM inventory_events EXCEPT SELECT store_id, product_id FROM order_items;
