-- CTEs: inlined, MATERIALIZED, NOT MATERIALIZED, several levels, recursive over the categories
-- reference table, recursive CTEs that join distributed tables.

WITH store_rev AS (SELECT store_id, sum(total) AS revenue FROM orders GROUP BY store_id)
SELECT s.name, r.revenue FROM stores s JOIN store_rev r USING (store_id) WHERE r.revenue > 10000;

WITH store_rev AS MATERIALIZED (SELECT store_id, sum(total) AS revenue FROM orders GROUP BY store_id)
SELECT s.name, r.revenue FROM stores s LEFT JOIN store_rev r USING (store_id);

WITH big AS NOT MATERIALIZED (SELECT * FROM orders WHERE total > 1500)
SELECT store_id, count(*) FROM big GROUP BY store_id;

WITH o AS MATERIALIZED (SELECT store_id, order_id, customer_id, total FROM orders WHERE store_id = 1)
SELECT count(*), sum(o.total) FROM o JOIN customers cu ON cu.store_id = o.store_id AND cu.customer_id = o.customer_id WHERE cu.tier = 'gold';

WITH RECURSIVE tree AS (
    SELECT category_id, parent_id, name, 1 AS depth, name AS path FROM categories WHERE parent_id IS NULL
    UNION ALL
    SELECT c.category_id, c.parent_id, c.name, t.depth + 1, t.path || ' > ' || c.name
    FROM categories c JOIN tree t ON c.parent_id = t.category_id)
SELECT * FROM tree;

WITH RECURSIVE tree AS (
    SELECT category_id, category_id AS root FROM categories WHERE parent_id IS NULL
    UNION ALL
    SELECT c.category_id, t.root FROM categories c JOIN tree t ON c.parent_id = t.category_id)
SELECT r.name AS root, count(p.*) AS products, sum(p.price) AS value
FROM tree t JOIN categories r ON r.category_id = t.root LEFT JOIN products p ON p.category_id = t.category_id
GROUP BY r.name;

WITH RECURSIVE tree AS (
    SELECT category_id, category_id AS root FROM categories WHERE parent_id IS NULL
    UNION ALL
    SELECT c.category_id, t.root FROM categories c JOIN tree t ON c.parent_id = t.category_id)
SELECT t.root, sum(oi.qty) FROM tree t JOIN products p ON p.category_id = t.category_id
JOIN order_items oi ON oi.store_id = p.store_id AND oi.product_id = p.product_id
WHERE p.store_id = 1 GROUP BY t.root;

WITH RECURSIVE up AS (
    SELECT category_id, parent_id, name FROM categories WHERE category_id = 23
    UNION
    SELECT c.category_id, c.parent_id, c.name FROM categories c JOIN up ON c.category_id = up.parent_id)
SELECT * FROM up;

WITH RECURSIVE days(d) AS (SELECT date '2024-02-01' UNION ALL SELECT d + 1 FROM days WHERE d < date '2024-02-14')
SELECT d, (SELECT count(*) FROM orders o WHERE o.placed_at::date = d) FROM days;

WITH RECURSIVE chain AS (
    SELECT store_id, order_id, 1 AS n FROM orders WHERE store_id = 2 AND order_id = 1
    UNION ALL
    SELECT o.store_id, o.order_id, c.n + 1 FROM chain c JOIN orders o ON o.store_id = c.store_id AND o.order_id = c.order_id + 7 WHERE c.n < 10)
SELECT * FROM chain;

WITH a AS (SELECT store_id, count(*) AS n FROM orders GROUP BY store_id),
     b AS (SELECT store_id, count(*) AS n FROM customers GROUP BY store_id),
     c AS (SELECT coalesce(a.store_id, b.store_id) AS store_id, a.n AS orders, b.n AS customers FROM a FULL JOIN b USING (store_id))
SELECT * FROM c WHERE coalesce(orders, 0) > coalesce(customers, 0);

WITH gold AS (SELECT store_id, customer_id FROM customers WHERE tier = 'gold')
SELECT o.status, count(*) FROM orders o JOIN gold g USING (store_id, customer_id) GROUP BY o.status;

WITH x AS (SELECT store_id, order_id FROM orders WHERE status = 'refunded'),
     y AS (SELECT store_id, order_id, sum(amount) AS refunded FROM payments WHERE status = 'refund' GROUP BY 1, 2)
SELECT count(*), sum(y.refunded) FROM x LEFT JOIN y USING (store_id, order_id);

WITH ranked AS (SELECT store_id, order_id, total, row_number() OVER (PARTITION BY store_id ORDER BY total DESC, order_id) AS rn FROM orders)
SELECT store_id, sum(total) FROM ranked WHERE rn <= 5 GROUP BY store_id;

WITH m AS MATERIALIZED (SELECT code, region FROM countries)
SELECT m.region, count(*) FROM orders o JOIN m ON m.code = o.ship_country GROUP BY m.region;

WITH s AS (SELECT * FROM stores WHERE store_id = 3)
SELECT s.name, count(*) FROM s JOIN orders o ON o.store_id = s.store_id GROUP BY s.name;

WITH totals AS (SELECT store_id, order_id, total FROM orders)
SELECT a.store_id, count(*) FROM totals a JOIN totals b ON a.store_id = b.store_id AND a.order_id = b.order_id + 1 AND a.total > b.total
GROUP BY a.store_id;
