-- Deterministic rows (generate_series and arithmetic only, no random()/now()). Skew: store 1 is
-- huge, stores 2-6 mid-size, 7-40 small (some without customers, products or orders), 41-50
-- empty. NULLs in every nullable column, duplicates, collation-sensitive names.

INSERT INTO currencies VALUES
    ('USD', 'US Dollar', 2, 1),
    ('EUR', 'Euro', 2, 1.084500),
    ('GBP', 'Pound Sterling', 2, 1.267300),
    ('JPY', 'Yen', 0, 0.006700),
    ('CHF', 'Swiss Franc', 2, 1.131000),
    ('BRL', 'Real', 2, NULL),
    ('SEK', 'Krona', 2, 0.095200);

INSERT INTO countries VALUES
    ('US', 'United States', 'Americas', 'USD', 0),
    ('CA', 'Canada', 'Americas', 'USD', 0.05),
    ('DE', 'Germany', 'Europe', 'EUR', 0.19),
    ('FR', 'France', 'Europe', 'EUR', 0.20),
    ('AT', 'Österreich', 'Europe', 'EUR', 0.20),
    ('GB', 'United Kingdom', 'Europe', 'GBP', 0.20),
    ('CH', 'Schweiz', 'Europe', 'CHF', 0.081),
    ('SE', 'Sverige', 'Europe', 'SEK', 0.25),
    ('JP', 'Japan', 'Asia', 'JPY', 0.10),
    ('BR', 'Brasil', 'Americas', 'BRL', NULL),
    ('ZA', 'South Africa', NULL, NULL, 0.15);

INSERT INTO categories VALUES
    (1, NULL, 'Electronics', 'electronics', 1),
    (2, NULL, 'Home & Garden', 'home-garden', 2),
    (3, NULL, 'Fashion', 'fashion', 3),
    (4, NULL, 'Books', 'books', NULL),
    (10, 1, 'Phones', 'phones', 1),
    (11, 1, 'Laptops', 'laptops', 2),
    (12, 1, 'Audio', 'audio', 3),
    (13, 10, 'Phone cases', 'phone-cases', 1),
    (14, 10, 'Chargers', 'chargers', 2),
    (15, 12, 'Headphones', 'headphones', 1),
    (20, 2, 'Kitchen', 'kitchen', 1),
    (21, 2, 'Garden', 'garden', 2),
    (22, 20, 'Cookware', 'cookware', 1),
    (23, 22, 'Pans', 'pans', NULL),
    (30, 3, 'Shoes', 'shoes', 1),
    (31, 3, 'Jackets', 'jackets', 2),
    (32, 30, 'Sneakers', 'sneakers', 1),
    (40, 4, 'Fiction', 'fiction', 1),
    (41, 4, 'Non-fiction', 'non-fiction', 2),
    (42, 40, 'Crime', 'crime', 1);

INSERT INTO stores
SELECT s,
       CASE s WHEN 1 THEN 'Mega Mart' WHEN 2 THEN 'Ärger Shop' WHEN 3 THEN 'apple corner'
              WHEN 4 THEN 'Zebra Goods' WHEN 5 THEN 'éclair boutique' WHEN 6 THEN 'Öko Laden'
              WHEN 7 THEN 'zz top' WHEN 8 THEN 'Apple Corner' WHEN 9 THEN ' leading space'
              ELSE 'Store ' || s END,
       (ARRAY['US', 'DE', 'FR', 'GB', 'JP', 'AT', 'CH', 'SE', 'XX', NULL, 'BR', 'US'])[1 + s % 12],
       (ARRAY['USD', 'EUR', 'EUR', 'GBP', 'JPY', 'EUR', 'CHF', 'SEK', 'USD', 'USD', 'BRL', 'USD'])[1 + s % 12],
       CASE WHEN s % 10 = 0 THEN NULL ELSE (ARRAY['basic', 'pro', 'plus', 'enterprise'])[1 + s % 4] END,
       timestamptz '2021-03-01 00:00:00+00' + s * interval '11 days 5 hours',
       s % 8 <> 0,
       CASE s % 5
           WHEN 0 THEN NULL
           WHEN 1 THEN jsonb_build_object('theme', 'dark', 'checkout', jsonb_build_object('guest', true, 'steps', 3))
           WHEN 2 THEN jsonb_build_object('theme', 'light', 'features', jsonb_build_array('reviews', 'wishlist'))
           WHEN 3 THEN '{}'::jsonb
           ELSE jsonb_build_object('theme', NULL, 'checkout', jsonb_build_object('guest', false)) END,
       CASE WHEN s % 6 = 0 THEN NULL WHEN s % 6 = 1 THEN '{}'::text[]
            ELSE ARRAY['region' || (s % 3), CASE WHEN s % 2 = 0 THEN 'b2c' ELSE 'b2b' END] END
