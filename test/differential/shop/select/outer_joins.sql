-- Outer joins between distributed and reference tables in both directions, and non-colocated
-- joins (not on the distribution column, or with tables of other colocation groups).

SELECT c.code, count(o.order_id) FROM countries c LEFT JOIN orders o ON o.ship_country = c.code GROUP BY c.code;

SELECT c.code, count(o.order_id) FROM orders o RIGHT JOIN countries c ON o.ship_country = c.code GROUP BY c.code;

SELECT o.ship_country, c.name, count(*) FROM orders o LEFT JOIN countries c ON c.code = o.ship_country GROUP BY 1, 2;

SELECT coalesce(c.code, o.ship_country) AS code, count(o.order_id), count(c.code) FROM orders o FULL JOIN countries c ON c.code = o.ship_country GROUP BY 1;

SELECT cat.category_id, cat.name, count(p.product_id) FROM categories cat LEFT JOIN products p ON p.category_id = cat.category_id AND p.store_id = 1 GROUP BY cat.category_id, cat.name;

SELECT cat.category_id, count(p.product_id) FROM products p RIGHT JOIN categories cat ON p.category_id = cat.category_id AND p.price > 300 GROUP BY cat.category_id;

SELECT p.category_id, count(*) FROM products p LEFT JOIN categories cat ON cat.category_id = p.category_id WHERE cat.category_id IS NULL GROUP BY p.category_id;

SELECT cur.code, count(s.store_id), count(o.order_id) FROM currencies cur
LEFT JOIN stores s ON s.currency = cur.code LEFT JOIN orders o ON o.store_id = s.store_id AND o.currency = cur.code GROUP BY cur.code;

SELECT cur.code, cnt.n FROM currencies cur LEFT JOIN (SELECT currency, count(*) AS n FROM orders GROUP BY currency) cnt ON cnt.currency = cur.code;

SELECT s.store_id, count(cu.customer_id), count(p.product_id) FROM stores s
LEFT JOIN customers cu ON cu.store_id = s.store_id AND cu.tier = 'gold'
LEFT JOIN products p ON p.store_id = s.store_id AND p.price > 450 GROUP BY s.store_id;

SELECT s.store_id, o.order_id FROM stores s LEFT JOIN orders o ON o.store_id = s.store_id AND o.total > 2000 WHERE s.store_id < 15;

SELECT o.store_id, o.order_id, p.payment_id FROM orders o LEFT JOIN payments p ON p.store_id = o.store_id AND p.order_id = o.order_id
WHERE o.store_id = 3 AND p.payment_id IS NULL;

SELECT o.store_id, o.order_id, p.payment_id, p.amount FROM orders o FULL JOIN payments p ON p.store_id = o.store_id AND p.order_id = o.order_id
WHERE coalesce(o.store_id, p.store_id) IN (8, 9);

SELECT count(*) FROM orders o FULL JOIN customers cu ON cu.store_id = o.store_id AND cu.customer_id = o.customer_id WHERE o.order_id IS NULL OR cu.customer_id IS NULL;

-- non-colocated: orders of a store joined to customers of another key
SELECT count(*) FROM orders o JOIN customers cu ON cu.customer_id = o.customer_id WHERE o.store_id = 2 AND cu.store_id = 3;

SELECT o.store_id, count(*) FROM orders o JOIN customers cu ON cu.customer_id = o.customer_id AND cu.store_id <> o.store_id WHERE o.store_id < 4 AND cu.store_id < 4 GROUP BY o.store_id;

SELECT c.store_id, count(*) FROM carts c JOIN customers cu ON cu.store_id = c.store_id AND cu.customer_id = c.customer_id GROUP BY c.store_id;

SELECT c.store_id, count(cu.customer_id) FROM carts c LEFT JOIN customers cu ON cu.store_id = c.store_id AND cu.customer_id = c.customer_id GROUP BY c.store_id;

SELECT cp.code, count(o.order_id) FROM coupons cp LEFT JOIN orders o ON o.coupon_code = cp.code GROUP BY cp.code;

SELECT o.coupon_code, cp.code, count(*) FROM orders o LEFT JOIN coupons cp ON cp.code = o.coupon_code WHERE o.coupon_code IS NOT NULL GROUP BY 1, 2;

