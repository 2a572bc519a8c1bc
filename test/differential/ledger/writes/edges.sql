-- Mixed edges: writable CTEs next to reads of the same table, parent and child rows written in
-- one transaction over many shards, connection reuse after COPY and multi-shard writes.

-- a data-modifying WITH and a read of the same table (the read sees the rows as before):
-- refused, in transactions rolled back so that both sides stay equal
BEGIN;
-- expect-error: modifies table "accounts"
WITH u AS (UPDATE accounts SET balance = 0 WHERE tenant_id = 1 RETURNING account_id)
SELECT (SELECT count(*) FROM u) AS updated, (SELECT count(*) FROM accounts WHERE tenant_id = 1 AND balance = 0) AS zero_now;
ROLLBACK;
BEGIN;
-- expect-error: modifies table "holds"
WITH d AS (DELETE FROM holds WHERE tenant_id = 2 RETURNING hold_id)
SELECT count(*) FROM holds WHERE tenant_id = 2;
ROLLBACK;
BEGIN;
-- expect-error: modifies table "tenants"
WITH i AS (INSERT INTO tenants (tenant_id, name, base_currency) VALUES (90, 'ninety', 'USD') RETURNING tenant_id)
SELECT count(*) FROM tenants WHERE tenant_id = 90;
ROLLBACK;
SELECT count(*) FROM tenants WHERE tenant_id = 90;
SELECT count(*) FROM holds WHERE tenant_id = 2;

-- parents on many shards, then their children, then grandchildren, in one transaction
BEGIN;
INSERT INTO tenants (tenant_id, name, base_currency) SELECT g, 'bulk ' || g, 'EUR' FROM generate_series(400, 460) g;
INSERT INTO accounts (tenant_id, code, currency) SELECT tenant_id, 'bulk-' || tenant_id, base_currency FROM tenants WHERE tenant_id >= 400 ORDER BY tenant_id;
INSERT INTO entries (tenant_id, account_id, direction, amount) SELECT tenant_id, account_id, 'C', tenant_id - 399 FROM accounts WHERE tenant_id >= 400 ORDER BY tenant_id;
UPDATE accounts a SET balance = e.signed_amount FROM entries e WHERE e.tenant_id = a.tenant_id AND e.account_id = a.account_id AND a.tenant_id >= 400;
SELECT count(*), sum(balance) FROM accounts WHERE tenant_id >= 400;
SELECT balance FROM accounts WHERE tenant_id = 431;
SAVEPOINT parent;
-- error
DELETE FROM tenants WHERE tenant_id = 455;
ROLLBACK TO parent;
COMMIT;
SELECT count(*) FROM entries WHERE tenant_id >= 400;

-- COPY, then reads and writes of the same shards in the transaction
BEGIN;
COPY holds (tenant_id, account_id, amount, reason) FROM STDIN;
1	2	1	copied
2	6	2	copied
3	12	3	copied
4	16	4	copied
\.
UPDATE holds SET amount = amount * 10 WHERE reason = 'copied';
SELECT tenant_id, amount FROM holds WHERE reason = 'copied';
DELETE FROM holds WHERE reason = 'copied' AND tenant_id = 3;
COMMIT;
SELECT tenant_id, hold_id, amount FROM holds WHERE reason = 'copied';

-- ON CONFLICT reading EXCLUDED's generated column and defaults
INSERT INTO entries (tenant_id, entry_id, account_id, direction, amount, memo) VALUES (1, 1, 1, 'D', 3, 'conflict'), (2, 7, 6, 'C', 4, 'conflict')
ON CONFLICT (tenant_id, entry_id) DO UPDATE SET memo = EXCLUDED.memo || ' ' || EXCLUDED.signed_amount || ' was ' || entries.signed_amount
RETURNING tenant_id, entry_id, memo, signed_amount;
-- ON CONFLICT DO UPDATE changing a column the generated column reads
INSERT INTO entries (tenant_id, entry_id, account_id, direction, amount) VALUES (1, 2, 1, 'C', 3)
ON CONFLICT (tenant_id, entry_id) DO UPDATE SET direction = EXCLUDED.direction RETURNING entry_id, direction, amount, signed_amount;
-- UPDATE of the identity ALWAYS column to DEFAULT, and of a primary key column
UPDATE transfers SET transfer_id = DEFAULT WHERE tenant_id = 9 AND transfer_id = (SELECT min(transfer_id) FROM transfers WHERE tenant_id = 9) RETURNING tenant_id, transfer_id;
UPDATE holds SET hold_id = hold_id + 1000 WHERE tenant_id = 10 RETURNING tenant_id, hold_id;
-- UPDATE with a multiple-assignment from a sub-SELECT
UPDATE accounts a SET (balance, closed) = (SELECT coalesce(sum(amount), -1), false FROM holds h WHERE h.tenant_id = a.tenant_id AND h.account_id = a.account_id) WHERE a.tenant_id = 11
RETURNING account_id, balance, closed;
-- error
UPDATE accounts a SET (balance, closed) = (SELECT amount, false FROM holds h WHERE h.tenant_id = a.tenant_id) WHERE a.tenant_id = 12;
-- UPDATE ... FROM VALUES and a join matching each row once
UPDATE accounts a SET balance = a.balance + v.delta FROM (VALUES (13::bigint, 61::bigint, 1.5), (14, 66, -2.5), (22, 106, 100)) v(t, acc, delta)
WHERE a.tenant_id = v.t AND a.account_id = v.acc RETURNING a.tenant_id, a.account_id, a.balance;
-- DELETE with a correlated subquery over the same table
DELETE FROM entries e WHERE e.tenant_id = 15 AND e.amount < (SELECT avg(amount) FROM entries x WHERE x.tenant_id = e.tenant_id AND x.account_id = e.account_id) RETURNING entry_id;
-- UPDATE with a LIMIT-ed subquery over another distributed table in SET
UPDATE tenants t SET name = (SELECT code FROM accounts a WHERE a.tenant_id = t.tenant_id ORDER BY balance DESC, account_id LIMIT 1) WHERE t.tenant_id IN (16, 17, 18) RETURNING tenant_id, name;
-- an UPDATE whose WHERE matches nothing on some shards and fails on one
-- error
UPDATE accounts SET balance = balance / (tenant_id - 19) WHERE tenant_id IN (18, 19, 20);
-- a long transaction mixing everything, committed
BEGIN;
INSERT INTO currencies VALUES ('INR', 'Rupee', 2, 0.012);
UPDATE tenants SET base_currency = 'INR' WHERE tenant_id IN (21, 22, 23);
INSERT INTO accounts (tenant_id, code, currency) SELECT tenant_id, 'inr-' || tenant_id, 'INR' FROM tenants WHERE base_currency = 'INR' ORDER BY tenant_id;
SAVEPOINT s;
-- error
DELETE FROM currencies WHERE code = 'INR';
ROLLBACK TO s;
INSERT INTO payouts (payout_ref, tenant_id, account_id, amount, currency) SELECT ('60000000-0000-0000-0000-' || lpad(account_id::text, 12, '0'))::uuid, tenant_id, account_id, 1, currency FROM accounts WHERE currency = 'INR';
TRUNCATE fx_quotes;
INSERT INTO fx_quotes (bucket, pair, rate) VALUES (1, 'INRUSD', 0.012);
COMMIT;
SELECT tenant_id, code, currency FROM accounts WHERE currency = 'INR';
SELECT count(*) FROM payouts WHERE currency = 'INR';
SELECT * FROM fx_quotes;
