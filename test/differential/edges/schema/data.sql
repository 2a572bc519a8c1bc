-- Deterministic rows (generate_series and arithmetic only). Skew: customer 1 and merchant 1
-- are huge; NULLs in every nullable column; duplicate rows in refunds and "Ledger"; text keys
-- that differ only in case or accents.

INSERT INTO regions VALUES
    (1, 'Americas', 'AM', NULL), (2, 'Europe', 'EU', NULL), (3, 'Asia', 'AS', NULL),
    (4, 'North America', 'NA', 1), (5, 'South America', 'sa', 1), (6, 'Western Europe', 'we', 2),
    (7, 'Nowhere', NULL, NULL), (8, 'Zone 8', 'ZZ', 7);

INSERT INTO currencies VALUES ('USD', 'US dollar', 2), ('EUR', 'Euro', 2), ('GBP', 'Pound', 2),
    ('JPY', 'Yen', 0), ('CHF', 'Franc', 2);

INSERT INTO customers
SELECT c, CASE c WHEN 1 THEN 'Alice' WHEN 2 THEN 'bob' WHEN 3 THEN 'Bob' WHEN 4 THEN 'Émile'
                 WHEN 5 THEN 'eve' ELSE 'Customer ' || lpad(c::text, 3, '0') END,
       CASE WHEN c % 7 = 0 THEN NULL ELSE 'c' || c || '@example.com' END,
       CASE WHEN c % 9 = 0 THEN NULL ELSE 1 + c % 8 END,
       (ARRAY['gold', 'silver', NULL, 'bronze', 'Gold'])[1 + c % 5],
       date '2021-01-01' + c * 11
FROM generate_series(1, 60) c;

-- orders: customer 1 has 150, customers 2-10 have 10-19, 11-50 have 0-3, 51-60 none
INSERT INTO orders
SELECT c, c * 1000 + i,
       CASE WHEN (c + i) % 11 = 0 THEN NULL ELSE 1 + (c * 7 + i * 3) % 25 END,
       CASE WHEN (c + i) % 13 = 0 THEN NULL ELSE round(((c * 37 + i * 91) % 997) / 3.0, 2) END,
       (ARRAY['USD', 'EUR', 'GBP', 'JPY', NULL])[1 + (c + i) % 5],
       (ARRAY['new', 'paid', 'shipped', 'cancelled', 'paid'])[1 + (c * 3 + i) % 5],
       timestamp '2024-01-01 00:00' + (c * 13 + i * 7) * interval '3 hours 11 minutes',
       CASE WHEN i % 6 = 0 THEN NULL WHEN i % 6 = 1 THEN '' ELSE 'note ' || (i % 4) END
FROM generate_series(1, 50) c,
     generate_series(1, CASE WHEN c = 1 THEN 150 WHEN c <= 10 THEN 9 + c ELSE c % 4 END) i;

INSERT INTO merchants
SELECT m, CASE m WHEN 1 THEN 'MegaShop' WHEN 2 THEN 'megashop' ELSE 'Merchant ' || m END,
       CASE WHEN m % 6 = 0 THEN NULL ELSE 1 + m % 8 END,
       (ARRAY['retail', 'travel', 'food', NULL])[1 + m % 4],
       CASE WHEN m % 5 = 0 THEN NULL ELSE round(1.5 + (m % 7) * 0.25, 3) END
FROM generate_series(1, 30) m;

-- payments: merchant 1 has 200; merchants 26-30 none; some payments point at no order or a
-- customer that does not exist; order_id NULL now and then (NOT IN with NULLs)
INSERT INTO payments
SELECT m, m * 10000 + i,
       CASE WHEN i % 17 = 0 THEN NULL
            WHEN i % 5 = 0 THEN ((m + i) % 12 + 1) * 1000 + (i % 7) + 1
            ELSE 99000 + i END,
       CASE WHEN i % 19 = 0 THEN NULL ELSE 1 + (m * 5 + i) % 64 END,
       round(((m * 53 + i * 29) % 1009) / 4.0 + 0.25, 2),
       (ARRAY['card', 'bank', 'wallet', NULL, 'Card'])[1 + (m + i) % 5],
       (ARRAY['settled', 'pending', 'failed', 'settled'])[1 + (m * 2 + i) % 4],
       CASE WHEN i % 23 = 0 THEN NULL ELSE timestamp '2024-02-01 00:00' + (m * 17 + i * 5) * interval '2 hours 7 minutes' END
FROM generate_series(1, 25) m,
     generate_series(1, CASE WHEN m = 1 THEN 200 ELSE 4 + (m * 3) % 9 END) i;

