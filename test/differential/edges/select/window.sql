-- Window functions not partitioned by the distribution column, with ORDER BY and frames.
SELECT order_id, customer_id, row_number() OVER (ORDER BY order_id) FROM orders;
SELECT payment_id, rank() OVER (ORDER BY amount DESC), dense_rank() OVER (ORDER BY amount DESC) FROM payments;
SELECT payment_id, merchant_id, sum(amount) OVER (PARTITION BY method ORDER BY payment_id) FROM payments;
SELECT order_id, sum(amount) OVER (PARTITION BY merchant_id ORDER BY order_id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM orders;
SELECT order_id, avg(amount) OVER (PARTITION BY status ORDER BY created_at, order_id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)::numeric(12, 4) FROM orders;
SELECT payment_id, count(*) OVER (ORDER BY amount RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING) FROM payments WHERE merchant_id < 5;
SELECT payment_id, count(*) OVER (ORDER BY paid_at RANGE BETWEEN interval '1 day' PRECEDING AND CURRENT ROW) FROM payments;
SELECT order_id, first_value(order_id) OVER w, last_value(order_id) OVER w FROM orders WINDOW w AS (PARTITION BY currency ORDER BY order_id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING);
SELECT order_id, lag(amount) OVER (PARTITION BY merchant_id ORDER BY order_id), lead(amount, 2, 0) OVER (PARTITION BY merchant_id ORDER BY order_id) FROM orders;
SELECT payment_id, ntile(4) OVER (ORDER BY payment_id), percent_rank() OVER (ORDER BY payment_id)::numeric(10, 6) FROM payments;
SELECT customer_id, order_id, row_number() OVER (PARTITION BY customer_id ORDER BY amount DESC NULLS LAST, order_id) FROM orders;
SELECT customer_id, count(*), sum(count(*)) OVER (ORDER BY customer_id) FROM orders GROUP BY customer_id;
SELECT customer_id % 4, sum(amount), rank() OVER (ORDER BY sum(amount) DESC NULLS LAST) FROM orders GROUP BY customer_id % 4;
SELECT merchant_id, count(*), rank() OVER (ORDER BY count(*) DESC) FROM payments GROUP BY merchant_id;
SELECT * FROM (SELECT order_id, row_number() OVER (PARTITION BY merchant_id ORDER BY order_id) AS rn FROM orders) s WHERE rn <= 2;
SELECT * FROM (SELECT payment_id, merchant_id, rank() OVER (PARTITION BY customer_id ORDER BY amount DESC, payment_id) AS r FROM payments) s WHERE r = 1;
SELECT account_code, "EntryId", sum("Amount") OVER (PARTITION BY account_code ORDER BY "EntryId") FROM accounts JOIN "Ledger" ON "AccountCode" = account_code;
SELECT "EntryId", sum("Amount") OVER (PARTITION BY lower("AccountCode") ORDER BY "EntryId" GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM "Ledger";
SELECT "EntryId", count(*) OVER (PARTITION BY "AccountCode", "EntryId") FROM "Ledger";
SELECT refund_id, count(*) OVER (PARTITION BY payment_id), sum(amount) OVER (PARTITION BY reason ORDER BY refund_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW) FROM refunds;
SELECT token, row_number() OVER (PARTITION BY platform ORDER BY token) FROM devices;
SELECT adj_id, sum(weight) OVER (ORDER BY adj_id ROWS 3 PRECEDING), count(pair) OVER () FROM adjustments;
SELECT o.order_id, p.payment_id, row_number() OVER (PARTITION BY o.order_id ORDER BY p.payment_id) FROM orders o JOIN payments p ON p.order_id = o.order_id;
SELECT r.name, count(*) OVER (PARTITION BY r.region_id) FROM regions r LEFT JOIN customers c ON c.region_id = r.region_id;
SELECT DISTINCT merchant_id, count(*) OVER (PARTITION BY merchant_id) FROM payments;
SELECT DISTINCT status, max(amount) OVER (PARTITION BY status) FROM orders;
-- ordered
SELECT order_id, row_number() OVER (ORDER BY amount DESC NULLS LAST, order_id) AS rn FROM orders ORDER BY rn LIMIT 10;
-- ordered
SELECT merchant_id, payment_id, sum(amount) OVER (PARTITION BY merchant_id ORDER BY payment_id) AS running FROM payments ORDER BY merchant_id, payment_id LIMIT 15 OFFSET 190;
SELECT customer_id, cume_dist() OVER (ORDER BY total NULLS FIRST)::numeric(10, 6) FROM customer_totals;
