-- DISTINCT ON, FETCH FIRST ... WITH TIES, OFFSET without LIMIT, LIMIT 0, ORDER BY expressions,
-- NULLS FIRST/LAST and collations, on tables of every distribution.
-- ordered
SELECT DISTINCT ON (customer_id) customer_id, order_id, amount FROM orders ORDER BY customer_id, amount DESC NULLS LAST, order_id;
-- ordered
SELECT DISTINCT ON (merchant_id) merchant_id, payment_id, amount FROM payments ORDER BY merchant_id, amount, payment_id;
-- ordered
SELECT DISTINCT ON (status) status, merchant_id, payment_id FROM payments ORDER BY status, paid_at NULLS FIRST, payment_id;
-- ordered
SELECT DISTINCT ON (currency) currency, customer_id, order_id FROM orders ORDER BY currency NULLS FIRST, created_at DESC, order_id;
-- ordered
SELECT DISTINCT ON (lower(account_code)) lower(account_code), account_code FROM accounts ORDER BY lower(account_code), account_code COLLATE "C";
-- ordered
SELECT DISTINCT ON (p.method) p.method, p.payment_id FROM payments p ORDER BY p.method, p.payment_id LIMIT 3;
SELECT order_id, amount FROM orders ORDER BY amount DESC NULLS LAST FETCH FIRST 5 ROWS WITH TIES;
SELECT payment_id, amount FROM payments ORDER BY amount FETCH FIRST 3 ROWS WITH TIES;
SELECT merchant_id, payment_id FROM payments ORDER BY merchant_id FETCH FIRST 1 ROW WITH TIES;
SELECT customer_id, order_id FROM orders ORDER BY customer_id DESC FETCH FIRST 2 ROWS WITH TIES;
SELECT refund_id, payment_id FROM refunds ORDER BY payment_id NULLS FIRST FETCH FIRST 2 ROWS WITH TIES;
SELECT "EntryId", "Amount" FROM "Ledger" ORDER BY "Amount" NULLS FIRST FETCH NEXT 4 ROWS WITH TIES;
SELECT customer_id, order_id FROM orders WHERE customer_id = 3 ORDER BY status FETCH FIRST 2 ROWS WITH TIES;
SELECT count(*), sum(amount) FROM (SELECT amount FROM orders ORDER BY order_id OFFSET 100) s;
-- ordered
SELECT order_id FROM orders ORDER BY order_id OFFSET 320;
-- ordered
SELECT payment_id FROM payments ORDER BY payment_id DESC OFFSET 300;
-- ordered
SELECT account_code FROM accounts ORDER BY account_code COLLATE "C" OFFSET 40;
SELECT * FROM orders LIMIT 0;
SELECT count(*) FROM (SELECT * FROM payments LIMIT 0) s;
SELECT * FROM payments p JOIN refunds r USING (payment_id) LIMIT 0;
-- ordered
SELECT customer_id, order_id FROM orders WHERE customer_id = 2 ORDER BY order_id LIMIT 0 OFFSET 3;
-- ordered
SELECT order_id FROM orders ORDER BY order_id LIMIT NULL OFFSET 330;
-- ordered
SELECT order_id, amount FROM orders ORDER BY amount * -1 NULLS FIRST, order_id LIMIT 8;
-- ordered
SELECT payment_id, amount FROM payments ORDER BY amount % 10, payment_id DESC LIMIT 10;
-- ordered
SELECT order_id, note FROM orders ORDER BY length(note) DESC NULLS LAST, note, order_id LIMIT 12;
-- ordered
SELECT payment_id, method FROM payments ORDER BY method NULLS FIRST, payment_id LIMIT 10;
-- ordered
SELECT payment_id, method FROM payments ORDER BY method DESC NULLS FIRST, payment_id LIMIT 10;
-- ordered
SELECT payment_id, method FROM payments ORDER BY method ASC NULLS LAST, payment_id DESC LIMIT 10 OFFSET 200;
-- ordered
SELECT account_code FROM accounts ORDER BY account_code COLLATE "C";
-- ordered
SELECT account_code FROM accounts ORDER BY account_code COLLATE "C" DESC LIMIT 6;
-- ordered
SELECT account_code, owner FROM accounts ORDER BY owner COLLATE "C" NULLS FIRST, account_code COLLATE "C" LIMIT 8;
-- ordered
SELECT name FROM customers ORDER BY name COLLATE "C" LIMIT 6;
-- ordered
SELECT name FROM customers ORDER BY lower(name) COLLATE "C", customer_id LIMIT 6;
-- ordered
SELECT "AccountCode", "EntryId" FROM "Ledger" ORDER BY "AccountCode" COLLATE "C" DESC, "EntryId" LIMIT 10;
-- ordered
SELECT token, platform FROM devices ORDER BY token LIMIT 5;
-- ordered
SELECT token FROM devices ORDER BY token DESC OFFSET 45;
-- ordered
SELECT merchant_id, payment_id FROM payments ORDER BY 2 DESC LIMIT 3;
-- ordered
SELECT customer_id, count(*) FROM orders GROUP BY customer_id ORDER BY 2 DESC, 1 LIMIT 5;
-- ordered
SELECT customer_id % 3 AS k, count(*) FROM orders GROUP BY customer_id % 3 ORDER BY 1;
-- ordered
SELECT date_trunc('month', created_at) AS m, count(*), sum(amount) FROM orders GROUP BY 1 ORDER BY 1 DESC;
-- ordered
SELECT lower(account_code), count(*) FROM accounts GROUP BY lower(account_code) ORDER BY 2 DESC, lower(account_code) COLLATE "C";
-- ordered
SELECT status, currency, count(*) FROM orders GROUP BY status, currency ORDER BY status, currency NULLS FIRST;
-- ordered
SELECT adj_id, pair FROM adjustments ORDER BY pair NULLS FIRST, adj_id LIMIT 10;
-- ordered
SELECT adj_id, amount FROM adjustments ORDER BY amount DESC NULLS LAST, adj_id LIMIT 5;
-- ordered
SELECT merchant_id, payment_id, amount FROM settled_payments ORDER BY amount DESC, payment_id LIMIT 5;
-- ordered
SELECT order_id FROM orders WHERE customer_id = 1 ORDER BY order_id DESC LIMIT 3 OFFSET 145;
-- ordered
SELECT * FROM (SELECT order_id, amount FROM orders ORDER BY amount DESC NULLS LAST, order_id LIMIT 20) s ORDER BY order_id LIMIT 5;
