-- INSERT ... ON CONFLICT: targets with the distribution column, ON CONSTRAINT, partial-index
-- targets, DO NOTHING / DO UPDATE with WHERE and EXCLUDED, over several shards.

-- DO NOTHING without a target, rows on several shards, some conflicting
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (1, 'again', 'USD'), (31, 'new31', 'EUR'), (2, 'again', 'USD'), (32, 'new32', 'GBP') ON CONFLICT DO NOTHING RETURNING tenant_id, name;
-- DO NOTHING on the primary key
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (3, 'x', 'USD'), (33, 'new33', 'USD') ON CONFLICT (tenant_id) DO NOTHING;
-- DO UPDATE with EXCLUDED and the target row
INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) VALUES (4, 'renamed4', 'USD', 5), (5, 'renamed5', 'EUR', 7), (34, 'new34', 'CHF', 1)
ON CONFLICT (tenant_id) DO UPDATE SET name = EXCLUDED.name || '/' || tenants.name, credit_limit = coalesce(tenants.credit_limit, 0) + EXCLUDED.credit_limit
RETURNING tenant_id, name, credit_limit;
-- DO UPDATE ... WHERE that skips some rows
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (6, 'six', 'USD'), (7, 'seven', 'USD'), (8, 'eight', 'USD')
ON CONFLICT (tenant_id) DO UPDATE SET name = EXCLUDED.name WHERE tenants.active
RETURNING tenant_id, name, active;
-- ON CONSTRAINT name
INSERT INTO accounts (tenant_id, code, currency, balance) VALUES (1, 'acc-1-1', 'USD', 1), (2, 'acc-2-9', 'EUR', 2), (3, 'acc-3-3', 'GBP', 3)
ON CONFLICT ON CONSTRAINT accounts_code_key DO UPDATE SET balance = accounts.balance + EXCLUDED.balance
RETURNING tenant_id, code, balance;
-- a column-list target that matches the unique constraint; another row conflicts on the key
-- error
INSERT INTO accounts (tenant_id, account_id, code, currency) VALUES (9, 41, 'whatever', 'USD'), (10, 9100, 'acc-10-2', 'USD')
ON CONFLICT (tenant_id, code) DO NOTHING RETURNING account_id, code;
INSERT INTO accounts (tenant_id, account_id, code, currency) VALUES (9, 9099, 'acc-9-3', 'USD'), (10, 9100, 'acc-10-2', 'USD'), (11, 9098, 'new-11', 'USD')
ON CONFLICT (tenant_id, code) DO NOTHING RETURNING account_id, code;
-- the primary key target with a conflict on another unique constraint: error
-- error
INSERT INTO accounts (tenant_id, account_id, code, currency) VALUES (11, 9101, 'fresh', 'USD'), (12, 9102, 'acc-12-1', 'USD')
ON CONFLICT (tenant_id, account_id) DO NOTHING;
SELECT count(*) FROM accounts WHERE account_id > 9100;
-- partial unique index target (with its predicate)
INSERT INTO transfers (tenant_id, from_account, to_account, amount, currency, idem_key, created_on) VALUES
    (1, 1, 2, 99, 'USD', 'k-1-2', '2024-06-01'), (2, 6, 7, 98, 'USD', 'fresh-2', '2024-06-01'), (3, 11, 12, 97, 'USD', NULL, '2024-06-01')
