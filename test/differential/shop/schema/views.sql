-- Views, created after distribution (search_path = the side's schema).
CREATE VIEW order_summary AS
    SELECT o.store_id, o.order_id, o.customer_id, o.status, o.placed_at, o.total,
           count(oi.line_no) AS lines, coalesce(sum(oi.qty), 0) AS units
    FROM orders o LEFT JOIN order_items oi ON oi.store_id = o.store_id AND oi.order_id = o.order_id
    GROUP BY o.store_id, o.order_id;

CREATE VIEW store_overview AS
    SELECT s.store_id, s.name, c.name AS country_name, c.region, cur.name AS currency_name,
           (SELECT count(*) FROM customers cu WHERE cu.store_id = s.store_id) AS customers,
           (SELECT count(*) FROM orders o WHERE o.store_id = s.store_id) AS orders
    FROM stores s LEFT JOIN countries c ON c.code = s.country LEFT JOIN currencies cur ON cur.code = s.currency;

CREATE VIEW stock_levels AS
    SELECT store_id, product_id, sum(delta) AS on_hand, count(*) AS events, max(at) AS last_event
    FROM inventory_events GROUP BY store_id, product_id;
