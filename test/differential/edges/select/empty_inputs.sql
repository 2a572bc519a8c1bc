-- Empty inputs on purpose: contradictory pins, WHERE false, empty arrays, customers without
-- orders; aggregates without GROUP BY must still answer one row.
SELECT count(*), sum(o.amount), max(c.name) FROM orders o JOIN customers c USING (customer_id) WHERE o.customer_id = 5 AND c.customer_id = 6;
SELECT count(*) FROM orders o JOIN payments p ON p.order_id = o.order_id WHERE o.customer_id = 5 AND o.customer_id = 6;
SELECT count(*), array_agg(order_id) FROM orders WHERE false;
SELECT count(*) FROM orders WHERE false HAVING count(*) = 0;
SELECT count(*) FROM orders WHERE false GROUP BY ();
SELECT customer_id, count(*) FROM orders WHERE false GROUP BY customer_id;
SELECT count(*) OVER () FROM orders WHERE false;
SELECT 1 FROM orders WHERE customer_id IS NULL HAVING true;
SELECT count(*), bool_and(amount > 0), every(true), string_agg(status, ',') FROM orders WHERE customer_id = 59;
SELECT count(*), avg(amount), stddev(amount), min(created_at) FROM orders WHERE customer_id = ANY ('{}');
SELECT sum(amount), count(DISTINCT status) FROM orders WHERE customer_id IN (58, 59);
SELECT x.n FROM (SELECT count(*) AS n FROM orders WHERE customer_id = 59) x;
SELECT c.customer_id, (SELECT count(*) FROM orders o WHERE o.customer_id = c.customer_id) FROM customers c WHERE c.customer_id > 55;
SELECT count(*) FROM (SELECT * FROM orders LIMIT 0) a JOIN payments p ON p.order_id = a.order_id;
SELECT count(*) FROM orders TABLESAMPLE BERNOULLI (0) JOIN customers USING (customer_id);
SELECT max(amount) FROM orders WHERE customer_id = 5 AND false;
