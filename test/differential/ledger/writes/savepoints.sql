-- SAVEPOINT / ROLLBACK TO after failed statements across several shards and nodes.

BEGIN;
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (201, 's1', 'USD'), (202, 's2', 'EUR'), (203, 's3', 'JPY'), (204, 's4', 'GBP');
SAVEPOINT a;
UPDATE accounts SET balance = balance + 10 WHERE tenant_id BETWEEN 1 AND 12;
-- error
INSERT INTO accounts (tenant_id, account_id, code, currency) VALUES (201, 8001, 'n1', 'USD'), (202, 8002, 'n2', 'USD'), (1, 1, 'pkdup', 'USD');
ROLLBACK TO SAVEPOINT a;
SELECT sum(balance) FROM accounts WHERE tenant_id BETWEEN 1 AND 12;
INSERT INTO accounts (tenant_id, account_id, code, currency) VALUES (201, 8001, 'n1', 'USD'), (202, 8002, 'n2', 'USD'), (203, 8003, 'n3', 'JPY');
SAVEPOINT b;
-- error
UPDATE accounts SET balance = balance / (account_id - 8002) WHERE account_id > 8000;
ROLLBACK TO SAVEPOINT b;
SAVEPOINT c;
DELETE FROM entries WHERE tenant_id IN (2, 4, 6, 8);
SELECT count(*) FROM entries;
ROLLBACK TO SAVEPOINT c;
SELECT count(*) FROM entries;
SAVEPOINT d;
UPDATE currencies SET usd_rate = 2 WHERE code = 'CHF';
INSERT INTO fee_rules VALUES (8, 'CHF', 'wire', 0.001, 1);
-- error
INSERT INTO fee_rules VALUES (9, 'CHF', 'wire', 0.002, 1);
ROLLBACK TO SAVEPOINT d;
SELECT * FROM fee_rules WHERE currency = 'CHF';
INSERT INTO fee_rules VALUES (9, 'CHF', 'wire', 0.002, 1);
RELEASE SAVEPOINT a;
INSERT INTO entries (tenant_id, entry_id, account_id, direction, amount, memo) VALUES (201, 80001, 8001, 'C', 100, 'open'), (202, 80002, 8002, 'D', 50, 'open'), (203, 80003, 8003, 'C', 75, NULL);
COMMIT;
SELECT tenant_id, count(*) FROM accounts WHERE tenant_id > 200 GROUP BY tenant_id;
SELECT tenant_id, entry_id, signed_amount, memo FROM entries WHERE entry_id > 80000;
SELECT * FROM fee_rules WHERE currency = 'CHF';

-- nested savepoints, rolled back to the outer one
BEGIN;
SAVEPOINT outer_sp;
UPDATE tenants SET credit_limit = 1 WHERE tenant_id < 15;
SAVEPOINT inner_sp;
UPDATE tenants SET credit_limit = 2 WHERE tenant_id >= 15;
-- error
UPDATE tenants SET credit_limit = -1 WHERE tenant_id = 22;
ROLLBACK TO SAVEPOINT inner_sp;
SELECT count(*) FROM tenants WHERE credit_limit = 1;
SELECT count(*) FROM tenants WHERE credit_limit = 2;
ROLLBACK TO SAVEPOINT outer_sp;
SELECT count(*) FROM tenants WHERE credit_limit IN (1, 2);
UPDATE tenants SET credit_limit = 3 WHERE tenant_id = 5;
COMMIT;
SELECT tenant_id, credit_limit FROM tenants WHERE credit_limit < 10;

-- a savepoint taken before the first remote command, error after writes on every node
BEGIN;
SAVEPOINT first;
INSERT INTO payouts (payout_ref, tenant_id, account_id, amount) SELECT ('20000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, g, g, g FROM generate_series(1, 20) g;
SELECT count(*) FROM payouts;
-- error
INSERT INTO payouts (payout_ref, tenant_id, account_id, amount) VALUES ('20000000-0000-0000-0000-000000000021', 1, 1, 1), ('20000000-0000-0000-0000-000000000022', 1, 1, 0);
ROLLBACK TO SAVEPOINT first;
SELECT count(*) FROM payouts;
INSERT INTO payouts (payout_ref, tenant_id, account_id, amount) VALUES ('20000000-0000-0000-0000-000000000021', 1, 1, 1);
COMMIT;
SELECT count(*) FROM payouts;

-- ROLLBACK TO then the transaction goes on and is rolled back
BEGIN;
UPDATE transfers SET status = 'settled' WHERE status = 'pending';
SAVEPOINT x;
-- error
UPDATE transfers SET amount = 0 WHERE tenant_id = 3;
ROLLBACK TO x;
SELECT status, count(*) FROM transfers GROUP BY status;
ROLLBACK;
SELECT status, count(*) FROM transfers GROUP BY status;

-- several errors in a row, each undone
BEGIN;
SAVEPOINT s1;
-- error
INSERT INTO audit_events (ref, seq, action) VALUES ('ref-1', 18, 'dup');
ROLLBACK TO s1;
-- error
INSERT INTO audit_events (ref, seq, action) VALUES ('new', 1000, NULL);
ROLLBACK TO s1;
INSERT INTO audit_events (ref, seq, tenant_id, action) VALUES ('new', 1000, 1, 'ok'), ('newer', 1001, 2, 'ok');
SAVEPOINT s2;
DELETE FROM audit_events WHERE action = 'open';
RELEASE s2;
COMMIT;
SELECT action, count(*) FROM audit_events GROUP BY action;
