-- Aggregates: FILTER, ordered string_agg/array_agg/json_agg, ordered-set aggregates, DISTINCT
-- aggregates, statistics rounded.

SELECT store_id, count(*) FILTER (WHERE status = 'delivered') AS delivered,
       count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
       sum(total) FILTER (WHERE coupon_code IS NOT NULL) AS with_coupon
FROM orders GROUP BY store_id;

SELECT status, count(*) FILTER (WHERE customer_id IS NULL) AS guest, count(*) FILTER (WHERE customer_id IS NOT NULL) AS known
FROM orders GROUP BY status;

SELECT store_id, string_agg(DISTINCT status::text, ',' ORDER BY status::text) FROM orders GROUP BY store_id;

SELECT store_id, array_agg(order_id ORDER BY total DESC, order_id) FILTER (WHERE total > 1500) FROM orders GROUP BY store_id;

SELECT store_id, string_agg(name, '|' ORDER BY name, product_id) FROM products WHERE store_id BETWEEN 2 AND 12 GROUP BY store_id;

SELECT store_id, string_agg(full_name, ', ' ORDER BY full_name COLLATE "C", customer_id) FROM customers WHERE store_id > 6 GROUP BY store_id;

SELECT method, json_agg(json_build_object('s', store_id, 'p', payment_id) ORDER BY amount DESC, store_id, payment_id) FILTER (WHERE amount > 1900)
FROM payments GROUP BY method;

SELECT store_id, jsonb_agg(DISTINCT status ORDER BY status) FROM orders WHERE store_id < 8 GROUP BY store_id;

SELECT jsonb_object_agg(code, vat_rate ORDER BY code) FROM countries;

SELECT store_id, jsonb_object_agg(status, n) FROM (SELECT store_id, status::text AS status, count(*) AS n FROM orders GROUP BY 1, 2) x GROUP BY store_id;

SELECT status, percentile_cont(0.5) WITHIN GROUP (ORDER BY total) AS median,
       percentile_disc(0.9) WITHIN GROUP (ORDER BY total) AS p90
FROM orders GROUP BY status;

SELECT store_id, percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY total) FROM orders WHERE store_id <= 6 GROUP BY store_id;

SELECT mode() WITHIN GROUP (ORDER BY ship_country) FROM orders;

SELECT store_id, mode() WITHIN GROUP (ORDER BY method) FROM payments GROUP BY store_id;

SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY price), percentile_disc(0.5) WITHIN GROUP (ORDER BY price) FROM products;

SELECT store_id, rank(100) WITHIN GROUP (ORDER BY total), percent_rank(100) WITHIN GROUP (ORDER BY total) FROM orders WHERE store_id <= 6 GROUP BY store_id;

SELECT count(DISTINCT customer_id), count(DISTINCT ship_country), count(DISTINCT coupon_code) FROM orders;

SELECT store_id, count(DISTINCT customer_id) FROM orders GROUP BY store_id HAVING count(DISTINCT customer_id) > 30;

SELECT status, count(DISTINCT store_id), sum(DISTINCT total) FROM orders GROUP BY status;

SELECT round(stddev(total), 6), round(variance(total), 4), round(stddev_pop(total), 6) FROM orders;

SELECT status, round(stddev_samp(total), 6), round(var_pop(total), 4) FROM orders GROUP BY status;

-- approx
SELECT round(corr(qty, unit_price)::numeric, 8), round(regr_slope(unit_price, qty)::numeric, 6) FROM order_items;

SELECT bit_or(qty), bit_and(qty), max(unit_price), min(discount_pct) FROM order_items;

SELECT avg(qty), sum(qty)::numeric / count(*), avg(discount_pct) FROM order_items;

SELECT store_id, avg(qty)::numeric(10, 4), sum(qty * unit_price) FROM order_items GROUP BY store_id HAVING avg(qty) > 2.9;

SELECT count(*) FILTER (WHERE tags @> ARRAY['sale']), count(*) FILTER (WHERE tags = '{}'), count(*) FILTER (WHERE tags IS NULL) FROM products;

SELECT array_agg(DISTINCT reason ORDER BY reason) FROM inventory_events;

SELECT store_id, array_agg(DISTINCT currency ORDER BY currency) FROM orders GROUP BY store_id;

SELECT string_agg(DISTINCT tier, ', ') FROM customers;

SELECT min(placed_at), max(shipped_at), max(shipped_at - placed_at), min(shipped_at - placed_at) FROM orders;

SELECT store_id, sum(total) AS t, sum(total) * 100 / sum(sum(total)) OVER () AS pct FROM orders GROUP BY store_id HAVING sum(total) > 50000;

SELECT xmlagg(xmlelement(name s, store_id) ORDER BY store_id)::text FROM stores WHERE store_id < 5;

SELECT count(*) FROM orders WHERE total > (SELECT avg(total) FROM orders);

SELECT status, max(total) - min(total) AS spread, sum(coalesce(discount, 0)) FROM orders GROUP BY status HAVING max(total) - min(total) > 100;

SELECT count(o.*), count(o.coupon_code), count(NULLIF(o.discount, 0)) FROM orders o;