ON CONFLICT (tenant_id, idem_key) WHERE idem_key IS NOT NULL DO UPDATE SET status = 'retried', amount = EXCLUDED.amount
RETURNING tenant_id, transfer_id, amount, status, idem_key;
-- partial index target without its predicate: no index matches
-- error
INSERT INTO transfers (tenant_id, from_account, to_account, amount, currency, idem_key, created_on) VALUES (1, 1, 2, 5, 'USD', 'k-1-2', '2024-06-01')
ON CONFLICT (tenant_id, idem_key) DO NOTHING;
-- a target no unique index covers
-- error
-- expect-error: must include the distribution column
INSERT INTO accounts (tenant_id, account_id, code, currency) VALUES (1, 1, 'z', 'USD') ON CONFLICT (code) DO NOTHING;
-- the same key twice in one statement: DO UPDATE cannot affect a row twice
-- error
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (9, 'a', 'USD'), (40, 'b', 'USD'), (9, 'c', 'USD')
ON CONFLICT (tenant_id) DO UPDATE SET name = EXCLUDED.name;
SELECT count(*) FROM tenants WHERE tenant_id = 40;
-- ... but DO NOTHING takes the first
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (41, 'a', 'USD'), (42, 'b', 'USD'), (41, 'c', 'USD') ON CONFLICT DO NOTHING;
SELECT tenant_id, name FROM tenants WHERE tenant_id IN (41, 42);
-- DO UPDATE violating a check on one shard: nothing of the statement remains
-- error
INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) VALUES (10, 'x', 'USD', 1), (11, 'y', 'USD', 1), (50, 'z', 'USD', 1)
ON CONFLICT (tenant_id) DO UPDATE SET credit_limit = CASE WHEN tenants.tenant_id = 11 THEN -1 ELSE 7 END;
SELECT tenant_id, credit_limit FROM tenants WHERE tenant_id IN (10, 11, 50);
-- DO UPDATE reading the reference table in SET
INSERT INTO accounts (tenant_id, account_id, code, currency, balance) VALUES (13, 61, 'acc-13-1', 'EUR', 0), (14, 66, 'acc-14-1', 'GBP', 0)
ON CONFLICT (tenant_id, account_id) DO UPDATE SET balance = accounts.balance + (SELECT decimals FROM currencies c WHERE c.code = EXCLUDED.currency)
RETURNING tenant_id, account_id, balance;
-- DO UPDATE with WHERE on EXCLUDED, jsonb and arrays
INSERT INTO accounts (tenant_id, account_id, code, currency, tags, meta) VALUES (15, 71, 'acc-15-1', 'USD', ARRAY['x'], '{"k": 1}'), (16, 76, 'acc-16-1', 'USD', NULL, '{"k": 2}')
ON CONFLICT (tenant_id, account_id) DO UPDATE SET tags = coalesce(accounts.tags, '{}') || EXCLUDED.tags, meta = coalesce(accounts.meta, '{}') || EXCLUDED.meta
WHERE EXCLUDED.tags IS NOT NULL
RETURNING tenant_id, account_id, tags, meta;
-- upsert on a reference table
INSERT INTO currencies VALUES ('USD', 'Dollar', 2, 1), ('SEK', 'Krona', 2, 0.095) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING *;
INSERT INTO fee_rules VALUES (1, 'USD', 'wire', 0.02, 6), (10, 'SEK', 'wire', 0.01, 1) ON CONFLICT ON CONSTRAINT fee_rules_currency_kind_key DO NOTHING RETURNING rule_id;
-- error
INSERT INTO fee_rules VALUES (11, 'USD', 'wire', 0.02, 6) ON CONFLICT (rule_id) DO NOTHING;
-- upsert on the uuid-, text- and numeric-distributed tables
INSERT INTO payouts (payout_ref, tenant_id, account_id, amount, state) VALUES
    ('00000000-0000-0000-0000-000000000001', 1, 1, 1, 'queued'), ('00000000-0000-0000-0000-0000000000ff', 2, 2, 2, 'queued')
ON CONFLICT (payout_ref) DO UPDATE SET attempts = payouts.attempts + 1, state = EXCLUDED.state RETURNING payout_ref, attempts, state;
INSERT INTO audit_events (ref, seq, tenant_id, action) VALUES ('ref-1', 18, 1, 'redo'), ('ref-99', 1, 1, 'new')
ON CONFLICT (ref, seq) DO UPDATE SET action = audit_events.action || '+' || EXCLUDED.action RETURNING ref, seq, action, at_step;
INSERT INTO fx_quotes (bucket, pair, rate) VALUES (0.25, 'GBPUSD', 9), (0.250, 'EURUSD', 8), (99.5, 'EURUSD', 7)
ON CONFLICT (bucket, pair) DO UPDATE SET rate = EXCLUDED.rate RETURNING bucket, pair, rate;
-- upserts inside a transaction, one failing under a savepoint
BEGIN;
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (60, 'sixty', 'USD'), (61, 'sixty-one', 'JPY') ON CONFLICT DO NOTHING;
SAVEPOINT u;
-- error
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (60, 'dup', 'USD') ON CONFLICT (tenant_id) DO UPDATE SET base_currency = 'ZZZ';
ROLLBACK TO u;
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (60, 'dup', 'USD'), (62, 'sixty-two', 'USD') ON CONFLICT (tenant_id) DO UPDATE SET name = EXCLUDED.name;
COMMIT;
SELECT tenant_id, name, base_currency FROM tenants WHERE tenant_id >= 60;
-- INSERT ... SELECT ... ON CONFLICT between colocated tables
INSERT INTO holds (tenant_id, hold_id, account_id, amount, reason)
SELECT tenant_id, hold_id, account_id, amount * 2, 'doubled' FROM holds WHERE tenant_id < 5
ON CONFLICT (tenant_id, hold_id) DO UPDATE SET amount = EXCLUDED.amount, reason = EXCLUDED.reason || ':' || coalesce(holds.reason, '-');
SELECT tenant_id, hold_id, amount, reason FROM holds WHERE tenant_id < 5;
-- INSERT ... SELECT from a non-colocated table with ON CONFLICT DO NOTHING
INSERT INTO holds (tenant_id, hold_id, account_id, amount, reason)
SELECT p.tenant_id, 1, a.account_id, p.amount, p.note FROM payouts p JOIN accounts a ON a.tenant_id = p.tenant_id AND a.account_id = p.account_id
ON CONFLICT DO NOTHING;
SELECT count(*) FROM holds;
