-- Window functions partitioned by store_id and not, with unique ORDER BY inside each window.

SELECT store_id, order_id, total, rank() OVER (PARTITION BY store_id ORDER BY total DESC, order_id) AS r
FROM orders WHERE store_id <= 6;

SELECT * FROM (
    SELECT store_id, order_id, total, row_number() OVER (PARTITION BY store_id ORDER BY total DESC, order_id) AS rn
    FROM orders) x WHERE rn <= 3;

SELECT store_id, order_id, sum(total) OVER (PARTITION BY store_id ORDER BY placed_at, order_id) AS running
FROM orders WHERE store_id IN (2, 3);

SELECT store_id, order_id, total, dense_rank() OVER (ORDER BY total DESC) AS dr FROM orders WHERE total > 1800;

SELECT store_id, order_id, row_number() OVER (ORDER BY placed_at, store_id, order_id) AS rn FROM orders WHERE store_id > 30;

SELECT store_id, count(*) AS n, rank() OVER (ORDER BY count(*) DESC) AS r FROM orders GROUP BY store_id;

SELECT store_id, sum(total) AS revenue, round(100 * sum(total) / sum(sum(total)) OVER (), 4) AS share FROM orders GROUP BY store_id;

SELECT status, store_id, count(*), sum(count(*)) OVER (PARTITION BY status) AS status_total FROM orders GROUP BY status, store_id;

SELECT store_id, order_id, total,
       lag(total) OVER w AS prev, lead(total, 2, 0) OVER w AS next2,
       first_value(order_id) OVER w AS first_order
FROM orders WHERE store_id IN (4, 5) WINDOW w AS (PARTITION BY store_id ORDER BY placed_at, order_id);

SELECT store_id, order_id, total, avg(total) OVER (PARTITION BY store_id ORDER BY placed_at, order_id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)::numeric(12, 4) AS ma3
FROM orders WHERE store_id = 1 AND order_id <= 200;

SELECT store_id, order_id, ntile(4) OVER (PARTITION BY store_id ORDER BY total, order_id) FROM orders WHERE store_id BETWEEN 2 AND 8;

SELECT store_id, customer_id, count(*) OVER (PARTITION BY store_id, customer_id) AS orders_of_customer
FROM orders WHERE store_id = 3;

SELECT store_id, order_id, percent_rank() OVER (PARTITION BY store_id ORDER BY total, order_id),
       cume_dist() OVER (PARTITION BY store_id ORDER BY total, order_id)
FROM orders WHERE store_id BETWEEN 10 AND 20;

SELECT method, payment_id, store_id, amount, sum(amount) OVER (PARTITION BY method ORDER BY store_id, payment_id) AS running
FROM payments WHERE store_id BETWEEN 7 AND 12;

SELECT store_id, product_id, at, delta,
       sum(delta) OVER (PARTITION BY store_id, product_id ORDER BY at, delta ROWS UNBOUNDED PRECEDING) AS stock
FROM (SELECT DISTINCT store_id, product_id, at, delta FROM inventory_events WHERE store_id = 2) d;

SELECT store_id, order_id, last_value(order_id) OVER (PARTITION BY store_id ORDER BY total, order_id RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
FROM orders WHERE store_id < 5;

SELECT store_id, order_id, nth_value(total, 2) OVER (PARTITION BY store_id ORDER BY total DESC, order_id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
FROM orders WHERE store_id BETWEEN 2 AND 4;

SELECT store_id, placed_at::date AS d, count(*) AS n, sum(count(*)) OVER (PARTITION BY store_id ORDER BY placed_at::date) AS cum
FROM orders WHERE store_id IN (2, 5) GROUP BY store_id, placed_at::date;

-- ordered
SELECT store_id, order_id, total, rank() OVER (ORDER BY total DESC, store_id, order_id) AS r
FROM orders ORDER BY r LIMIT 10;

SELECT cu.store_id, cu.customer_id, cu.lifetime_value, cu.tier,
       rank() OVER (PARTITION BY cu.tier ORDER BY cu.lifetime_value DESC NULLS LAST, cu.store_id, cu.customer_id) AS r
FROM customers cu WHERE cu.store_id > 1;

SELECT store_id, count(*) FILTER (WHERE status = 'delivered') OVER (PARTITION BY store_id) AS d, order_id
FROM orders WHERE store_id BETWEEN 20 AND 30;

SELECT store_id, order_id, total - avg(total) OVER (PARTITION BY store_id) > 0 AS above FROM orders WHERE store_id = 6;

SELECT status, order_id, store_id, row_number() OVER (PARTITION BY status ORDER BY store_id, order_id) FROM orders WHERE order_id < 5;

SELECT store_id, order_id, sum(total) OVER (PARTITION BY store_id ORDER BY placed_at RANGE BETWEEN interval '3 days' PRECEDING AND CURRENT ROW)
FROM orders WHERE store_id = 3;

SELECT store_id, max(total) AS biggest, row_number() OVER (ORDER BY max(total) DESC, store_id) FROM orders GROUP BY store_id HAVING count(*) > 10;
