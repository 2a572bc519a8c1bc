-- ORDER BY with USING operators (pattern and reversed), intervals, text of numbers, booleans,
-- rows, composites and arrays, under LIMIT (merged from sorted shards or sorted on the
-- coordinator), and prepared with parameters in HAVING, LIMIT and sort expressions.
-- ordered
SELECT order_id, amount FROM orders ORDER BY amount USING >, order_id LIMIT 6;
-- ordered
SELECT customer_id, name FROM customers ORDER BY name USING ~>~, customer_id LIMIT 6;
-- ordered
SELECT account_code FROM accounts ORDER BY account_code USING ~<~ LIMIT 8;
-- ordered
SELECT "AccountCode", "EntryId" FROM "Ledger" ORDER BY "AccountCode" USING ~>~, "EntryId" USING < LIMIT 8;
-- ordered
SELECT token FROM devices ORDER BY token USING > LIMIT 4;
-- ordered
SELECT customer_id, order_id FROM orders ORDER BY customer_id USING >, order_id USING > LIMIT 5;
-- ordered
SELECT order_id, created_at - timestamp '2024-01-01' AS age FROM orders ORDER BY age DESC, order_id LIMIT 5;
-- ordered
SELECT order_id, amount::text FROM orders ORDER BY amount::text NULLS FIRST, order_id LIMIT 6;
-- ordered
SELECT order_id FROM orders ORDER BY (amount IS NULL), amount DESC, order_id LIMIT 6;
-- ordered
SELECT order_id FROM orders ORDER BY note IS NULL, note COLLATE "C" DESC, order_id LIMIT 6;
-- ordered
SELECT order_id FROM orders ORDER BY ROW(customer_id % 3, order_id) DESC LIMIT 5;
-- ordered
SELECT adj_id, pair FROM adjustments ORDER BY pair DESC NULLS LAST, adj_id LIMIT 6;
-- ordered
SELECT adj_id, (pair).amount FROM adjustments ORDER BY (pair).amount NULLS FIRST, adj_id LIMIT 6;
-- ordered
SELECT customer_id, array_agg(order_id ORDER BY order_id) AS ids FROM orders GROUP BY customer_id ORDER BY ids DESC LIMIT 3;

PREPARE pm(int, int) AS SELECT customer_id, count(*) FROM orders GROUP BY customer_id HAVING count(*) > $1 ORDER BY count(*) DESC, customer_id LIMIT $2;
-- ordered
EXECUTE pm(0, 3);
-- ordered
EXECUTE pm(5, 2);
-- ordered
EXECUTE pm(10, 10);
-- ordered
EXECUTE pm(100, 1);
-- ordered
EXECUTE pm(1, 0);
-- ordered
EXECUTE pm(2, NULL);
-- ordered
EXECUTE pm(3, 1);
DEALLOCATE pm;
PREPARE pn(int) AS SELECT DISTINCT status, currency FROM orders ORDER BY status, currency NULLS FIRST LIMIT $1;
-- ordered
EXECUTE pn(1);
-- ordered
EXECUTE pn(3);
-- ordered
EXECUTE pn(0);
-- ordered
EXECUTE pn(20);
-- ordered
EXECUTE pn(NULL);
-- ordered
EXECUTE pn(2);
-- ordered
EXECUTE pn(5);
DEALLOCATE pn;
PREPARE po(numeric) AS SELECT order_id FROM orders ORDER BY amount * $1 NULLS LAST, order_id LIMIT 4;
-- ordered
EXECUTE po(1);
-- ordered
EXECUTE po(-1);
-- ordered
EXECUTE po(0);
-- ordered
EXECUTE po(2);
-- ordered
EXECUTE po(-0.5);
-- ordered
EXECUTE po(NULL);
-- ordered
EXECUTE po(3);
DEALLOCATE po;
PREPARE pp(bigint) AS SELECT customer_id, order_id FROM orders WHERE customer_id > $1 ORDER BY customer_id DESC, order_id LIMIT 3;
-- ordered
EXECUTE pp(0);
-- ordered
EXECUTE pp(10);
-- ordered
EXECUTE pp(45);
-- ordered
EXECUTE pp(49);
-- ordered
EXECUTE pp(50);
-- ordered
EXECUTE pp(NULL);
-- ordered
EXECUTE pp(2);
DEALLOCATE pp;
PREPARE pq(text) AS SELECT account_code FROM accounts WHERE account_code > $1 ORDER BY account_code LIMIT 3;
-- ordered
EXECUTE pq('');
-- ordered
EXECUTE pq('a');
-- ordered
EXECUTE pq('acct-039');
-- ordered
EXECUTE pq('zeta');
-- ordered
EXECUTE pq('Zeta');
-- ordered
EXECUTE pq(NULL);
-- ordered
EXECUTE pq('5');
DEALLOCATE pq;
