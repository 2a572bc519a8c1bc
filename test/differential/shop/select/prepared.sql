-- Prepared statements with parameters, executed more than five times (generic plans), NULL
-- parameters, parameters on the distribution column and elsewhere.

PREPARE store_orders(bigint, order_status) AS
    SELECT o.order_id, o.total, cu.full_name FROM orders o
    LEFT JOIN customers cu ON cu.store_id = o.store_id AND cu.customer_id = o.customer_id
    WHERE o.store_id = $1 AND o.status = $2;
EXECUTE store_orders(1, 'paid');
EXECUTE store_orders(2, 'pending');
EXECUTE store_orders(3, 'refunded');
EXECUTE store_orders(4, 'shipped');
EXECUTE store_orders(5, 'delivered');
EXECUTE store_orders(6, 'cancelled');
EXECUTE store_orders(7, 'paid');
EXECUTE store_orders(NULL, 'paid');
EXECUTE store_orders(2, NULL);
EXECUTE store_orders(48, 'paid');
EXECUTE store_orders(1, 'refunded');

PREPARE store_page(bigint, int, int) AS
    SELECT order_id, placed_at, total FROM orders WHERE store_id = $1 ORDER BY placed_at DESC, order_id DESC LIMIT $2 OFFSET $3;
-- ordered
EXECUTE store_page(1, 10, 0);
-- ordered
EXECUTE store_page(1, 10, 10);
-- ordered
EXECUTE store_page(1, 5, 2495);
-- ordered
EXECUTE store_page(2, 5, 3);
-- ordered
EXECUTE store_page(3, 0, 0);
-- ordered
EXECUTE store_page(4, NULL, 140);
-- ordered
EXECUTE store_page(5, 3, NULL);
-- ordered
EXECUTE store_page(1, 4, 7);

PREPARE revenue_since(timestamptz, numeric) AS
    SELECT store_id, count(*), sum(total) FROM orders WHERE placed_at >= $1 AND total > $2 GROUP BY store_id;
EXECUTE revenue_since('2024-02-01', 100);
EXECUTE revenue_since('2024-03-01', 500);
EXECUTE revenue_since('2024-04-01', 0);
EXECUTE revenue_since('2024-01-15 12:00+02', 1000);
EXECUTE revenue_since('2024-05-01', 50.5);
EXECUTE revenue_since(NULL, 1);
EXECUTE revenue_since('2024-02-01', NULL);
EXECUTE revenue_since('2023-01-01', 1999.99);

PREPARE top_products(bigint, int) AS
    SELECT p.product_id, p.name, sum(oi.qty) AS units FROM order_items oi
    JOIN products p ON p.store_id = oi.store_id AND p.product_id = oi.product_id
    WHERE oi.store_id = $1 GROUP BY p.product_id, p.name ORDER BY units DESC, p.product_id LIMIT $2;
-- ordered
EXECUTE top_products(1, 5);
-- ordered
EXECUTE top_products(2, 5);
-- ordered
EXECUTE top_products(3, 3);
-- ordered
EXECUTE top_products(4, 3);
-- ordered
EXECUTE top_products(5, 3);
-- ordered
EXECUTE top_products(6, 3);
-- ordered
EXECUTE top_products(1, 2);

PREPARE stores_in(bigint[]) AS SELECT store_id, count(*) FROM orders WHERE store_id = ANY ($1) GROUP BY store_id;
EXECUTE stores_in('{1,2,3}');
EXECUTE stores_in('{4}');
EXECUTE stores_in('{}');
EXECUTE stores_in(NULL);
EXECUTE stores_in('{5,NULL}');
EXECUTE stores_in('{39,40,41}');
EXECUTE stores_in('{7}');

PREPARE by_region(text) AS
    SELECT c.code, count(o.order_id) FROM countries c LEFT JOIN orders o ON o.ship_country = c.code
    WHERE c.region = $1 GROUP BY c.code;
EXECUTE by_region('Europe');
EXECUTE by_region('Americas');
EXECUTE by_region('Asia');
EXECUTE by_region(NULL);
EXECUTE by_region('Europe');
EXECUTE by_region('Nowhere');
EXECUTE by_region('Americas');

