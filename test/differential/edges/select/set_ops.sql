-- Set operations across non-colocated tables.
SELECT customer_id FROM orders UNION SELECT customer_id FROM payments;
SELECT customer_id FROM orders UNION ALL SELECT customer_id FROM payments;
SELECT customer_id FROM orders INTERSECT SELECT customer_id FROM payments;
SELECT customer_id FROM orders INTERSECT ALL SELECT customer_id FROM payments;
SELECT customer_id FROM payments EXCEPT SELECT customer_id FROM orders;
SELECT customer_id FROM payments EXCEPT ALL SELECT customer_id FROM orders;
SELECT merchant_id FROM orders EXCEPT ALL SELECT merchant_id FROM payments;
SELECT merchant_id FROM orders INTERSECT ALL SELECT merchant_id FROM merchants;
SELECT payment_id FROM refunds EXCEPT SELECT payment_id FROM payments;
SELECT payment_id FROM refunds INTERSECT ALL SELECT payment_id FROM refunds WHERE refund_id > 20;
SELECT payment_id FROM adjustments UNION SELECT payment_id FROM refunds;
SELECT "AccountCode" FROM "Ledger" EXCEPT SELECT account_code FROM accounts;
SELECT account_code FROM accounts INTERSECT SELECT "AccountCode" FROM "Ledger";
SELECT customer_id, 'order' AS src FROM orders WHERE customer_id < 5 UNION SELECT customer_id, 'payment' FROM payments WHERE customer_id < 5 UNION SELECT customer_id, 'device' FROM devices WHERE customer_id < 5;
SELECT region_id FROM regions UNION ALL SELECT region_id FROM customers UNION ALL SELECT region_id FROM merchants;
SELECT region_id FROM regions EXCEPT SELECT region_id FROM customers;
SELECT region_id FROM customers INTERSECT SELECT region_id FROM merchants;
SELECT count(*) FROM (SELECT customer_id FROM orders UNION SELECT customer_id FROM payments) u;
SELECT u.customer_id, count(*) FROM (SELECT customer_id FROM orders UNION ALL SELECT customer_id FROM payments) u GROUP BY u.customer_id;
-- ordered
(SELECT customer_id FROM orders UNION SELECT customer_id FROM payments) ORDER BY 1 NULLS FIRST LIMIT 7;
-- ordered
(SELECT amount FROM orders EXCEPT SELECT amount FROM payments) ORDER BY amount DESC NULLS LAST LIMIT 5;
-- ordered
SELECT customer_id FROM orders UNION SELECT customer_id FROM devices ORDER BY 1 DESC NULLS LAST OFFSET 3 LIMIT 4;
SELECT customer_id FROM customers WHERE customer_id IN (SELECT customer_id FROM orders INTERSECT SELECT customer_id FROM payments);
SELECT customer_id FROM customers WHERE customer_id NOT IN (SELECT customer_id FROM orders UNION SELECT customer_id FROM devices WHERE customer_id IS NOT NULL);
SELECT * FROM (SELECT merchant_id, amount FROM payments WHERE merchant_id = 2 UNION ALL SELECT merchant_id, amount FROM orders WHERE customer_id = 2) s;
SELECT status FROM orders UNION SELECT status FROM payments;
SELECT status, count(*) FROM (SELECT status FROM orders UNION ALL SELECT status FROM payments) s GROUP BY status;
SELECT method FROM payments INTERSECT SELECT platform FROM devices;
SELECT name FROM customers UNION SELECT name FROM merchants;
SELECT lower(name) FROM customers INTERSECT SELECT lower(name) FROM merchants;