FROM generate_series(1, 50) s;

-- customers: store 1 1200, stores 2-6 80, 7-40 s % 7 (zero for some), 41-50 none
INSERT INTO customers
SELECT s, i,
       CASE WHEN i % 23 = 0 THEN NULL WHEN i % 29 = 0 THEN 'dup@example.com'
            ELSE 'c' || i || '@s' || s || '.example.com' END,
       (ARRAY['Ångström', 'angstrom', 'Zoë', 'zoe', 'Émile', 'emile', 'Müller', 'Mueller', 'O''Brien',
              'de la Cruz', 'De La Cruz', 'Łukasz', 'lukasz', 'Ærø', 'aaron', 'Aaron', '  spaced',
              'Ñandú', 'nandu', 'ZZ'])[1 + (i * 7 + s) % 20] || ' ' || (i % 37),
       (ARRAY['US', 'DE', 'FR', 'GB', 'JP', NULL, 'AT', 'CH', 'XX'])[1 + (i + s) % 9],
       CASE WHEN i % 10 = 0 THEN NULL WHEN i % 10 < 2 THEN 'gold' WHEN i % 10 < 5 THEN 'silver' ELSE 'bronze' END,
       timestamptz '2022-01-01 00:00:00+00' + (s * 13 + i * 7) * interval '3 hours 11 minutes',
       CASE WHEN i % 5 = 0 THEN NULL ELSE i % 3 = 0 END,
       CASE WHEN i % 12 = 0 THEN NULL ELSE round(((i * 137 + s * 59) % 250000) / 100.0, 2) END
FROM generate_series(1, 50) s,
     generate_series(1, CASE WHEN s = 1 THEN 1200 WHEN s <= 6 THEN 80 WHEN s <= 40 THEN s % 7 ELSE 0 END) i;

-- products: store 1 250, stores 2-6 30, 7-40 s % 5
INSERT INTO products
SELECT s, i,
       'SKU-' || s || '-' || lpad(i::text, 4, '0'),
       (ARRAY['Widget', 'widget', 'Gadget', 'Über Kabel', 'über kabel', 'Chair', 'chaise', 'Ärmel',
              'Zubehör', 'zebra mug', 'Ångel', 'Book'])[1 + (i + s) % 12] || ' ' || (i % 17),
       CASE WHEN i % 19 = 0 THEN NULL WHEN i % 23 = 0 THEN 99
            ELSE (ARRAY[10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 30, 31, 32, 40, 41, 42, 1, 4])[1 + (i * 5 + s) % 18] END,
       round(1 + ((i * 317 + s * 71) % 50000) / 100.0, 2),
       CASE WHEN i % 7 = 0 THEN NULL ELSE round((1 + ((i * 317 + s * 71) % 50000) / 100.0) * 0.6, 2) END,
       CASE WHEN i % 9 = 0 THEN NULL ELSE 50 + (i * 37) % 5000 END,
       CASE WHEN i % 10 = 0 THEN NULL ELSE 1.0 / (1 + (i + s) % 13) + i * 1e-9 + s * 1e-12 END,
       CASE i % 6
           WHEN 0 THEN NULL
           WHEN 1 THEN jsonb_build_object('color', (ARRAY['red', 'blue', 'green'])[1 + i % 3], 'size', (ARRAY['S', 'M', 'L', 'XL'])[1 + i % 4])
           WHEN 2 THEN jsonb_build_object('color', 'black', 'dims', jsonb_build_object('w', i % 40, 'h', i % 25), 'eco', i % 4 = 0)
           WHEN 3 THEN jsonb_build_object('material', 'wood', 'tags', jsonb_build_array('handmade', 'local'))
           WHEN 4 THEN '{}'::jsonb
           ELSE jsonb_build_object('color', NULL, 'rating', (i % 50) / 10.0) END,
       CASE WHEN i % 8 = 0 THEN NULL WHEN i % 8 = 1 THEN '{}'::text[]
            ELSE ARRAY[(ARRAY['sale', 'new', 'eco', 'bestseller'])[1 + i % 4]] ||
                 CASE WHEN i % 3 = 0 THEN ARRAY['sale'] ELSE ARRAY[]::text[] END END,
       i % 11 <> 0
FROM generate_series(1, 50) s,
     generate_series(1, CASE WHEN s = 1 THEN 250 WHEN s <= 6 THEN 30 WHEN s <= 40 THEN s % 5 ELSE 0 END) i;

