-- LATERAL joins: top-N per tenant, per-row function calls, correlated lateral subqueries.

SELECT s.store_id, s.name, top.order_id, top.total
FROM stores s CROSS JOIN LATERAL (
    SELECT o.order_id, o.total FROM orders o WHERE o.store_id = s.store_id ORDER BY o.total DESC, o.order_id LIMIT 3) top;

SELECT s.store_id, last.placed_at
FROM stores s LEFT JOIN LATERAL (
    SELECT o.placed_at FROM orders o WHERE o.store_id = s.store_id ORDER BY o.placed_at DESC, o.order_id DESC LIMIT 1) last ON true;

SELECT cu.store_id, cu.customer_id, x.n, x.spent
FROM customers cu, LATERAL (SELECT count(*) AS n, sum(total) AS spent FROM orders o
                            WHERE o.store_id = cu.store_id AND o.customer_id = cu.customer_id) x
WHERE cu.store_id = 2;

SELECT cu.store_id, cu.customer_id, x.n
FROM customers cu, LATERAL (SELECT count(*) AS n FROM orders o
                            WHERE o.store_id = cu.store_id AND o.customer_id = cu.customer_id) x
WHERE x.n > 4;

SELECT p.store_id, p.product_id, t.tag FROM products p, LATERAL unnest(p.tags) AS t(tag) WHERE p.store_id <= 3;

SELECT p.store_id, t.tag, count(*) FROM products p CROSS JOIN LATERAL unnest(p.tags) WITH ORDINALITY AS t(tag, pos) GROUP BY p.store_id, t.tag;

SELECT o.store_id, o.order_id, e.key, e.value FROM orders o, LATERAL jsonb_each_text(o.meta) e WHERE o.store_id = 4 AND o.order_id < 30;

SELECT c.cart_id, i.value ->> 'product_id' AS pid, (i.value ->> 'qty')::int AS qty
FROM carts c, LATERAL jsonb_array_elements(c.items) i WHERE c.store_id = 2;

SELECT cat.name, x.n FROM categories cat LEFT JOIN LATERAL (
    SELECT count(*) AS n FROM products p WHERE p.category_id = cat.category_id) x ON true;

SELECT cat.name, x.store_id, x.price FROM categories cat CROSS JOIN LATERAL (
    SELECT p.store_id, p.price FROM products p WHERE p.category_id = cat.category_id ORDER BY p.price DESC, p.store_id, p.product_id LIMIT 2) x;

SELECT o.store_id, o.order_id, li.line_no, li.qty
FROM orders o JOIN LATERAL (SELECT * FROM order_items oi WHERE oi.store_id = o.store_id AND oi.order_id = o.order_id ORDER BY oi.qty DESC, oi.line_no LIMIT 1) li ON true
WHERE o.store_id = 1 AND o.order_id BETWEEN 100 AND 150;

SELECT g.d, x.n FROM generate_series(date '2024-01-01', date '2024-01-10', interval '1 day') g(d)
LEFT JOIN LATERAL (SELECT count(*) AS n FROM orders o WHERE o.placed_at >= g.d AND o.placed_at < g.d + interval '1 day') x ON true;

SELECT s.store_id, x.* FROM stores s, LATERAL (SELECT min(p.price), max(p.price) FROM products p WHERE p.store_id = s.store_id) x(min_price, max_price)
WHERE s.store_id < 12;
