-- Deferrable constraints across shards: SET CONSTRAINTS ALL DEFERRED / IMMEDIATE, before and
-- after the transaction has touched the nodes, with savepoints; checks that fail at COMMIT.

-- children before their parents, in one deferred transaction
BEGIN;
SET CONSTRAINTS ALL DEFERRED;
INSERT INTO journal VALUES (100, 1, 9001, 1), (101, 1, 9002, 1), (102, 1, 9003, 1);
INSERT INTO tenants (tenant_id, name, base_currency) VALUES (100, 'd100', 'USD'), (101, 'd101', 'USD'), (102, 'd102', 'USD');
INSERT INTO accounts (tenant_id, account_id, code, currency) VALUES (100, 9001, 'd1', 'USD'), (101, 9002, 'd2', 'USD'), (102, 9003, 'd3', 'USD');
COMMIT;
SELECT tenant_id, journal_id, account_id FROM journal WHERE tenant_id >= 100;
-- deferred after the nodes were written to
BEGIN;
UPDATE journal SET seq = seq + 100 WHERE tenant_id < 10;
SET CONSTRAINTS ALL DEFERRED;
UPDATE journal SET account_id = account_id + 5000 WHERE tenant_id IN (1, 2, 3);
UPDATE journal SET account_id = account_id - 5000 WHERE tenant_id IN (1, 2, 3);
COMMIT;
SELECT count(*) FROM journal WHERE seq >= 100;
-- a violation still there at COMMIT
BEGIN;
SET CONSTRAINTS ALL DEFERRED;
INSERT INTO journal VALUES (4, 900, 9999, 900), (5, 900, 21, 900);
-- error
COMMIT;
SELECT count(*) FROM journal WHERE journal_id = 900;
-- the deferred unique constraint: swapped values pass at commit
BEGIN;
UPDATE journal SET seq = CASE seq WHEN 1 THEN 2 WHEN 2 THEN 1 ELSE seq END WHERE tenant_id BETWEEN 10 AND 20;
COMMIT;
SELECT tenant_id, journal_id, seq FROM journal WHERE tenant_id BETWEEN 10 AND 12;
-- ... and a duplicate fails at commit
BEGIN;
UPDATE journal SET seq = 3 WHERE tenant_id = 11 AND seq = 4;
-- error
COMMIT;
-- IMMEDIATE checks the pending deferred rows at once
BEGIN;
UPDATE journal SET seq = 3 WHERE tenant_id = 12 AND seq = 4;
-- error
SET CONSTRAINTS ALL IMMEDIATE;
ROLLBACK;
BEGIN;
UPDATE journal SET seq = 3 WHERE tenant_id = 13 AND seq = 4;
UPDATE journal SET seq = 4 WHERE tenant_id = 13 AND journal_id = (SELECT min(journal_id) FROM journal WHERE tenant_id = 13 AND seq = 3);
SET CONSTRAINTS ALL IMMEDIATE;
-- error
UPDATE journal SET seq = 3 WHERE tenant_id = 14 AND seq = 4;
ROLLBACK;
-- a savepoint rolled back takes SET CONSTRAINTS back with it
BEGIN;
INSERT INTO journal VALUES (6, 901, 26, 901);
SAVEPOINT s;
SET CONSTRAINTS ALL DEFERRED;
INSERT INTO journal VALUES (7, 901, 9999, 901);
ROLLBACK TO s;
-- error
INSERT INTO journal VALUES (8, 901, 9999, 901);
ROLLBACK;
BEGIN;
SAVEPOINT s;
SET CONSTRAINTS ALL DEFERRED;
RELEASE s;
INSERT INTO journal VALUES (9, 901, 9999, 901);
INSERT INTO accounts (tenant_id, account_id, code, currency) VALUES (9, 9999, 'late', 'USD');
COMMIT;
SELECT tenant_id, journal_id, account_id FROM journal WHERE journal_id = 901;
-- a distributed table's constraints by name: the shards' copies follow (a foreign key keeps its
-- name there, a unique constraint is <name>_<shardid>), also on nodes the transaction reaches
-- later, and a savepoint rolled back takes it back
BEGIN;
SET CONSTRAINTS journal_account_fkey DEFERRED;
INSERT INTO journal VALUES (9, 902, 9998, 902), (3, 903, 9997, 903);
INSERT INTO accounts (tenant_id, account_id, code, currency) VALUES (9, 9998, 'later', 'USD'), (3, 9997, 'later3', 'USD');
COMMIT;
BEGIN;
SET CONSTRAINTS journal_account_fkey DEFERRED;
INSERT INTO journal VALUES (9, 904, 9996, 904);
-- error
SET CONSTRAINTS journal_account_fkey IMMEDIATE;
ROLLBACK;
BEGIN;
UPDATE journal SET seq = seq + 1000 WHERE tenant_id = 1;
SAVEPOINT s;
SET CONSTRAINTS journal_seq_key, journal_account_fkey IMMEDIATE;
-- error
UPDATE journal SET seq = 5 WHERE tenant_id = 1;
ROLLBACK TO SAVEPOINT s;
UPDATE journal SET seq = 5 WHERE tenant_id = 1;
UPDATE journal SET seq = journal_id + 2000 WHERE tenant_id = 1;
COMMIT;
SELECT tenant_id, journal_id, account_id, seq FROM journal WHERE journal_id >= 902 OR tenant_id = 1;
-- error
SET CONSTRAINTS accounts_pkey DEFERRED;
