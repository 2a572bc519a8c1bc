-- COALESCE/CASE, numeric rounding, text functions, collation-sensitive ordering, enum order.

SELECT CASE WHEN total >= 1000 THEN 'large' WHEN total >= 200 THEN 'medium' WHEN total > 0 THEN 'small' ELSE 'zero' END AS size, count(*)
FROM orders GROUP BY 1;

SELECT coalesce(coupon_code, 'none') AS c, count(*) FROM orders GROUP BY 1;

SELECT coalesce(discount, 0) AS d, count(*) FROM orders WHERE store_id = 1 GROUP BY 1 HAVING count(*) > 10;

SELECT nullif(tier, 'bronze') AS t, count(*) FROM customers GROUP BY 1;

SELECT sum(round(qty * unit_price * (1 - coalesce(discount_pct, 0) / 100), 2)) FROM order_items;

SELECT store_id, round(sum(total) / nullif(count(customer_id), 0), 3) FROM orders GROUP BY store_id;

SELECT round(total, -2) AS r, count(*) FROM orders GROUP BY 1;

SELECT trunc(total), floor(total / 7), ceil(total / 7), total % 7 FROM orders WHERE store_id = 9;

SELECT (total * 1.0825)::numeric(12, 2) AS with_tax, total FROM orders WHERE store_id = 10;

SELECT sum(total)::money::text FROM orders WHERE store_id = 2;

SELECT greatest(total, 100), least(total, 100) FROM orders WHERE store_id = 11;

SELECT status, status < 'delivered' AS before_delivered, count(*) FROM orders GROUP BY status;

-- ordered
SELECT status, count(*) FROM orders GROUP BY status ORDER BY status DESC;

SELECT count(*) FROM orders WHERE status BETWEEN 'paid' AND 'delivered';

SELECT max(status), min(status) FROM orders;

-- ordered
SELECT full_name FROM customers WHERE store_id = 1 AND customer_id < 60 ORDER BY full_name COLLATE "C", customer_id;

-- ordered
SELECT full_name, customer_id FROM customers WHERE store_id = 1 AND customer_id < 60 ORDER BY full_name COLLATE "und-x-icu", customer_id;

-- ordered
SELECT name, store_id FROM stores ORDER BY name COLLATE "und-x-icu", store_id;

-- ordered
SELECT name FROM stores WHERE store_id < 10 ORDER BY lower(name), store_id;

SELECT count(*) FROM customers WHERE full_name COLLATE "und-x-icu" < 'b';

SELECT count(*) FROM customers WHERE full_name < 'b';

SELECT min(full_name COLLATE "und-x-icu"), max(full_name COLLATE "und-x-icu") FROM customers;

SELECT store_id, min(name COLLATE "und-x-icu") FROM products GROUP BY store_id;

SELECT upper(full_name), count(*) FROM customers WHERE store_id > 1 GROUP BY 1;

SELECT count(*) FROM customers WHERE full_name ILIKE 'ång%';

SELECT count(*) FROM customers WHERE full_name ~* '^(zo|ae)';

SELECT count(*) FROM customers WHERE email LIKE '%@s1.example.com';

SELECT split_part(email, '@', 2) AS domain, count(*) FROM customers WHERE store_id <= 3 GROUP BY 1;

SELECT left(sku, 6), count(*) FROM products GROUP BY 1;

SELECT length(full_name), count(*) FROM customers GROUP BY 1;

SELECT store_id, product_id, regexp_replace(name, '\s+\d+$', '') AS base FROM products WHERE store_id = 2;

SELECT format('%s-%s', store_id, order_id), total FROM orders WHERE store_id = 12;

SELECT md5(string_agg(order_id::text || ':' || total::text, ',' ORDER BY order_id)) FROM orders WHERE store_id = 1;

SELECT store_id, md5(string_agg(customer_id::text || full_name, '' ORDER BY customer_id)) FROM customers GROUP BY store_id;

SELECT concat_ws(' / ', s.name, c.name, cur.code) FROM stores s LEFT JOIN countries c ON c.code = s.country LEFT JOIN currencies cur ON cur.code = s.currency WHERE s.store_id < 15;

SELECT CASE status WHEN 'paid' THEN 1 WHEN 'shipped' THEN 2 ELSE 0 END AS k, sum(total) FROM orders GROUP BY 1;

SELECT count(*) FROM orders WHERE (discount IS NULL) = (coupon_code IS NULL);

SELECT count(*) FROM orders WHERE discount IS DISTINCT FROM 0;

SELECT is_active, count(*) FROM stores GROUP BY 1;

SELECT customer_id IS NULL AS guest, status, count(*) FROM orders GROUP BY 1, 2;

SELECT 1.0 * sum(qty) / count(DISTINCT order_id) FROM order_items WHERE store_id = 1;

SELECT store_id, (sum(total) / 3)::numeric(20, 10) FROM orders GROUP BY store_id;
