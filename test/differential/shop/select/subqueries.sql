-- EXISTS / NOT EXISTS / IN / NOT IN (with NULLs), scalar and correlated subqueries, ANY/ALL.

SELECT count(*) FROM customers cu WHERE EXISTS (SELECT 1 FROM orders o WHERE o.store_id = cu.store_id AND o.customer_id = cu.customer_id AND o.status = 'refunded');

SELECT store_id, count(*) FROM customers cu WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.store_id = cu.store_id AND o.customer_id = cu.customer_id) GROUP BY store_id;

SELECT count(*) FROM orders o WHERE o.customer_id IN (SELECT customer_id FROM customers WHERE tier = 'gold');

SELECT count(*) FROM orders o WHERE (o.store_id, o.customer_id) IN (SELECT store_id, customer_id FROM customers WHERE tier = 'gold');

-- NOT IN over a column with NULLs: no rows qualify
SELECT count(*) FROM customers cu WHERE cu.customer_id NOT IN (SELECT o.customer_id FROM orders o WHERE o.store_id = 7);

SELECT count(*) FROM customers cu WHERE cu.customer_id NOT IN (SELECT o.customer_id FROM orders o WHERE o.store_id = 7 AND o.customer_id IS NOT NULL);

SELECT count(*) FROM stores s WHERE s.store_id NOT IN (SELECT store_id FROM orders);

SELECT store_id FROM stores WHERE store_id NOT IN (SELECT store_id FROM customers) AND store_id IN (SELECT store_id FROM products);

SELECT count(*) FROM orders WHERE ship_country NOT IN (SELECT code FROM countries);

SELECT count(*) FROM orders WHERE ship_country NOT IN (SELECT currency FROM countries);

SELECT count(*) FROM orders WHERE ship_country IN (SELECT code FROM countries WHERE region = 'Europe');

SELECT count(*) FROM products p WHERE p.category_id NOT IN (SELECT category_id FROM categories);

SELECT count(*) FROM products p WHERE NOT EXISTS (SELECT 1 FROM categories c WHERE c.category_id = p.category_id);

SELECT o.store_id, o.order_id, o.total FROM orders o
WHERE o.total > (SELECT avg(o2.total) * 3 FROM orders o2 WHERE o2.store_id = o.store_id);

SELECT o.store_id, o.order_id FROM orders o
WHERE o.total = (SELECT max(o2.total) FROM orders o2 WHERE o2.store_id = o.store_id);

SELECT s.store_id, (SELECT count(*) FROM orders o WHERE o.store_id = s.store_id) AS n,
       (SELECT max(placed_at) FROM orders o WHERE o.store_id = s.store_id) AS last
FROM stores s;

SELECT p.store_id, p.product_id, (SELECT name FROM categories c WHERE c.category_id = p.category_id) AS cat FROM products p WHERE p.store_id = 4;

SELECT cu.store_id, cu.customer_id,
       (SELECT o.order_id FROM orders o WHERE o.store_id = cu.store_id AND o.customer_id = cu.customer_id ORDER BY o.placed_at DESC, o.order_id DESC LIMIT 1) AS last_order
FROM customers cu WHERE cu.store_id BETWEEN 2 AND 3;

SELECT count(*) FROM orders WHERE store_id IN (SELECT store_id FROM stores WHERE plan = 'pro');

SELECT count(*) FROM orders WHERE store_id = ANY (SELECT store_id FROM stores WHERE country = 'DE');

SELECT count(*) FROM orders WHERE total > ALL (SELECT price FROM products WHERE store_id = 2);

SELECT count(*) FROM orders WHERE total < ANY (SELECT amount FROM payments WHERE store_id = 3 AND status = 'refund');

SELECT count(*) FROM order_items oi WHERE oi.product_id IN (SELECT product_id FROM products WHERE price > 400);

SELECT count(*) FROM order_items oi WHERE (oi.store_id, oi.product_id) IN (SELECT store_id, product_id FROM products WHERE price > 400);

SELECT count(*) FROM order_items oi WHERE (oi.store_id, oi.product_id) NOT IN (SELECT store_id, product_id FROM products);

SELECT count(*) FROM order_items oi WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.store_id = oi.store_id AND p.product_id = oi.product_id);

SELECT count(*) FROM carts c WHERE EXISTS (SELECT 1 FROM customers cu WHERE cu.store_id = c.store_id AND cu.customer_id = c.customer_id);

SELECT count(*) FROM carts c WHERE c.customer_id NOT IN (SELECT customer_id FROM customers WHERE store_id = 2);

SELECT code FROM coupons WHERE code IN (SELECT coupon_code FROM orders);

SELECT code FROM coupons cp WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.coupon_code = cp.code) AND cp.store_id < 10;

SELECT s.store_id FROM stores s WHERE EXISTS (SELECT 1 FROM coupons c WHERE c.store_id = s.store_id AND c.percent_off IS NOT NULL);

SELECT o.store_id, o.order_id FROM orders o
WHERE o.store_id < 10 AND EXISTS (SELECT 1 FROM payments p WHERE p.store_id = o.store_id AND p.order_id = o.order_id AND p.status = 'refund')
  AND NOT EXISTS (SELECT 1 FROM order_items oi WHERE oi.store_id = o.store_id AND oi.order_id = o.order_id AND oi.qty > 3);

SELECT count(*) FROM orders o WHERE o.customer_id IS NOT DISTINCT FROM (SELECT NULL::bigint);

SELECT store_id, count(*) FROM orders WHERE customer_id IN (1, 2, NULL) GROUP BY store_id;

SELECT store_id, count(*) FROM orders WHERE customer_id NOT IN (1, 2, NULL) GROUP BY store_id;

SELECT count(*) FROM customers cu WHERE cu.country IN (SELECT ship_country FROM orders o WHERE o.store_id = cu.store_id AND o.customer_id = cu.customer_id);

SELECT (SELECT count(*) FROM orders) AS o, (SELECT count(*) FROM order_items) AS i, (SELECT sum(amount) FROM payments) AS p;

SELECT count(*) FROM orders o WHERE o.total > (SELECT max(price) FROM products p WHERE p.store_id = o.store_id AND p.category_id = 10);
