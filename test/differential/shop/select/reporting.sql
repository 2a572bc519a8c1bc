-- Cross-tenant reporting: GROUP BY non-distribution columns, HAVING, ORDER BY + LIMIT/OFFSET
-- with ties broken by a unique key.

SELECT status, count(*), sum(total), round(avg(total), 4) FROM orders GROUP BY status;

SELECT currency, count(*), sum(total) FROM orders GROUP BY currency HAVING count(*) > 100;

SELECT ship_country, count(*) FROM orders GROUP BY ship_country;

-- ordered
SELECT ship_country, count(*) AS n FROM orders GROUP BY ship_country ORDER BY n DESC, ship_country NULLS LAST LIMIT 5;

-- ordered
SELECT ship_country, count(*) AS n FROM orders GROUP BY ship_country ORDER BY n DESC, ship_country NULLS LAST LIMIT 5 OFFSET 3;

SELECT c.region, count(*), sum(o.total)
FROM orders o LEFT JOIN countries c ON c.code = o.ship_country GROUP BY c.region;

SELECT c.region, cur.code, count(*) FROM orders o
JOIN countries c ON c.code = o.ship_country JOIN currencies cur ON cur.code = c.currency
GROUP BY c.region, cur.code HAVING count(*) >= 50;

-- ordered
SELECT store_id, count(*) AS orders, sum(total) AS revenue FROM orders
GROUP BY store_id ORDER BY revenue DESC, store_id LIMIT 10;

-- ordered
SELECT store_id, count(*) AS orders FROM orders GROUP BY store_id ORDER BY orders, store_id LIMIT 10 OFFSET 5;

-- ordered
SELECT store_id, order_id, total FROM orders ORDER BY total DESC, store_id, order_id LIMIT 25;

-- ordered
SELECT store_id, order_id, total FROM orders ORDER BY total, store_id DESC, order_id DESC LIMIT 10 OFFSET 100;

-- ordered
SELECT store_id, order_id, total FROM orders WHERE status = 'refunded' ORDER BY placed_at, store_id, order_id OFFSET 300;

SELECT count(*), count(DISTINCT customer_id), count(DISTINCT (store_id, customer_id)), count(DISTINCT store_id) FROM orders;

SELECT method, count(DISTINCT store_id), count(*), sum(amount) FROM payments GROUP BY method;

SELECT lower(method), status, sum(amount) FROM payments GROUP BY lower(method), status;

SELECT p.category_id, count(*), min(price), max(price), round(avg(price), 2)
FROM products p GROUP BY p.category_id HAVING avg(price) > 200;

SELECT cat.name, count(*) FROM products p JOIN categories cat USING (category_id) GROUP BY cat.name;

SELECT tier, country, count(*) FROM customers GROUP BY tier, country HAVING count(*) > 20;

SELECT extract(dow FROM placed_at) AS dow, count(*) FROM orders GROUP BY 1;

SELECT extract(hour FROM placed_at AT TIME ZONE 'UTC') AS h, status, count(*) FROM orders GROUP BY 1, 2 HAVING count(*) > 30;

SELECT (total / 100)::int * 100 AS bucket, count(*) FROM orders GROUP BY bucket;

SELECT width_bucket(total, 0, 2000, 8) AS bucket, count(*), min(total), max(total) FROM orders GROUP BY 1;

SELECT st.plan, count(DISTINCT st.store_id) AS stores, count(o.order_id), sum(o.total)
FROM stores st LEFT JOIN orders o ON o.store_id = st.store_id GROUP BY st.plan;

SELECT st.country, sum(oi.qty) FROM stores st JOIN order_items oi ON oi.store_id = st.store_id GROUP BY st.country;

SELECT count(*) FROM orders HAVING count(*) > 10;

SELECT count(*) FROM orders HAVING count(*) > 100000;

SELECT sum(total) FILTER (WHERE status = 'delivered') - sum(total) FILTER (WHERE status = 'refunded') FROM orders;

SELECT bool_and(total >= 0), bool_or(discount > 20), every(currency <> 'XXX') FROM orders;

SELECT max(full_name), min(full_name), max(email) FROM customers;

SELECT store_id, max(full_name), min(full_name COLLATE "C") FROM customers GROUP BY store_id;

SELECT count(*) AS customers_without_orders FROM customers cu
WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.store_id = cu.store_id AND o.customer_id = cu.customer_id);

-- ordered
SELECT p.store_id, p.product_id, p.name, p.price FROM products p ORDER BY p.price DESC, p.store_id, p.product_id LIMIT 7;

-- ordered
SELECT name, price FROM products WHERE active ORDER BY name, price, store_id, product_id LIMIT 30;

-- ordered
SELECT DISTINCT name FROM products ORDER BY name LIMIT 20;

SELECT DISTINCT status FROM orders;

SELECT DISTINCT store_id, status FROM orders WHERE store_id < 10;

SELECT count(*) FROM (SELECT DISTINCT customer_id FROM orders) d;

SELECT status, count(*) FROM orders WHERE total BETWEEN 100 AND 500 GROUP BY status ORDER BY status;
