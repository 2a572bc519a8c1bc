-- Tenant-scoped dashboards: WHERE store_id = X, joins across colocated tables and reference
-- tables (router queries), as a storefront admin page would run them.

SELECT s.name, s.plan, c.name AS country, cur.name AS currency, cur.decimals
FROM stores s LEFT JOIN countries c ON c.code = s.country JOIN currencies cur ON cur.code = s.currency
WHERE s.store_id = 1;

SELECT count(*), sum(total), round(avg(total), 2), min(placed_at), max(placed_at)
FROM orders WHERE store_id = 1;

SELECT status, count(*), sum(total) FROM orders WHERE store_id = 2 GROUP BY status;

-- ordered
SELECT status, count(*) AS n FROM orders WHERE store_id = 1 GROUP BY status ORDER BY n DESC, status;

-- ordered
SELECT o.order_id, o.placed_at, o.total, cu.full_name, cu.email
FROM orders o LEFT JOIN customers cu ON cu.store_id = o.store_id AND cu.customer_id = o.customer_id
WHERE o.store_id = 1 ORDER BY o.placed_at DESC, o.order_id DESC LIMIT 20;

-- ordered
SELECT o.order_id, o.placed_at, o.total FROM orders o
WHERE o.store_id = 1 ORDER BY o.placed_at DESC, o.order_id DESC LIMIT 20 OFFSET 40;

-- ordered
SELECT p.product_id, p.name, sum(oi.qty) AS units, sum(oi.qty * oi.unit_price) AS revenue
FROM order_items oi JOIN products p ON p.store_id = oi.store_id AND p.product_id = oi.product_id
WHERE oi.store_id = 1
GROUP BY p.product_id, p.name ORDER BY revenue DESC, p.product_id LIMIT 10;

-- ordered
SELECT cat.name AS category, count(DISTINCT p.product_id) AS products, coalesce(sum(oi.qty), 0) AS units
FROM products p
LEFT JOIN categories cat ON cat.category_id = p.category_id
LEFT JOIN order_items oi ON oi.store_id = p.store_id AND oi.product_id = p.product_id
WHERE p.store_id = 3
GROUP BY cat.name ORDER BY units DESC, category NULLS FIRST;

SELECT cu.customer_id, cu.full_name, count(o.order_id) AS orders, coalesce(sum(o.total), 0) AS spent
FROM customers cu LEFT JOIN orders o ON o.store_id = cu.store_id AND o.customer_id = cu.customer_id
WHERE cu.store_id = 4 GROUP BY cu.customer_id, cu.full_name;

-- ordered
SELECT cu.customer_id, cu.full_name, sum(o.total) AS spent
FROM customers cu JOIN orders o ON o.store_id = cu.store_id AND o.customer_id = cu.customer_id
WHERE cu.store_id = 1 AND o.status IN ('paid', 'shipped', 'delivered')
GROUP BY cu.customer_id, cu.full_name HAVING sum(o.total) > 1000
ORDER BY spent DESC, cu.customer_id LIMIT 15;

SELECT p.method, p.status, count(*), sum(p.amount)
FROM payments p WHERE p.store_id = 5 GROUP BY ROLLUP (p.method, p.status);

SELECT count(*) FILTER (WHERE shipped_at IS NULL AND status IN ('paid')) AS to_ship,
       count(*) FILTER (WHERE status = 'pending') AS pending,
       count(*) FILTER (WHERE status = 'refunded') AS refunded,
       avg(extract(epoch FROM shipped_at - placed_at) / 3600)::numeric(10, 2) AS avg_hours_to_ship
FROM orders WHERE store_id = 1;

SELECT o.order_id, o.total, sum(p.amount) AS paid
FROM orders o JOIN payments p ON p.store_id = o.store_id AND p.order_id = o.order_id
WHERE o.store_id = 2 AND p.status = 'captured'
GROUP BY o.order_id, o.total HAVING sum(p.amount) <> o.total;

SELECT p.product_id, p.sku, sl.on_hand, sl.events
FROM products p JOIN stock_levels sl ON sl.store_id = p.store_id AND sl.product_id = p.product_id
WHERE p.store_id = 2 AND sl.on_hand < 120;

SELECT * FROM store_overview WHERE store_id = 6;

SELECT * FROM order_summary WHERE store_id = 3 AND lines >= 3;

SELECT o.order_id, o.status, c.name AS ship_to, c.vat_rate, round(o.total * coalesce(c.vat_rate, 0), 2) AS vat
FROM orders o LEFT JOIN countries c ON c.code = o.ship_country WHERE o.store_id = 6;

-- ordered
SELECT o.order_id, o.total, round(o.total * cur.usd_rate, 2) AS usd
FROM orders o JOIN currencies cur ON cur.code = o.currency
WHERE o.store_id = 1 AND o.currency <> 'USD' ORDER BY usd DESC NULLS LAST, o.order_id LIMIT 25;

SELECT count(*) FROM orders WHERE store_id = 1 AND placed_at >= '2024-03-01' AND placed_at < '2024-04-01';

SELECT count(*) FROM orders WHERE store_id = 45;

SELECT * FROM orders WHERE store_id = 45;

SELECT coupon_code, count(*), sum(discount) FROM orders WHERE store_id = 1 AND coupon_code IS NOT NULL GROUP BY coupon_code;

SELECT cu.tier, count(*), count(cu.email), count(DISTINCT cu.email), sum(cu.lifetime_value)
FROM customers cu WHERE cu.store_id = 1 GROUP BY cu.tier;

SELECT s.store_id, s.name, count(o.*) FROM stores s LEFT JOIN orders o USING (store_id)
WHERE s.store_id IN (2, 7, 45) GROUP BY s.store_id, s.name;

SELECT oi.order_id, string_agg(p.name || ' x' || oi.qty, ', ' ORDER BY oi.line_no) AS lines
FROM order_items oi LEFT JOIN products p ON p.store_id = oi.store_id AND p.product_id = oi.product_id
WHERE oi.store_id = 5 AND oi.order_id <= 20 GROUP BY oi.order_id;

SELECT ie.product_id, sum(ie.delta) FILTER (WHERE ie.reason = 'sale') AS sold,
       sum(ie.delta) FILTER (WHERE ie.reason IS NULL) AS unknown, count(*)
FROM inventory_events ie WHERE ie.store_id = 1 AND ie.product_id BETWEEN 1 AND 30 GROUP BY ie.product_id;

SELECT o.store_id, o.order_id FROM orders o WHERE o.store_id = 1 AND o.order_id = 100;

SELECT o.store_id, count(*) FROM orders o WHERE o.store_id = 1 OR o.store_id = 2 GROUP BY o.store_id;

SELECT o.store_id, count(*) FROM orders o WHERE o.store_id IN (3, 4, 5) AND o.status = 'delivered' GROUP BY 1;

SELECT count(*) FROM orders o JOIN order_items oi ON oi.store_id = o.store_id AND oi.order_id = o.order_id
WHERE o.store_id = 1 AND oi.store_id = 1 AND oi.discount_pct IS NULL;
