-- Subqueries whose rows are not complete per shard group though they project the distribution
-- column (LIMIT, OFFSET, aggregates without it, UNION with other columns, expressions, windows
-- over all rows, grouping sets), and correlations through other columns.
SELECT c.customer_id FROM customers c JOIN (SELECT customer_id FROM orders ORDER BY order_id OFFSET 300) x USING (customer_id);
SELECT c.customer_id FROM customers c JOIN (SELECT customer_id FROM orders ORDER BY order_id LIMIT 30) x USING (customer_id);
SELECT c.customer_id FROM customers c JOIN (SELECT max(customer_id) AS customer_id FROM orders) x USING (customer_id);
SELECT c.customer_id, x.status FROM customers c JOIN (SELECT status, max(customer_id) AS customer_id FROM orders GROUP BY status) x USING (customer_id);
SELECT c.customer_id FROM customers c JOIN (SELECT customer_id FROM orders UNION SELECT merchant_id::bigint FROM orders WHERE merchant_id IS NOT NULL) u USING (customer_id);
SELECT count(*) FROM customers c JOIN (SELECT customer_id FROM orders UNION ALL SELECT merchant_id::bigint FROM orders) u USING (customer_id);
SELECT c.customer_id, count(*) FROM customers c JOIN (SELECT customer_id + 1 AS customer_id FROM orders) x USING (customer_id) GROUP BY c.customer_id;
SELECT c.customer_id, x.n FROM customers c CROSS JOIN LATERAL (SELECT count(*) AS n FROM orders o WHERE o.merchant_id = c.region_id) x;
SELECT c.customer_id, x.n FROM customers c CROSS JOIN LATERAL (SELECT count(*) AS n FROM orders o WHERE o.customer_id = c.customer_id AND o.merchant_id = c.region_id) x;
SELECT c.customer_id, x.* FROM customers c LEFT JOIN LATERAL (SELECT o.order_id FROM orders o WHERE o.merchant_id = c.customer_id ORDER BY o.order_id LIMIT 1) x ON true;
WITH m AS (SELECT max(amount) AS mx FROM orders) SELECT o.order_id FROM orders o, m WHERE o.amount = m.mx;
WITH m AS (SELECT customer_id, max(amount) AS mx FROM orders GROUP BY customer_id) SELECT o.order_id FROM orders o JOIN m ON m.customer_id = o.customer_id AND o.amount = m.mx;
SELECT c.customer_id, x.rn FROM customers c JOIN (SELECT customer_id, rank() OVER (PARTITION BY status ORDER BY amount DESC NULLS LAST, order_id) AS rn FROM orders) x USING (customer_id) WHERE x.rn = 1;
SELECT c.customer_id, x.cnt FROM customers c JOIN (SELECT customer_id, count(*) OVER () AS cnt FROM orders) x USING (customer_id) WHERE c.customer_id = 3;
SELECT c.customer_id FROM customers c WHERE c.customer_id IN (SELECT max(customer_id) FROM orders);
SELECT c.customer_id FROM customers c WHERE c.customer_id IN (SELECT max(customer_id) FROM orders GROUP BY status);
SELECT c.customer_id FROM customers c WHERE c.customer_id IN (SELECT customer_id + 1 FROM orders);
SELECT c.customer_id FROM customers c WHERE c.customer_id IN (SELECT merchant_id FROM orders);
SELECT c.customer_id FROM customers c WHERE c.customer_id NOT IN (SELECT merchant_id FROM orders WHERE merchant_id IS NOT NULL);
SELECT c.customer_id FROM customers c WHERE c.customer_id IN (SELECT customer_id FROM orders ORDER BY amount DESC NULLS LAST, order_id LIMIT 2);
SELECT c.customer_id FROM customers c WHERE c.customer_id IN (SELECT DISTINCT ON (status) customer_id FROM orders ORDER BY status, order_id);
SELECT c.customer_id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.merchant_id = c.customer_id);
SELECT c.customer_id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.merchant_id = c.customer_id);
SELECT c.customer_id, (SELECT count(*) FROM orders o WHERE o.merchant_id = c.customer_id) FROM customers c;
SELECT c.customer_id, (SELECT count(*) FROM orders o WHERE o.customer_id = c.customer_id OR o.merchant_id = c.customer_id) FROM customers c;
SELECT c.customer_id, x.total FROM customers c JOIN (SELECT o.customer_id, sum(o.amount) AS total FROM orders o JOIN customers c2 ON c2.customer_id = o.merchant_id GROUP BY o.customer_id) x USING (customer_id);
SELECT o.customer_id, count(*) FROM orders o JOIN customers c ON c.customer_id = o.merchant_id GROUP BY o.customer_id;
SELECT o.customer_id, count(*) FROM orders o JOIN customers c ON c.customer_id = o.customer_id AND c.customer_id = o.merchant_id GROUP BY o.customer_id;
SELECT o.customer_id, count(*) FROM orders o JOIN customers c ON c.customer_id = o.customer_id OR c.customer_id = o.merchant_id GROUP BY o.customer_id;
SELECT x.customer_id, count(*) FROM (SELECT o.customer_id FROM orders o UNION ALL SELECT c.customer_id FROM customers c) x JOIN orders o2 ON o2.customer_id = x.customer_id GROUP BY x.customer_id;
SELECT c.customer_id, s.n FROM customers c JOIN (SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id HAVING count(*) > (SELECT avg(cnt) FROM (SELECT count(*) AS cnt FROM orders GROUP BY customer_id) z)) s USING (customer_id);
SELECT c.customer_id, s.n FROM customers c JOIN (SELECT customer_id, count(*) AS n FROM orders GROUP BY GROUPING SETS ((customer_id), ())) s USING (customer_id);
SELECT s.customer_id, s.n FROM customers c RIGHT JOIN (SELECT customer_id, count(*) AS n FROM orders GROUP BY ROLLUP (customer_id)) s USING (customer_id);
