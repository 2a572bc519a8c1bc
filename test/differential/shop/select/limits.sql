-- LIMIT without ORDER BY only where the answer is deterministic, LIMIT/OFFSET edge cases,
-- FETCH FIRST WITH TIES.

SELECT count(*) FROM (SELECT * FROM orders LIMIT 10) x;

SELECT count(*) FROM (SELECT * FROM orders WHERE store_id = 1 LIMIT 10000) x;

SELECT * FROM orders WHERE store_id = 1 AND order_id = 7 LIMIT 1;

SELECT count(*) FROM stores LIMIT 1;

SELECT * FROM orders WHERE false LIMIT 5;

SELECT count(*) FROM (SELECT store_id FROM orders OFFSET 3600) x;

SELECT exists (SELECT 1 FROM orders WHERE total > 1900 LIMIT 1);

-- ordered
SELECT store_id, order_id, total FROM orders ORDER BY total DESC FETCH FIRST 3 ROWS WITH TIES;

SELECT store_id, order_id, status FROM orders ORDER BY status FETCH FIRST 5 ROWS WITH TIES;

SELECT store_id, count(*) FROM orders GROUP BY store_id ORDER BY count(*) DESC FETCH FIRST 2 ROWS WITH TIES;

-- ordered
SELECT store_id, order_id FROM orders WHERE store_id = 3 ORDER BY order_id LIMIT ALL OFFSET 145;

-- ordered
SELECT store_id, order_id FROM orders ORDER BY store_id DESC, order_id DESC LIMIT 3 OFFSET 0;

SELECT store_id, order_id FROM orders ORDER BY store_id, order_id LIMIT 0;

-- ordered
SELECT cu.store_id, cu.customer_id, sum(o.total) FROM customers cu JOIN orders o USING (store_id, customer_id)
GROUP BY cu.store_id, cu.customer_id ORDER BY 3 DESC, 1, 2 LIMIT 10;

-- ordered
SELECT product_id, store_id FROM order_items WHERE product_id IS NOT NULL GROUP BY product_id, store_id ORDER BY count(*) DESC, product_id, store_id LIMIT 10;