-- orders: store 1 2500, stores 2-6 150, 7-40 (s % 9) * 3; guests (NULL customer) and customers
-- that do not exist
INSERT INTO orders
SELECT s, i,
       CASE WHEN i % 11 = 0 OR nc = 0 THEN NULL WHEN i % 97 = 0 THEN 90000 + i ELSE 1 + (i * 7) % nc END,
       (ARRAY['pending', 'paid', 'shipped', 'delivered', 'delivered', 'delivered', 'cancelled', 'refunded', 'shipped', 'paid'])[1 + (i * 3 + s) % 10]::order_status,
       CASE WHEN i % 17 = 0 THEN 'EUR' ELSE (ARRAY['USD', 'EUR', 'EUR', 'GBP', 'JPY', 'EUR', 'CHF', 'SEK', 'USD', 'USD', 'BRL', 'USD'])[1 + s % 12] END,
       timestamptz '2024-01-01 00:00:00+00' + (i * 211 + s * 37) * interval '7 minutes',
       CASE WHEN (i * 3 + s) % 10 IN (2, 3, 4, 5, 8)
            THEN timestamptz '2024-01-01 00:00:00+00' + (i * 211 + s * 37) * interval '7 minutes' + (1 + i % 9) * interval '13 hours'
            ELSE NULL END,
       0,
       CASE WHEN i % 6 = 0 THEN round((i % 50) / 2.0, 2) WHEN i % 6 = 1 THEN 0 ELSE NULL END,
       CASE WHEN i % 13 = 0 THEN 'SAVE' || (i % 5) WHEN i % 31 = 0 THEN 'WELCOME' WHEN i % 47 = 0 THEN 'vip-' || s ELSE NULL END,
       (ARRAY['US', 'DE', 'FR', 'GB', 'JP', NULL, 'AT', 'CH', 'SE', 'ZA', 'CA', 'US', 'XX'])[1 + (i + s * 5) % 13],
       CASE i % 5
           WHEN 0 THEN NULL
           WHEN 1 THEN jsonb_build_object('channel', 'web', 'device', (ARRAY['mobile', 'desktop', 'tablet'])[1 + i % 3])
           WHEN 2 THEN jsonb_build_object('channel', 'app', 'utm', jsonb_build_object('source', (ARRAY['google', 'newsletter', 'facebook'])[1 + i % 3], 'campaign', 'c' || (i % 4)))
           WHEN 3 THEN jsonb_build_object('channel', 'pos', 'gift', true, 'notes', jsonb_build_array('wrap', 'card'))
           ELSE jsonb_build_object('channel', NULL, 'priority', i % 3) END
FROM (SELECT s, CASE WHEN s = 1 THEN 1200 WHEN s <= 6 THEN 80 WHEN s <= 40 THEN s % 7 ELSE 0 END AS nc
      FROM generate_series(1, 50) s) st,
     generate_series(1, CASE WHEN s = 1 THEN 2500 WHEN s <= 6 THEN 150 WHEN s <= 40 THEN (s % 9) * 3 ELSE 0 END) i;

-- order_items: 1-4 lines per order; product ids sometimes NULL or of no product
INSERT INTO order_items
SELECT o.store_id, o.order_id, l,
       CASE WHEN np = 0 OR (o.order_id + l) % 29 = 0 THEN NULL
            WHEN (o.order_id * l) % 53 = 0 THEN 9999
            ELSE 1 + (o.order_id * 3 + l * 5) % np END,
       1 + (o.order_id + l * 2) % 5 + CASE WHEN l = 1 AND o.order_id % 40 = 0 THEN 20 ELSE 0 END,
       round(2 + ((o.order_id * 31 + l * 17 + o.store_id * 3) % 20000) / 100.0, 2),
       CASE WHEN (o.order_id + l) % 7 = 0 THEN 10 WHEN (o.order_id + l) % 9 = 0 THEN 12.5
            WHEN (o.order_id + l) % 4 = 0 THEN NULL ELSE 0 END
FROM orders o
     JOIN (SELECT s, CASE WHEN s = 1 THEN 250 WHEN s <= 6 THEN 30 WHEN s <= 40 THEN s % 5 ELSE 0 END AS np
           FROM generate_series(1, 50) s) p ON p.s = o.store_id,
     generate_series(1, 1 + (o.order_id + o.store_id) % 4) l;

UPDATE orders o SET total = greatest(x.gross - coalesce(o.discount, 0), 0)
FROM (SELECT store_id, order_id,
             sum(round(qty * unit_price * (1 - coalesce(discount_pct, 0) / 100), 2)) AS gross
      FROM order_items GROUP BY store_id, order_id) x
WHERE x.store_id = o.store_id AND x.order_id = o.order_id;