PREPARE cart_by_id(uuid) AS SELECT store_id, customer_id, created_at, items FROM carts WHERE cart_id = $1;
EXECUTE cart_by_id(md5('cart-1')::uuid);
EXECUTE cart_by_id(md5('cart-2')::uuid);
EXECUTE cart_by_id(md5('cart-3')::uuid);
EXECUTE cart_by_id(md5('cart-4')::uuid);
EXECUTE cart_by_id(md5('cart-5')::uuid);
EXECUTE cart_by_id(md5('cart-6')::uuid);
EXECUTE cart_by_id(md5('nope')::uuid);
EXECUTE cart_by_id(NULL);

PREPARE coupon(text) AS SELECT cp.code, cp.percent_off, count(o.order_id) FROM coupons cp LEFT JOIN orders o ON o.coupon_code = cp.code WHERE cp.code = $1 GROUP BY cp.code, cp.percent_off;
EXECUTE coupon('SAVE1');
EXECUTE coupon('SAVE2');
EXECUTE coupon('WELCOME');
EXECUTE coupon('vip-3');
EXECUTE coupon('vip-47');
EXECUTE coupon('Promo-2ä');
EXECUTE coupon(NULL);
EXECUTE coupon('SAVE0');

PREPARE customer_orders(bigint, bigint) AS
    SELECT o.order_id, o.status, o.total, (SELECT sum(p.amount) FROM payments p WHERE p.store_id = o.store_id AND p.order_id = o.order_id) AS paid
    FROM orders o WHERE o.store_id = $1 AND o.customer_id = $2;
EXECUTE customer_orders(1, 8);
EXECUTE customer_orders(1, 15);
EXECUTE customer_orders(2, 8);
EXECUTE customer_orders(3, 22);
EXECUTE customer_orders(4, 1);
EXECUTE customer_orders(5, 64);
EXECUTE customer_orders(1, NULL);
EXECUTE customer_orders(2, 50);

-- the distribution column compared through an expression on the parameter
PREPARE shifted(int) AS SELECT count(*), sum(total) FROM orders WHERE store_id = $1 + 1;
EXECUTE shifted(0);
EXECUTE shifted(1);
EXECUTE shifted(2);
EXECUTE shifted(3);
EXECUTE shifted(4);
EXECUTE shifted(5);
EXECUTE shifted(44);

PREPARE ship_stats(bigint, interval) AS
    SELECT status, count(*) FILTER (WHERE shipped_at - placed_at > $2), count(*) FROM orders WHERE store_id = $1 GROUP BY status;
EXECUTE ship_stats(1, '1 day');
EXECUTE ship_stats(2, '2 days');
EXECUTE ship_stats(3, '12 hours');
EXECUTE ship_stats(4, '3 days');
EXECUTE ship_stats(5, '1 day');
EXECUTE ship_stats(6, '0');
EXECUTE ship_stats(1, NULL);

-- enum-typed parameters (a type made by users) in a query pinned to one store: the router
-- once accepted them, then failed every execution ("could not route the query to a single
-- shard group") when binding the value as a constant of the enum type
PREPARE store_status(order_status) AS SELECT count(*), sum(total) FROM orders WHERE store_id = 1 AND status = $1;
EXECUTE store_status('paid');
EXECUTE store_status('shipped');
EXECUTE store_status('pending');
EXECUTE store_status('refunded');
EXECUTE store_status('delivered');
EXECUTE store_status('cancelled');
EXECUTE store_status(NULL);
EXECUTE store_status('paid');
PREPARE pinned_status(bigint, order_status) AS
    SELECT o.order_id, o.total FROM orders o JOIN order_items oi USING (store_id, order_id)
    WHERE o.store_id = $1 AND o.status = $2 AND oi.line_no = 4;
EXECUTE pinned_status(2, 'paid');
EXECUTE pinned_status(3, 'shipped');
EXECUTE pinned_status(4, 'delivered');
EXECUTE pinned_status(5, 'refunded');
EXECUTE pinned_status(6, 'cancelled');
EXECUTE pinned_status(1, 'pending');
EXECUTE pinned_status(1, 'paid');
EXECUTE pinned_status(NULL, 'paid');
PREPARE status_text(bigint, text) AS SELECT count(*) FROM orders WHERE store_id = $1 AND status = $2::order_status;
EXECUTE status_text(1, 'paid');
EXECUTE status_text(2, 'paid');
EXECUTE status_text(3, 'shipped');
EXECUTE status_text(4, 'delivered');
EXECUTE status_text(5, 'pending');
EXECUTE status_text(6, 'refunded');
EXECUTE status_text(7, 'paid');

DEALLOCATE ALL;
