-- Deterministic rows (generate_series and arithmetic only). 30 tenants, ~5 accounts each (tenant
-- 30 none), entries and transfers over them, payouts keyed by uuids built from numbers.

INSERT INTO currencies VALUES
    ('USD', 'US dollar', 2, 1),
    ('EUR', 'Euro', 2, 1.08),
    ('GBP', 'Pound sterling', 2, 1.27),
    ('JPY', 'Yen', 0, 0.0067),
    ('CHF', 'Swiss franc', 2, NULL),
    ('BHD', 'Bahraini dinar', 3, 2.65);

INSERT INTO fee_rules VALUES
    (1, 'USD', 'wire', 0.0100, 5),
    (2, 'USD', 'card', 0.0290, 0.30),
    (3, 'EUR', 'wire', 0.0080, 4),
    (4, 'EUR', 'card', 0.0250, 0.25),
    (5, 'GBP', 'wire', 0.0090, 3),
    (6, 'JPY', 'wire', 0.0000, 0),
    (7, 'CHF', 'card', 0.0300, 0.50);

INSERT INTO tenants
SELECT g, 'Tenant ' || g,
       (ARRAY['USD', 'EUR', 'GBP', 'JPY', 'CHF'])[1 + g % 5],
       g % 7 <> 0,
       CASE WHEN g % 4 = 0 THEN NULL ELSE g * 1000 END,
       CASE g % 3 WHEN 0 THEN '{"tier": "gold", "limits": {"daily": 5000}}'::jsonb
                  WHEN 1 THEN jsonb_build_object('tier', 'basic', 'n', g) ELSE NULL END
FROM generate_series(1, 30) g;

INSERT INTO accounts (tenant_id, code, kind, currency, balance, tags, meta, closed)
SELECT t, 'acc-' || t || '-' || a,
       (ARRAY['asset', 'liability', 'revenue', 'expense']::account_kind[])[1 + a % 4],
       (ARRAY['USD', 'EUR', 'GBP', 'JPY', 'CHF'])[1 + (t + a) % 5],
       round(((t * 37 + a * 11) % 900) - 100 + (a * 0.25), 2),
       CASE WHEN a % 3 = 0 THEN NULL ELSE ARRAY['t' || (t % 4), 'a' || a] END,
       CASE WHEN a % 2 = 0 THEN jsonb_build_object('owner', 'o' || t, 'level', a) END,
       a = 5 AND t % 3 = 0
FROM generate_series(1, 29) t, generate_series(1, 5) a
ORDER BY t, a;

INSERT INTO entries (tenant_id, account_id, direction, amount, memo, posted_on)
SELECT a.tenant_id, a.account_id, CASE WHEN e % 2 = 0 THEN 'D' ELSE 'C' END,
       1 + ((a.account_id * 13 + e * 7) % 500) + 0.5,
       CASE WHEN e % 5 = 0 THEN NULL ELSE 'e' || e END,
       date '2024-01-01' + (e * 3 + a.account_id::int) % 90
FROM accounts a, generate_series(1, 6) e
ORDER BY a.tenant_id, a.account_id, e;

INSERT INTO transfers (tenant_id, from_account, to_account, amount, currency, fee, status, idem_key, created_on)
SELECT a.tenant_id, a.account_id, b.account_id, 10 + (a.account_id * 3 + b.account_id) % 300,
       a.currency, CASE WHEN a.account_id % 4 = 0 THEN 0 ELSE 1.5 END,
       (ARRAY['pending', 'settled', 'failed'])[1 + (a.account_id + b.account_id) % 3],
       CASE WHEN (a.account_id + b.account_id) % 4 = 0 THEN NULL ELSE 'k-' || a.account_id || '-' || b.account_id END,
       date '2024-02-01' + (a.account_id::int % 40)
FROM accounts a JOIN accounts b ON a.tenant_id = b.tenant_id AND b.account_id = a.account_id + 1
ORDER BY a.tenant_id, a.account_id;

INSERT INTO holds (tenant_id, account_id, amount, reason, expires_on)
SELECT tenant_id, account_id, (account_id % 50) + 1, CASE WHEN account_id % 3 = 0 THEN NULL ELSE 'review' END,
       date '2024-03-01' + account_id::int % 20
FROM accounts WHERE account_id % 2 = 0
ORDER BY tenant_id, account_id;

INSERT INTO payouts (payout_ref, tenant_id, account_id, amount, currency, state, attempts, note)
SELECT ('00000000-0000-0000-0000-' || lpad(to_hex(g), 12, '0'))::uuid, 1 + g % 29, 1 + (g * 7) % 145,
       5 + (g * 17) % 700, (ARRAY['USD', 'EUR', NULL])[1 + g % 3],
       (ARRAY['queued', 'sent', 'failed', 'sent'])[1 + g % 4], g % 3,
       CASE WHEN g % 6 = 0 THEN NULL ELSE 'p' || g END
FROM generate_series(1, 60) g;

INSERT INTO audit_events (ref, seq, tenant_id, action, detail)
SELECT 'ref-' || (g % 17), g, 1 + g % 29, (ARRAY['open', 'post', 'close', 'adjust'])[1 + g % 4],
       CASE WHEN g % 3 = 0 THEN NULL ELSE jsonb_build_object('g', g) END
FROM generate_series(1, 80) g;

INSERT INTO fx_quotes (bucket, pair, rate)
SELECT round(g / 4.0, 2), (ARRAY['EURUSD', 'GBPUSD', 'USDJPY'])[1 + g % 3], 1 + g / 100.0
FROM generate_series(1, 40) g;

INSERT INTO counters (slot, label, hits) SELECT g % 4, 'c' || g, g FROM generate_series(1, 12) g;

INSERT INTO rate_log VALUES
    (1, 1.0, 0, 'a', '{"a": 1}', '{1.0}'), (1, 1.00, 0, 'a', '{"a": 1}', '{1.00}'), (1, 1.0, 0, 'a', '{"a": 1}', '{1.0}'),
    (2, 5, 0, 'b', NULL, NULL), (2, 5, '-0', 'b', NULL, NULL), (2, 5, 0, 'b', NULL, NULL),
    (3, NULL, NULL, NULL, '{"a":1}', NULL), (3, NULL, NULL, NULL, '{"a": 1}', NULL),
    (4, 2.50, 1.5, 'c', '[]', '{2.5,2.50}'), (4, 2.5, 1.5, 'c', '[]', '{2.50,2.5}');

INSERT INTO journal SELECT tenant_id, account_id::int, account_id, account_id::int % 5 FROM accounts a ORDER BY a.tenant_id, a.account_id;
