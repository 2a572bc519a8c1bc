-- LIMIT/OFFSET near the int8 limits (the shards get LIMIT + OFFSET), also as parameters; the
-- views joined, filtered and pinned; pins computed by an init plan.
-- ordered
SELECT order_id FROM orders ORDER BY order_id LIMIT 9223372036854775807 OFFSET 330;
-- ordered
SELECT order_id FROM orders ORDER BY order_id LIMIT 9223372036854775806 OFFSET 338;
-- ordered
SELECT customer_id, order_id FROM orders ORDER BY customer_id, order_id LIMIT 9223372036854775800 OFFSET 340;
SELECT count(*) FROM (SELECT order_id FROM orders ORDER BY order_id LIMIT 9223372036854775807 OFFSET 9223372036854775807) s;
-- ordered
SELECT order_id FROM orders ORDER BY order_id LIMIT 2 OFFSET 9223372036854775807;
-- ordered
SELECT customer_id, count(*) FROM orders GROUP BY customer_id ORDER BY customer_id LIMIT 9223372036854775807 OFFSET 45;
-- ordered
SELECT order_id FROM orders ORDER BY order_id LIMIT ALL OFFSET 335;
SELECT order_id FROM orders ORDER BY order_id FETCH FIRST 9223372036854775807 ROWS WITH TIES OFFSET 340;
PREPARE lo(bigint, bigint) AS SELECT order_id FROM orders ORDER BY order_id LIMIT $1 OFFSET $2;
EXECUTE lo(9223372036854775807, 335);
EXECUTE lo(9223372036854775806, 340);
EXECUTE lo(3, 9223372036854775807);
EXECUTE lo(9223372036854775807, 9223372036854775807);
EXECUTE lo(2, 1);
EXECUTE lo(9223372036854775807, 342);
EXECUTE lo(9223372036854775000, 341);
SELECT * FROM customer_totals ct JOIN customers c USING (customer_id) WHERE c.tier = 'gold';
SELECT * FROM customer_totals WHERE customer_id = 2;
SELECT * FROM customer_totals WHERE customer_id IN (SELECT customer_id FROM payments WHERE merchant_id = 4);
SELECT ct.customer_id, ct.total, count(sp.payment_id) FROM customer_totals ct LEFT JOIN settled_payments sp ON sp.customer_id = ct.customer_id GROUP BY ct.customer_id, ct.total;
SELECT * FROM settled_payments WHERE merchant_id = 3;
SELECT * FROM settled_payments sp WHERE NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = sp.payment_id) AND sp.merchant_id < 4;
SELECT order_id FROM orders WHERE customer_id = (SELECT 2);
SELECT order_id FROM orders WHERE customer_id = (SELECT min(customer_id) + 1 FROM customers WHERE tier = 'gold');
