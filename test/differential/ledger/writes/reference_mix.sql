-- Writes to reference tables mixed with distributed ones in one transaction; TRUNCATE ...
-- CASCADE / RESTART IDENTITY in a transaction, then ROLLBACK or COMMIT.

BEGIN;
INSERT INTO currencies VALUES ('NOK', 'Krone', 2, 0.093);
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (70, 'nordic', 'NOK'), (71, 'nordic2', 'NOK');
INSERT INTO accounts (tenant_id, code, currency) VALUES (70, 'n-1', 'NOK'), (71, 'n-2', 'NOK') RETURNING account_id;
UPDATE fee_rules SET pct = pct + 0.001 WHERE currency = 'USD';
INSERT INTO fee_rules VALUES (20, 'NOK', 'wire', 0.01, 2);
SELECT t.tenant_id, f.pct FROM tenants t JOIN fee_rules f ON f.currency = t.base_currency WHERE t.tenant_id >= 70;
COMMIT;
SELECT code, name FROM currencies WHERE code = 'NOK';

BEGIN;
INSERT INTO currencies VALUES ('DKK', 'Danish krone', 2, 0.145);
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (72, 'dk', 'DKK');
-- error
DELETE FROM currencies WHERE code = 'DKK';
ROLLBACK;
SELECT count(*) FROM currencies WHERE code = 'DKK';
SELECT count(*) FROM tenants WHERE tenant_id = 72;

-- a reference write after distributed writes on both nodes, then an error in a distributed write
BEGIN;
UPDATE accounts SET balance = balance + 1;
UPDATE currencies SET usd_rate = usd_rate + 1;
-- error
INSERT INTO accounts (tenant_id, code, currency) VALUES (3, 'bad', 'QQQ');
ROLLBACK;
SELECT sum(balance) FROM accounts;
SELECT sum(usd_rate) FROM currencies;

-- TRUNCATE ... CASCADE then rollback
BEGIN;
TRUNCATE accounts CASCADE;
SELECT count(*) FROM accounts;
SELECT count(*) FROM entries;
SELECT count(*) FROM holds;
ROLLBACK;
SELECT count(*) FROM accounts;
SELECT count(*) FROM entries;
SELECT count(*) FROM holds;

-- TRUNCATE without CASCADE of a referenced table
-- error
TRUNCATE accounts;
-- TRUNCATE RESTART IDENTITY in a rolled-back transaction: the sequences go back too
BEGIN;
TRUNCATE holds, counters RESTART IDENTITY;
INSERT INTO holds (tenant_id, account_id, amount) VALUES (1, 2, 5) RETURNING hold_id;
INSERT INTO counters DEFAULT VALUES RETURNING slot, n;
ROLLBACK;
INSERT INTO holds (tenant_id, account_id, amount) VALUES (1, 2, 6) RETURNING hold_id;
INSERT INTO counters DEFAULT VALUES RETURNING slot, n;
-- ... and committed
BEGIN;
TRUNCATE holds RESTART IDENTITY;
INSERT INTO holds (tenant_id, account_id, amount) VALUES (1, 2, 7), (2, 6, 8) RETURNING hold_id;
COMMIT;
SELECT tenant_id, hold_id, amount FROM holds;
-- TRUNCATE CONTINUE IDENTITY with more writes, committed
BEGIN;
TRUNCATE counters CONTINUE IDENTITY;
INSERT INTO counters (slot) VALUES (1), (2) RETURNING slot, n;
COMMIT;
-- TRUNCATE of a distributed table and the tables referencing it, then writes in the same transaction
BEGIN;
TRUNCATE tenants, accounts, entries, transfers, holds, journal RESTART IDENTITY;
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (1, 'fresh', 'USD'), (2, 'fresh2', 'EUR');
INSERT INTO accounts (tenant_id, code, currency) VALUES (1, 'a', 'USD'), (2, 'b', 'EUR') RETURNING account_id;
INSERT INTO entries (tenant_id, account_id, direction, amount) VALUES (1, 1, 'C', 5), (2, 2, 'D', 6) RETURNING entry_id, memo;
COMMIT;
SELECT * FROM entries;
-- TRUNCATE of a reference table with CASCADE reaches the distributed tables referencing it
BEGIN;
TRUNCATE fee_rules;
SELECT count(*) FROM fee_rules;
ROLLBACK;
SELECT count(*) FROM fee_rules;
-- error
TRUNCATE currencies;