-- payments: one per non-pending order, a split second payment for some, refunds negative
INSERT INTO payments
SELECT o.store_id, o.order_id * 10 + k, o.order_id,
       (ARRAY['card', 'card', 'paypal', 'invoice', 'giftcard', 'Card'])[1 + (o.order_id + k) % 6],
       CASE WHEN o.status = 'refunded' AND k = 2 THEN -o.total
            WHEN o.order_id % 10 = 0 THEN round(o.total / 2, 2)
            ELSE o.total END,
       CASE WHEN o.status = 'cancelled' THEN 'failed' WHEN o.status = 'refunded' AND k = 2 THEN 'refund'
            WHEN o.order_id % 43 = 0 THEN 'pending' ELSE 'captured' END,
       CASE WHEN o.order_id % 43 = 0 THEN NULL ELSE o.placed_at + (k * 5) * interval '1 minute' END,
       CASE WHEN o.order_id % 8 = 0 THEN NULL ELSE 'ch_' || md5(o.store_id || '-' || o.order_id || '-' || k) END
FROM orders o,
     generate_series(1, CASE WHEN o.order_id % 10 = 0 OR o.status = 'refunded' THEN 2 ELSE 1 END) k
WHERE o.status <> 'pending';

-- inventory_events: several per product; exact duplicate rows for some
INSERT INTO inventory_events
SELECT p.store_id, p.product_id,
       timestamptz '2024-01-01 00:00:00+00' + (p.product_id * 97 + e * 1301) * interval '5 minutes',
       CASE WHEN e = 1 THEN 100 + (p.product_id * 13) % 200 ELSE -((p.product_id + e * 7) % 15) END,
       CASE WHEN e = 1 THEN 'restock' WHEN e % 5 = 0 THEN NULL WHEN e % 3 = 0 THEN 'return' ELSE 'sale' END
FROM products p, generate_series(1, 1 + (p.product_id + p.store_id) % 6) e;
INSERT INTO inventory_events
SELECT * FROM inventory_events WHERE (product_id + store_id) % 10 = 0 AND reason = 'sale';

-- carts: by uuid, own colocation group
INSERT INTO carts
SELECT md5('cart-' || i)::uuid,
       CASE WHEN i % 3 = 0 THEN 1 ELSE 1 + i % 25 END,
       CASE WHEN i % 4 = 0 THEN NULL ELSE 1 + (i * 13) % 80 END,
       timestamptz '2024-02-01 00:00:00+00' + i * interval '97 minutes',
       CASE i % 4
           WHEN 0 THEN NULL
           WHEN 1 THEN jsonb_build_array(jsonb_build_object('product_id', 1 + i % 30, 'qty', 1 + i % 3))
           WHEN 2 THEN jsonb_build_array(jsonb_build_object('product_id', 1 + i % 30, 'qty', 2),
                                         jsonb_build_object('product_id', 2 + i % 30, 'qty', 1))
           ELSE '[]'::jsonb END,
       CASE WHEN i % 7 = 0 THEN NULL ELSE i % 2 = 0 END
FROM generate_series(1, 600) i;

-- coupons: by a text key, own colocation group; global coupons have no store
INSERT INTO coupons
SELECT code, store_id, percent_off, amount_off, valid_from, valid_until, max_uses
FROM (SELECT 'SAVE' || i AS code, NULL::bigint AS store_id, (5 * (i + 1))::numeric AS percent_off, NULL::numeric AS amount_off,
             date '2024-01-01' AS valid_from, date '2024-06-30' + i AS valid_until, CASE WHEN i = 0 THEN NULL ELSE 100 * i END AS max_uses
      FROM generate_series(0, 4) i
      UNION ALL
      SELECT 'WELCOME', NULL, NULL, 10, NULL, NULL, NULL
      UNION ALL
      SELECT 'vip-' || s, s, CASE WHEN s % 2 = 0 THEN 15 END, CASE WHEN s % 2 = 1 THEN 25 END,
             date '2024-02-01' + s, CASE WHEN s % 3 = 0 THEN NULL ELSE date '2024-12-31' END, s
      FROM generate_series(1, 40) s
      UNION ALL
      SELECT 'Promo-' || i || CASE WHEN i % 2 = 0 THEN 'ä' ELSE 'A' END, 1 + i % 6, i, NULL,
             date '2024-03-01', date '2024-04-01' + i, NULL
      FROM generate_series(1, 20) i) c;

-- coupon_redemptions: codes in their own case, upper or lower case (equal under COLLATE ci)
INSERT INTO coupon_redemptions
SELECT CASE i % 3 WHEN 0 THEN o.coupon_code WHEN 1 THEN lower(o.coupon_code) ELSE upper(o.coupon_code) END,
       o.store_id, o.order_id, o.placed_at + interval '1 minute'
FROM orders o, generate_series(1, 1 + o.order_id % 2) i
WHERE o.coupon_code IS NOT NULL;

INSERT INTO staff_notes
SELECT 1 + i % 12, i, (ARRAY['shop_reader', 'alice', 'bob'])[1 + (i / 7) % 3],
       CASE WHEN i % 4 = 0 THEN 'public' ELSE 'private' END,
       'note ' || i, timestamptz '2024-01-01 00:00:00+00' + i * interval '5 hours'
FROM generate_series(1, 300) i;