SELECT cp.code, cp.store_id, s.name FROM coupons cp LEFT JOIN stores s ON s.store_id = cp.store_id;

SELECT cp.code, s.store_id FROM stores s FULL JOIN coupons cp ON cp.store_id = s.store_id WHERE s.store_id IS NULL OR cp.code IS NULL;

SELECT oi.store_id, oi.order_id, oi.line_no, p.name FROM order_items oi LEFT JOIN products p ON p.product_id = oi.product_id AND p.store_id = 2 WHERE oi.store_id = 2 AND oi.order_id < 10;

SELECT s.store_id, n.note FROM stores s LEFT JOIN plain.store_notes n ON n.store_id = s.store_id WHERE s.store_id < 20;

SELECT n.store_id, n.note, s.name FROM plain.store_notes n LEFT JOIN stores s USING (store_id);

SELECT count(*) FROM orders o JOIN plain.store_notes n ON n.store_id = o.store_id WHERE n.pinned;

SELECT a.store_id, b.store_id, count(*) FROM orders a JOIN orders b ON a.customer_id = b.customer_id AND a.order_id = b.order_id
WHERE a.store_id < b.store_id AND a.store_id < 5 AND b.store_id < 5 GROUP BY 1, 2;

SELECT count(*) FROM stores s1 JOIN stores s2 ON s1.country = s2.country AND s1.store_id < s2.store_id;

SELECT s.country, count(DISTINCT cu.store_id) FROM stores s JOIN customers cu ON cu.country = s.country GROUP BY s.country;

SELECT c.name, count(*) FROM countries c JOIN stores s ON s.country = c.code JOIN orders o ON o.store_id = s.store_id AND o.ship_country = c.code GROUP BY c.name;

SELECT count(*) FROM products p CROSS JOIN currencies cur WHERE p.store_id = 5;

SELECT p.store_id, p.product_id, ie.at FROM products p LEFT JOIN inventory_events ie ON ie.store_id = p.store_id AND ie.product_id = p.product_id AND ie.reason = 'return'
WHERE p.store_id BETWEEN 30 AND 40;

SELECT cat.name, parent.name AS parent FROM categories cat LEFT JOIN categories parent ON parent.category_id = cat.parent_id;

SELECT o.store_id, o.order_id FROM orders o LEFT JOIN customers cu ON cu.store_id = o.store_id AND cu.customer_id = o.customer_id
WHERE o.customer_id IS NOT NULL AND cu.customer_id IS NULL;

SELECT count(*) FROM orders o LEFT JOIN countries c ON c.code = o.ship_country LEFT JOIN currencies cur ON cur.code = c.currency WHERE cur.code IS NULL;

-- A constant false condition in an inner join below the nullable side of an outer join empties
-- only that join; the router once took it for an empty query and answered from one shard group.
SELECT s.store_id, o.order_id FROM stores s LEFT JOIN (orders o JOIN customers c ON c.store_id = o.store_id AND 1 = 0) ON o.store_id = s.store_id;

SELECT s.store_id, o.order_id FROM stores s LEFT JOIN (orders o JOIN customers c ON c.store_id = o.store_id AND false) ON o.store_id = s.store_id WHERE s.store_id < 10;

SELECT s.store_id, count(o.order_id) FROM stores s LEFT JOIN (orders o JOIN customers c ON c.store_id = o.store_id AND o.store_id = NULL) ON o.store_id = s.store_id GROUP BY s.store_id;

SELECT s.store_id, o.order_id FROM orders o RIGHT JOIN stores s ON s.store_id = o.store_id AND 1 = 0 WHERE s.store_id = 3;

SELECT s.store_id, x.order_id FROM stores s FULL JOIN (SELECT o.store_id, o.order_id FROM orders o JOIN payments p USING (store_id, order_id) WHERE 1 = 0) x ON x.store_id = s.store_id WHERE s.store_id IN (3, 4);

SELECT count(*) FROM stores s JOIN (orders o JOIN customers c ON c.store_id = o.store_id AND 1 = 0) ON o.store_id = s.store_id;

SELECT s.store_id, o.order_id FROM stores s LEFT JOIN (orders o JOIN customers c ON c.store_id = o.store_id AND 1 = 0) ON o.store_id = s.store_id WHERE s.store_id = 7;
