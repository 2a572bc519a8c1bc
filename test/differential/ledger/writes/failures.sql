-- Statements that fail part-way, across shards and nodes: nothing of them may remain anywhere.

-- a multi-row INSERT whose later rows (other shards) violate a CHECK
-- error
INSERT INTO tenants (tenant_id, name, base_currency, credit_limit) VALUES (101, 'a', 'USD', 10), (102, 'b', 'EUR', 20), (103, 'c', 'GBP', -5);
SELECT count(*) FROM tenants WHERE tenant_id > 100;
-- a unique violation on a later shard
-- error
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (104, 'd', 'USD'), (105, 'e', 'USD'), (3, 'dup', 'USD');
SELECT count(*) FROM tenants WHERE tenant_id > 100;
-- a foreign key to the reference table
-- error
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (106, 'f', 'USD'), (107, 'g', 'XXX');
-- NOT NULL on a later row
-- error
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (108, 'h', 'USD'), (109, NULL, 'USD');
-- NULL in the distribution column
-- error
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (110, 'i', 'USD'), (NULL, 'j', 'USD');
SELECT count(*) FROM tenants WHERE tenant_id > 100;
-- foreign key between colocated tables
-- error
INSERT INTO accounts (tenant_id, account_id, code, currency) VALUES (1, 9001, 'x1', 'USD'), (2, 9002, 'x2', 'USD'), (300, 9003, 'x3', 'USD');
-- duplicate code within one statement, another shard fine
-- error
INSERT INTO accounts (tenant_id, account_id, code, currency) VALUES (4, 9004, 'dupcode', 'USD'), (5, 9005, 'y', 'USD'), (4, 9006, 'dupcode', 'USD');
SELECT count(*) FROM accounts WHERE account_id > 9000;
-- domain check on a later row
-- error
INSERT INTO entries (tenant_id, entry_id, account_id, direction, amount, memo) VALUES (1, 90001, 1, 'D', 5, 'ok'), (2, 90002, 6, 'C', 0, 'zero');
-- check on direction
-- error
INSERT INTO entries (tenant_id, entry_id, account_id, direction, amount, memo) VALUES (1, 90003, 1, 'D', 5, 'ok'), (9, 90004, 41, 'X', 3, 'bad');
SELECT count(*) FROM entries WHERE entry_id > 90000;
-- writing a generated column
-- error
INSERT INTO entries (tenant_id, entry_id, account_id, direction, amount, signed_amount) VALUES (1, 90005, 1, 'D', 5, 5);
-- GENERATED ALWAYS identity without OVERRIDING
-- error
INSERT INTO transfers (tenant_id, transfer_id, from_account, to_account, amount, currency, created_on) VALUES (1, 1, 1, 2, 10, 'USD', '2024-05-01');
-- INSERT ... SELECT whose rows on some shards violate a check
-- error
INSERT INTO accounts (tenant_id, account_id, code, currency, balance) SELECT tenant_id, account_id + 10000, code || '-copy', currency, balance - 1500 FROM accounts;
SELECT count(*) FROM accounts WHERE account_id > 10000;
-- INSERT ... SELECT colliding with existing keys on some shards only
-- error
INSERT INTO accounts (tenant_id, account_id, code, currency) SELECT tenant_id, account_id + 20000, CASE WHEN tenant_id = 17 THEN 'acc-17-1' ELSE code || '-c2' END, currency FROM accounts WHERE account_id % 5 = 1;
SELECT count(*) FROM accounts WHERE account_id > 20000;
-- INSERT ... SELECT from a non-colocated table into a FK that fails for one row
-- error
INSERT INTO holds (tenant_id, hold_id, account_id, amount, reason) SELECT tenant_id, 5000 + attempts, account_id + 1000, amount, note FROM payouts WHERE state = 'queued';
SELECT count(*) FROM holds WHERE hold_id >= 5000;
-- multi-shard UPDATE with division by zero on some rows
-- error
UPDATE accounts SET balance = balance / (account_id % 7) WHERE tenant_id < 20;
SELECT sum(balance) FROM accounts;
-- multi-shard UPDATE breaking a check on some shards
-- error
UPDATE accounts SET balance = balance - 1000 WHERE balance < 50;
SELECT count(*), sum(balance) FROM accounts;
-- multi-shard DELETE refused by a foreign key on some shards
-- error
DELETE FROM accounts WHERE account_id % 5 = 2;
SELECT count(*) FROM accounts;
-- DELETE from a reference table still referenced by distributed rows
-- error
DELETE FROM currencies WHERE code = 'CHF';
SELECT count(*) FROM currencies;
-- updating the distribution column: refused (in a transaction rolled back, so that both sides
-- end equal)
BEGIN;
-- expect-error: distribution column
UPDATE tenants SET tenant_id = tenant_id + 1000 WHERE tenant_id = 30;
ROLLBACK;
SELECT count(*) FROM tenants WHERE tenant_id > 1000;
BEGIN;
-- expect-error: distribution column
UPDATE payouts SET payout_ref = '10000000-0000-0000-0000-000000000001' WHERE note = 'p1';
ROLLBACK;
-- setting the distribution column to itself is harmless
UPDATE tenants SET tenant_id = tenant_id, name = name || '!' WHERE tenant_id = 28;
-- a cast error in some rows only
-- error
UPDATE audit_events SET tenant_id = (detail ->> 'g')::int / (seq % 11) WHERE detail IS NOT NULL;
-- error
UPDATE fx_quotes SET rate = rate - 1.2 WHERE pair = 'GBPUSD';
SELECT count(*), sum(rate) FROM fx_quotes;

-- errors inside a transaction, then ROLLBACK
BEGIN;
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (120, 'tx1', 'USD'), (121, 'tx2', 'EUR'), (122, 'tx3', 'GBP');
UPDATE accounts SET balance = balance + 1 WHERE tenant_id IN (1, 2, 3, 4, 5, 6);
-- error
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (123, 'tx4', 'USD'), (1, 'dup', 'USD');
-- error
SELECT count(*) FROM tenants;
ROLLBACK;
SELECT count(*) FROM tenants WHERE tenant_id BETWEEN 120 AND 200;
SELECT sum(balance) FROM accounts WHERE tenant_id <= 6;

-- an error then COMMIT (which rolls back)
BEGIN;
DELETE FROM holds WHERE tenant_id < 10;
UPDATE currencies SET usd_rate = usd_rate * 2;
-- error
UPDATE holds SET amount = amount / 0 WHERE tenant_id = 12;
COMMIT;
SELECT count(*) FROM holds;
SELECT sum(usd_rate) FROM currencies;

-- a deferred-style failure: FK checked at the end of a multi-shard INSERT ... SELECT
-- error
INSERT INTO entries (tenant_id, entry_id, account_id, direction, amount) SELECT tenant_id, 70000 + account_id, account_id + (tenant_id % 2) * 500, 'C', 1 FROM accounts;
SELECT count(*) FROM entries WHERE entry_id >= 70000;
