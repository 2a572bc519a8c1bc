-- Reference tables on the outer side of joins with distributed tables (the replicated outer
-- side must not be repeated per shard), FULL JOIN of colocated tables.
SELECT r.region_id, c.customer_id FROM regions r LEFT JOIN customers c ON c.region_id = r.region_id;
SELECT r.region_id, count(c.customer_id) FROM regions r LEFT JOIN customers c ON c.region_id = r.region_id GROUP BY r.region_id;
SELECT r.region_id, count(*) FROM regions r LEFT JOIN merchants m ON m.region_id = r.region_id GROUP BY r.region_id;
SELECT r.name, m.name FROM regions r LEFT JOIN merchants m ON m.region_id = r.region_id AND m.category = 'food';
SELECT c.customer_id, r.name FROM customers c RIGHT JOIN regions r ON r.region_id = c.region_id;
SELECT c.customer_id, r.name FROM customers c FULL JOIN regions r ON r.region_id = c.region_id;
SELECT m.merchant_id, r.region_id FROM merchants m FULL JOIN regions r ON r.region_id = m.region_id WHERE m.merchant_id IS NULL OR r.region_id IS NULL;
SELECT cur.code, count(o.order_id) FROM currencies cur LEFT JOIN orders o ON o.currency = cur.code GROUP BY cur.code;
SELECT cur.code, o.order_id FROM currencies cur LEFT JOIN orders o ON o.currency = cur.code AND o.customer_id = 3;
SELECT cur.code, o.order_id FROM currencies cur LEFT JOIN orders o ON o.currency = cur.code WHERE o.customer_id = 3 OR o.customer_id IS NULL;
SELECT cur.code, o.order_id FROM orders o RIGHT JOIN currencies cur ON o.currency = cur.code AND o.customer_id = 4;
SELECT cur.code, o.order_id FROM orders o FULL JOIN currencies cur ON o.currency = cur.code WHERE o.customer_id = 4 OR o.customer_id IS NULL;
SELECT r.region_id, x.n FROM regions r LEFT JOIN LATERAL (SELECT count(*) AS n FROM customers c WHERE c.region_id = r.region_id) x ON true;
SELECT r.region_id, x.customer_id FROM regions r LEFT JOIN LATERAL (SELECT c.customer_id FROM customers c WHERE c.region_id = r.region_id ORDER BY c.customer_id LIMIT 2) x ON true;
SELECT r.region_id, x.merchant_id FROM regions r CROSS JOIN LATERAL (SELECT m.merchant_id FROM merchants m WHERE m.region_id = r.region_id ORDER BY m.merchant_id DESC LIMIT 1) x;
SELECT r1.region_id, r2.region_id, c.customer_id FROM regions r1 LEFT JOIN regions r2 ON r2.parent_id = r1.region_id LEFT JOIN customers c ON c.region_id = r2.region_id;
SELECT r.region_id, c.customer_id, o.order_id FROM regions r LEFT JOIN customers c ON c.region_id = r.region_id LEFT JOIN orders o ON o.customer_id = c.customer_id AND o.status = 'new' WHERE r.region_id IN (7, 8, 3);
SELECT r.region_id FROM regions r WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.region_id = r.region_id);
SELECT r.region_id FROM regions r WHERE r.region_id IN (SELECT region_id FROM merchants);
SELECT r.region_id FROM regions r WHERE r.region_id NOT IN (SELECT region_id FROM merchants);
SELECT r.region_id FROM regions r WHERE r.region_id NOT IN (SELECT region_id FROM merchants WHERE region_id IS NOT NULL);
-- FULL JOIN of colocated tables, on the distribution column and beyond it
SELECT c.customer_id, o.order_id FROM customers c FULL JOIN orders o ON o.customer_id = c.customer_id WHERE o.order_id IS NULL;
SELECT coalesce(c.customer_id, o.customer_id), count(o.order_id) FROM customers c FULL JOIN orders o ON o.customer_id = c.customer_id GROUP BY 1;
SELECT c.customer_id, o.order_id FROM customers c FULL JOIN orders o ON o.customer_id = c.customer_id AND o.status = 'paid' AND c.tier = 'gold';
SELECT m.merchant_id, p.payment_id FROM merchants m FULL JOIN payments p ON p.merchant_id = m.merchant_id AND p.amount > 240;
SELECT a.account_code, l."EntryId" FROM accounts a FULL OUTER JOIN "Ledger" l ON l."AccountCode" = a.account_code AND l."Kind" = 'debit';
SELECT m.merchant_id, p.payment_id FROM merchants m RIGHT JOIN payments p ON p.merchant_id = m.merchant_id AND m.category = 'travel' WHERE p.merchant_id IN (2, 3);
SELECT c.customer_id, fx.rate FROM customers c LEFT JOIN plain.fx_rates fx ON fx.currency = c.tier;
SELECT fx.currency, count(o.order_id) FROM plain.fx_rates fx LEFT JOIN orders o ON o.currency = fx.currency GROUP BY fx.currency;
SELECT fx.currency, o.order_id FROM plain.fx_rates fx FULL JOIN orders o ON o.currency = fx.currency AND o.customer_id = 8 WHERE o.order_id IS NULL OR o.customer_id = 8;
SELECT o.order_id, round(o.amount * fx.rate, 2) FROM orders o JOIN plain.fx_rates fx ON fx.currency = o.currency AND fx.valid_from = '2024-01-01' WHERE o.customer_id = 9;