-- refunds: by payment_id, with exact duplicate rows and payment ids that match no payment
INSERT INTO refunds
SELECT CASE WHEN r % 15 = 0 THEN 7 * r ELSE (1 + r % 25) * 10000 + 1 + (r * 7) % 11 END,
       r,
       CASE WHEN r % 8 = 0 THEN NULL ELSE round((r * 13 % 211) / 2.0, 2) END,
       (ARRAY['fraud', 'duplicate', 'customer request', NULL])[1 + r % 4],
       timestamp '2024-03-01 00:00' + r * interval '9 hours'
FROM generate_series(1, 80) r;
INSERT INTO refunds SELECT * FROM refunds WHERE refund_id % 10 = 3;

INSERT INTO accounts VALUES
    ('acc-a', 'Alice', 'asset', 100.00, '2020-01-01'),
    ('ACC-A', 'alice', 'asset', 250.50, '2020-02-01'),
    ('acc-b', 'Bob', 'liability', -40.00, NULL),
    ('Acc-B', NULL, 'liability', 0, '2021-05-05'),
    ('éclair', 'Émile', 'asset', 12.34, '2022-03-03'),
    ('eclair', 'Emile', 'income', NULL, '2022-03-04'),
    ('zeta', 'Zed', 'expense', 999.99, '2023-01-01'),
    ('Zeta', 'zed', 'expense', 1.01, '2023-01-02'),
    ('', 'nobody', 'asset', 0.00, NULL),
    (' space', 'Spacey', 'income', 5.00, '2024-01-01'),
    ('5', 'Five', 'asset', 5.55, '2024-05-05'),
    ('10', 'Ten', 'asset', 10.10, '2024-10-10'),
    ('zeta ', 'Zed trailing', 'expense', 2.02, '2023-01-03'),
    ('acc-a  ', 'Alice trailing', 'asset', 3.03, NULL);
INSERT INTO accounts
SELECT 'acct-' || lpad(a::text, 3, '0'), 'Owner ' || (a % 9), (ARRAY['asset', 'liability', 'income', 'expense'])[1 + a % 4],
       CASE WHEN a % 10 = 0 THEN NULL ELSE round((a * 71 % 503) - 200.5, 2) END,
       date '2020-01-01' + a * 19
FROM generate_series(1, 40) a;

INSERT INTO "Ledger"
SELECT (ARRAY['acc-a', 'ACC-A', 'acc-b', 'Acc-B', 'éclair', 'eclair', 'zeta', 'Zeta', '', ' space', '5', '10',
              'acct-001', 'zeta ', 'acct-017', 'missing', 'acc-a  '])[1 + (e * 7) % 17],
       e,
       CASE WHEN e % 12 = 0 THEN NULL ELSE round(((e * 97) % 401 - 150) / 3.0, 2) END,
       (ARRAY['debit', 'credit', 'Debit', NULL])[1 + e % 4],
       CASE WHEN e % 9 = 0 THEN NULL ELSE date '2024-01-01' + (e * 3) % 200 END
FROM generate_series(1, 160) e;
INSERT INTO "Ledger" SELECT * FROM "Ledger" WHERE "EntryId" % 20 = 1;

INSERT INTO devices
SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(d * 7919), 12, '0'))::uuid,
       CASE WHEN d % 8 = 0 THEN NULL ELSE 1 + d % 40 END,
       (ARRAY['ios', 'android', 'web', NULL])[1 + d % 4],
       CASE WHEN d % 5 = 0 THEN NULL ELSE timestamp '2024-04-01' + d * interval '13 hours' END,
       CASE WHEN d % 6 = 0 THEN NULL ELSE d % 3 = 0 END
FROM generate_series(1, 50) d;

INSERT INTO adjustments (adj_id, payment_id, amount, pair, kind, approved, weight)
SELECT a,
       CASE WHEN a % 9 = 0 THEN NULL ELSE (1 + a % 25) * 10000 + 1 + a % 6 END,
       CASE WHEN a % 7 = 0 THEN NULL ELSE round(0.5 + (a * 31 % 97), 2) END,
       CASE WHEN a % 6 = 0 THEN NULL
            ELSE ROW(round((a * 13 % 50) + 0.75, 2), (ARRAY['USD', 'EUR', NULL])[1 + a % 3])::money_pair END,
       (ARRAY['fee', 'chargeback', 'bonus', NULL])[1 + a % 4],
       a % 5 <> 0,
       CASE WHEN a % 4 = 0 THEN NULL ELSE a % 4 END
FROM generate_series(1, 45) a;
INSERT INTO adjustments (adj_id, payment_id, amount, kind) VALUES (46, 10001, 1.00, 'fee'), (47, NULL, NULL, NULL);
