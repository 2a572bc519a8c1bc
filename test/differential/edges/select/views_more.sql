-- Queries over views that join non-colocated tables, rank every row, or hold a materialized
-- distributed query; pinned, joined back to distributed tables, aggregated.
SELECT * FROM payment_orders WHERE merchant_id = 3;
SELECT * FROM payment_orders WHERE customer_id = 2;
SELECT customer_id, count(*), sum(paid) FROM payment_orders GROUP BY customer_id;
SELECT count(*) FROM payment_orders WHERE order_id IS NULL;
SELECT po.payment_id, c.name FROM payment_orders po JOIN customers c ON c.customer_id = po.customer_id;
SELECT * FROM ranked_orders WHERE overall <= 5;
SELECT * FROM ranked_orders WHERE customer_id = 3;
SELECT customer_id, max(nth), min(overall) FROM ranked_orders GROUP BY customer_id;
SELECT r.customer_id, r.order_id, p.payment_id FROM ranked_orders r JOIN payments p ON p.order_id = r.order_id WHERE r.nth = 1;
SELECT * FROM merchant_stats;
SELECT category, sum(payments), sum(total), sum(refunds) FROM merchant_stats GROUP BY category;
SELECT ms.merchant_id, ms.payments, count(p.payment_id) FROM merchant_stats ms LEFT JOIN payments p USING (merchant_id) GROUP BY ms.merchant_id, ms.payments;
SELECT ms.* FROM merchant_stats ms WHERE ms.merchant_id IN (SELECT merchant_id FROM orders WHERE customer_id = 2);
