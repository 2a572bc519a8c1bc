-- GROUPING SETS, ROLLUP, CUBE, GROUPING().

SELECT status, currency, count(*), sum(total) FROM orders GROUP BY GROUPING SETS ((status), (currency), ());

SELECT status, currency, count(*), grouping(status, currency) FROM orders GROUP BY ROLLUP (status, currency);

SELECT store_id, status, count(*) FROM orders WHERE store_id <= 6 GROUP BY ROLLUP (store_id, status);

SELECT store_id, status, count(*) FROM orders WHERE store_id <= 6 GROUP BY CUBE (store_id, status);

SELECT c.region, o.ship_country, sum(o.total) FROM orders o LEFT JOIN countries c ON c.code = o.ship_country
GROUP BY ROLLUP (c.region, o.ship_country);

SELECT method, status, count(*), sum(amount) FROM payments GROUP BY CUBE (method, status) HAVING count(*) > 10;

-- ordered
SELECT status, currency, count(*) AS n FROM orders GROUP BY ROLLUP (status, currency)
ORDER BY status NULLS LAST, currency NULLS LAST;

SELECT store_id, date_trunc('month', placed_at) AS m, count(*) FROM orders WHERE store_id IN (1, 2)
GROUP BY GROUPING SETS ((store_id, m), (m), (store_id));

SELECT tier, marketing_opt_in, count(*), grouping(tier), grouping(marketing_opt_in)
FROM customers GROUP BY CUBE (tier, marketing_opt_in);

SELECT store_id, tier, count(*) FROM customers WHERE store_id = 1 GROUP BY ROLLUP (store_id, tier);

SELECT cat.parent_id, p.category_id, count(*) FROM products p LEFT JOIN categories cat USING (category_id)
GROUP BY ROLLUP (cat.parent_id, p.category_id);

SELECT status, count(*) FILTER (WHERE total > 500), count(*) FROM orders GROUP BY GROUPING SETS ((status), ());

SELECT status, currency, count(*) FROM orders GROUP BY status, ROLLUP (currency);

SELECT store_id, count(*) FROM orders GROUP BY GROUPING SETS ((store_id), ()) HAVING count(*) > 400;

SELECT method, string_agg(DISTINCT status, ',' ORDER BY status) FROM payments GROUP BY ROLLUP (method);
