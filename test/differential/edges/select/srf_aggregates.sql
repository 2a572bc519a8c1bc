-- Set-returning functions in the SELECT list under LIMIT and GROUP BY, LATERAL unnest, ROWS FROM,
-- JSON and ordered aggregates, FILTER, windows over aggregates, scalar subqueries combined.
-- ordered
SELECT customer_id, generate_series(1, 3) AS g FROM orders ORDER BY customer_id, order_id, g LIMIT 4;
SELECT customer_id, generate_series(1, 2) FROM orders GROUP BY customer_id;
SELECT DISTINCT customer_id % 3, generate_series(1, 2) FROM orders;
SELECT customer_id, count(*) FROM orders, generate_series(1, (customer_id % 3)::int) GROUP BY customer_id;
SELECT unnest(ARRAY[customer_id, merchant_id]) AS u, count(*) FROM orders GROUP BY 1;
SELECT o.order_id, u FROM orders o, LATERAL unnest(ARRAY[o.amount, o.amount * 2]) u WHERE o.customer_id = 3;
SELECT o.customer_id, sum(u) FROM orders o, LATERAL unnest(ARRAY[o.amount, o.amount * 2]) u GROUP BY o.customer_id;
SELECT * FROM ROWS FROM (generate_series(1, 3), unnest(ARRAY['a', 'b'])) AS t(n, s) JOIN orders o ON o.customer_id = t.n WHERE o.order_id % 2 = 0;
SELECT jsonb_agg(o ORDER BY o.order_id) FROM orders o WHERE o.customer_id = 4;
SELECT o.customer_id, jsonb_agg(o.order_id ORDER BY o.order_id) FROM orders o WHERE o.customer_id < 6 GROUP BY o.customer_id;
SELECT json_build_object('c', customer_id, 'n', count(*)) FROM orders GROUP BY customer_id;
SELECT customer_id, (array_agg(order_id ORDER BY amount DESC NULLS LAST, order_id))[1] FROM orders GROUP BY customer_id;
SELECT customer_id, max(amount) FILTER (WHERE status = 'paid'), count(*) FILTER (WHERE note IS NULL) FROM orders GROUP BY customer_id;
SELECT count(*) FILTER (WHERE status = 'paid'), avg(amount) FILTER (WHERE currency = 'EUR')::numeric(12, 4) FROM orders;
SELECT customer_id, string_agg(DISTINCT status, ',' ORDER BY status) FROM orders GROUP BY customer_id;
SELECT status, count(*), sum(count(*)) OVER (), round(100.0 * count(*) / sum(count(*)) OVER (), 4) FROM orders GROUP BY status;
SELECT customer_id, lag(count(*)) OVER (ORDER BY customer_id) FROM orders GROUP BY customer_id;
SELECT customer_id % 5, count(DISTINCT merchant_id) FILTER (WHERE amount > 100) FROM orders GROUP BY 1;
SELECT CASE WHEN customer_id < 5 THEN 'small' ELSE 'big' END, count(*) FROM orders GROUP BY 1;
SELECT customer_id, CASE WHEN count(*) > 10 THEN 'many' END FROM orders GROUP BY customer_id;
SELECT exists(SELECT 1 FROM orders WHERE amount > 330), exists(SELECT 1 FROM payments WHERE amount > 1000);
SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM payments) + (SELECT count(*) FROM refunds);
SELECT greatest((SELECT max(amount) FROM orders), (SELECT max(amount) FROM payments));
