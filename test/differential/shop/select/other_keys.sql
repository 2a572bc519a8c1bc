-- Tables distributed by a uuid (carts) and a text key (coupons), each in its own colocation
-- group: router queries on their keys, joins with the store group.

SELECT * FROM carts WHERE cart_id = md5('cart-17')::uuid;

SELECT * FROM carts WHERE cart_id IN (md5('cart-1')::uuid, md5('cart-2')::uuid, md5('cart-300')::uuid);

SELECT store_id, count(*), count(customer_id), count(*) FILTER (WHERE abandoned) FROM carts GROUP BY store_id;

-- ordered
SELECT cart_id, store_id FROM carts ORDER BY cart_id LIMIT 5;

-- ordered
SELECT cart_id, created_at FROM carts WHERE store_id = 1 ORDER BY created_at DESC, cart_id LIMIT 5 OFFSET 5;

SELECT date_trunc('day', created_at) AS d, count(*) FROM carts GROUP BY 1 HAVING count(*) > 10;

SELECT * FROM coupons WHERE code = 'SAVE3';

SELECT * FROM coupons WHERE code = 'Promo-4ä';

SELECT code FROM coupons WHERE code LIKE 'Promo%';

SELECT code FROM coupons WHERE code > 'T';

-- ordered
SELECT code FROM coupons ORDER BY code COLLATE "C" LIMIT 10;

-- ordered
SELECT code FROM coupons WHERE code ILIKE 'promo%' ORDER BY code COLLATE "und-x-icu", code COLLATE "C";

SELECT store_id, count(*), min(valid_from), max(valid_until) FROM coupons GROUP BY store_id;

SELECT cp.code, o.store_id, o.order_id FROM coupons cp JOIN orders o ON o.coupon_code = cp.code WHERE cp.store_id = o.store_id;

SELECT c.store_id, s.name, count(*) FROM carts c JOIN stores s ON s.store_id = c.store_id WHERE c.abandoned GROUP BY c.store_id, s.name;

SELECT c.cart_id, cu.full_name FROM carts c JOIN customers cu ON cu.store_id = c.store_id AND cu.customer_id = c.customer_id WHERE c.store_id = 3;

SELECT count(*) FROM carts c WHERE c.store_id = 1 AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.store_id = c.store_id AND o.customer_id = c.customer_id AND o.placed_at > c.created_at);

SELECT cart_id::text, left(cart_id::text, 8) FROM carts WHERE store_id = 13;

SELECT count(*) FROM carts WHERE cart_id > 'f0000000-0000-0000-0000-000000000000';

SELECT cp.code, count(*) FROM coupons cp JOIN carts c ON c.store_id = cp.store_id GROUP BY cp.code;
