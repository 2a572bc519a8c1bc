-- ORDER BY merged from the workers' sorted rows on the coordinator (multi-shard pushdown plans
-- that take the rows as they come), over this schema's types and collations. Every ordered
-- query ends its ORDER BY with a unique key, and inventory_events has no key and exact duplicate
-- rows, so its queries order by every column.

-- ordered
SELECT store_id, customer_id, full_name FROM customers ORDER BY full_name, store_id, customer_id;
-- ordered
SELECT store_id, customer_id, email FROM customers ORDER BY email DESC NULLS FIRST, store_id, customer_id;
-- ordered
SELECT store_id, customer_id, tier, lifetime_value FROM customers
ORDER BY tier NULLS LAST, lifetime_value DESC NULLS LAST, store_id, customer_id;
-- ordered
SELECT store_id, order_id, status, total FROM orders ORDER BY status DESC, total, store_id, order_id;
-- ordered
SELECT store_id, order_id, placed_at, shipped_at FROM orders ORDER BY shipped_at NULLS FIRST, placed_at DESC, store_id, order_id;
-- ordered
SELECT store_id, order_id, meta FROM orders ORDER BY meta, store_id DESC, order_id;
-- ordered
SELECT store_id, product_id, name, rating FROM products ORDER BY rating DESC NULLS LAST, name, store_id, product_id;
-- ordered
SELECT store_id, product_id, tags, attrs FROM products ORDER BY tags NULLS FIRST, attrs, store_id, product_id;
-- ordered
SELECT store_id, product_id, price - coalesce(cost, 0) AS margin FROM products ORDER BY margin DESC, store_id, product_id;

-- Nondeterministic (case-insensitive) collation: ties under it, broken by "C".
-- ordered
SELECT code, store_id FROM coupons ORDER BY code COLLATE ci, code COLLATE "C";
-- ordered
SELECT code, store_id FROM coupons ORDER BY code COLLATE ci DESC, code COLLATE "C" DESC;
-- ordered
SELECT code, redeemed_at, store_id, order_id FROM coupon_redemptions
ORDER BY code COLLATE ci, redeemed_at, code COLLATE "C", store_id, order_id NULLS FIRST;
-- ordered
SELECT store_id, customer_id, full_name FROM customers ORDER BY full_name COLLATE ci, full_name COLLATE "C", store_id, customer_id;
-- ordered
SELECT store_id, customer_id, full_name FROM customers ORDER BY full_name COLLATE "und-x-icu" DESC, store_id, customer_id LIMIT 9;

-- Tables with their own colocation: uuid and text distribution columns.
-- ordered
SELECT cart_id, store_id, created_at FROM carts ORDER BY created_at, cart_id;
-- ordered
SELECT cart_id, abandoned FROM carts ORDER BY abandoned NULLS FIRST, cart_id DESC;
-- ordered
SELECT code, valid_until, max_uses FROM coupons ORDER BY valid_until DESC NULLS LAST, max_uses, code COLLATE "C";

-- Duplicate rows.
-- ordered
SELECT store_id, product_id, at, delta, reason FROM inventory_events ORDER BY delta DESC, at, store_id, product_id, reason;

-- Joins, grouping by the distribution column, windows partitioned by it, LIMIT and OFFSET.
-- ordered
SELECT o.store_id, o.order_id, c.full_name, o.total FROM orders o
JOIN customers c ON c.store_id = o.store_id AND c.customer_id = o.customer_id
ORDER BY c.full_name, o.total DESC, o.store_id, o.order_id;
-- ordered
SELECT o.store_id, o.order_id, sum(i.qty * i.unit_price) AS amount FROM orders o
JOIN order_items i ON i.store_id = o.store_id AND i.order_id = o.order_id
GROUP BY o.store_id, o.order_id ORDER BY amount DESC, o.store_id, o.order_id LIMIT 10 OFFSET 5;
-- ordered
SELECT store_id, count(*) AS n, max(placed_at) AS last FROM orders GROUP BY store_id ORDER BY n DESC, last, store_id;
-- ordered
SELECT store_id, order_id, row_number() OVER (PARTITION BY store_id ORDER BY placed_at, order_id) AS nth
FROM orders ORDER BY nth DESC, store_id, order_id LIMIT 15;
-- ordered
SELECT p.store_id, p.product_id, cat.name FROM products p LEFT JOIN categories cat ON cat.category_id = p.category_id
ORDER BY cat.name NULLS FIRST, p.store_id, p.product_id;

-- Sorted on the coordinator (DISTINCT, grouping by another column): same answers.
-- ordered
SELECT DISTINCT status FROM orders ORDER BY status;
-- ordered
SELECT currency, count(*) FROM orders GROUP BY currency ORDER BY count(*) DESC, currency;
