-- Enum constants and enum results on distributed tables: routed, pushed down and combined on the
-- coordinator, compared, sorted and grouped by the type's label order.

SELECT order_id, status FROM orders WHERE store_id = 2 AND status = 'paid';

SELECT order_id FROM orders WHERE store_id = 3 AND status IN ('pending', 'shipped');

SELECT status, count(*) FROM orders WHERE store_id = 1 GROUP BY status;

-- ordered
SELECT status, count(*), sum(total) FROM orders GROUP BY status ORDER BY status;

-- ordered
SELECT status, count(*) FROM orders WHERE status > 'paid' GROUP BY status ORDER BY status DESC;

SELECT count(*) FROM orders WHERE status <> 'cancelled' AND status < 'delivered';

SELECT store_id, count(*) FILTER (WHERE status = 'refunded') AS refunded,
       count(*) FILTER (WHERE status = ANY ('{paid,shipped}'::order_status[])) AS moving
FROM orders GROUP BY store_id;

-- ordered
SELECT store_id, order_id, status FROM orders WHERE status = 'delivered' ORDER BY status, placed_at DESC, store_id, order_id LIMIT 7;

SELECT DISTINCT status FROM orders WHERE store_id IN (1, 4, 9);

SELECT min(status), max(status) FROM orders;

SELECT store_id, min(status), max(status) FROM orders GROUP BY store_id;

SELECT status::text, count(*) FROM orders WHERE status::text LIKE 'p%' GROUP BY 1;

SELECT o.status, count(DISTINCT o.customer_id) FROM orders o JOIN customers c ON c.store_id = o.store_id AND c.customer_id = o.customer_id
WHERE o.status IN ('paid', 'delivered') GROUP BY o.status;

SELECT status, count(*) FROM orders WHERE store_id = 5 AND status NOT IN ('pending') GROUP BY status;

SELECT CASE WHEN status >= 'shipped' THEN 'late' ELSE 'early' END AS phase, count(*) FROM orders GROUP BY 1;

SELECT array_agg(DISTINCT status ORDER BY status) FROM orders WHERE store_id = 2;

SELECT status, rank() OVER (PARTITION BY store_id ORDER BY total DESC, order_id) AS r, store_id, order_id
FROM orders WHERE store_id = 6 AND status = 'paid';

SELECT count(*) FROM orders o WHERE EXISTS (SELECT 1 FROM orders i WHERE i.store_id = o.store_id AND i.status = 'refunded' AND i.order_id = o.order_id);

PREPARE enum_status(bigint) AS SELECT status, count(*) FROM orders WHERE store_id = $1 AND status <> 'cancelled' GROUP BY status;
EXECUTE enum_status(1);
EXECUTE enum_status(2);
EXECUTE enum_status(3);
EXECUTE enum_status(4);
EXECUTE enum_status(5);
EXECUTE enum_status(6);
EXECUTE enum_status(7);
DEALLOCATE enum_status;
