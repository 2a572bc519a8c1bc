-- NOT IN / <> ALL / NOT = ANY over subqueries whose distribution column comes out NULL (outer
-- joins, CASE, nullif, UNION ALL NULL): one NULL anywhere empties the answer of every shard.
SELECT c.customer_id FROM customers c WHERE c.customer_id NOT IN (SELECT o.customer_id FROM customers c2 LEFT JOIN orders o ON o.customer_id = c2.customer_id);
SELECT count(*) FROM customers c WHERE c.customer_id NOT IN (SELECT o.customer_id FROM customers c2 LEFT JOIN orders o ON o.customer_id = c2.customer_id WHERE c2.customer_id > 50);
SELECT count(*) FROM customers c WHERE c.customer_id NOT IN (SELECT o.customer_id FROM orders o RIGHT JOIN customers c2 ON o.customer_id = c2.customer_id);
SELECT count(*) FROM customers c WHERE c.customer_id NOT IN (SELECT CASE WHEN o.amount > 300 THEN NULL ELSE o.customer_id END FROM orders o);
SELECT count(*) FROM customers c WHERE c.customer_id NOT IN (SELECT nullif(o.customer_id, 7) FROM orders o);
SELECT count(*) FROM customers c WHERE (c.customer_id NOT IN (SELECT o.customer_id FROM customers c2 LEFT JOIN orders o ON o.customer_id = c2.customer_id)) IS NULL;
SELECT c.customer_id, c.customer_id NOT IN (SELECT o.customer_id FROM customers c2 LEFT JOIN orders o ON o.customer_id = c2.customer_id) FROM customers c;
SELECT c.customer_id, c.customer_id IN (SELECT o.customer_id FROM customers c2 LEFT JOIN orders o ON o.customer_id = c2.customer_id) FROM customers c;
SELECT count(*) FROM customers c WHERE c.customer_id <> ALL (SELECT o.customer_id FROM customers c2 LEFT JOIN orders o ON o.customer_id = c2.customer_id);
SELECT count(*) FROM customers c WHERE NOT (c.customer_id = ANY (SELECT o.customer_id FROM customers c2 LEFT JOIN orders o ON o.customer_id = c2.customer_id));
SELECT c.customer_id FROM customers c WHERE c.customer_id NOT IN (SELECT o.customer_id FROM orders o WHERE o.status = 'new');
SELECT a.account_code FROM accounts a WHERE a.account_code NOT IN (SELECT l."AccountCode" FROM accounts a2 LEFT JOIN "Ledger" l ON l."AccountCode" = a2.account_code);
SELECT m.merchant_id FROM merchants m WHERE m.merchant_id NOT IN (SELECT p.merchant_id FROM merchants m2 LEFT JOIN payments p ON p.merchant_id = m2.merchant_id AND p.amount > 240);
SELECT count(*) FROM customers c WHERE c.customer_id > ALL (SELECT o.customer_id FROM customers c2 LEFT JOIN orders o ON o.customer_id = c2.customer_id WHERE c2.customer_id < 3);
SELECT c.customer_id, (SELECT max(o.customer_id) FROM customers c2 LEFT JOIN orders o ON o.customer_id = c2.customer_id) FROM customers c WHERE c.customer_id < 4;
SELECT c.customer_id, x.k FROM customers c LEFT JOIN (SELECT c2.customer_id AS k, o.customer_id AS oc FROM customers c2 LEFT JOIN orders o ON o.customer_id = c2.customer_id) x ON x.oc = c.customer_id WHERE c.customer_id > 45;
SELECT c.customer_id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id) = false;
SELECT count(*) FROM customers c WHERE c.customer_id NOT IN (SELECT o.customer_id FROM orders o UNION ALL SELECT NULL::bigint);
SELECT count(*) FROM customers c WHERE c.customer_id NOT IN (SELECT customer_id FROM orders WHERE customer_id = c.customer_id UNION ALL SELECT NULL);
