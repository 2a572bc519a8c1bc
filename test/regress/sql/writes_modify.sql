-- UPDATE and DELETE on distributed tables: router, multi-shard, joins with colocated and
-- reference tables, RETURNING, prepared statements, and the errors.
SET client_min_messages TO warning;
CREATE TABLE accounts (id int PRIMARY KEY, owner text, balance numeric(12, 2) NOT NULL DEFAULT 0,
                       region text);
SELECT create_distributed_table('accounts', 'id', shard_count => 6);
CREATE TABLE transfers (account_id int, seq int, amount numeric(12, 2), PRIMARY KEY (account_id, seq));
SELECT create_distributed_table('transfers', 'account_id', colocate_with => 'accounts');
CREATE TABLE regions (code text PRIMARY KEY, fee numeric(4, 2));
SELECT create_reference_table('regions');
CREATE TABLE local_limits (id int, max_balance numeric);
INSERT INTO regions VALUES ('eu', 1.50), ('us', 2.00);
INSERT INTO accounts SELECT g, 'owner' || g, g * 10, CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END
  FROM generate_series(1, 20) g;
INSERT INTO transfers SELECT g % 20 + 1, g, g FROM generate_series(1, 60) g;

-- router (distribution column pinned)
UPDATE accounts SET balance = balance + 5 WHERE id = 3 RETURNING id, balance;
DELETE FROM accounts WHERE id = 20 RETURNING owner;
UPDATE accounts SET owner = 'nobody' WHERE id = 999;
EXPLAIN (COSTS OFF) UPDATE accounts SET balance = 0 WHERE id = 1;
EXPLAIN (COSTS OFF) DELETE FROM accounts WHERE id IN (1, 2, 3);
-- multi-shard
UPDATE accounts SET balance = balance * 2 WHERE region = 'eu';
\echo :ROW_COUNT
EXPLAIN (COSTS OFF) UPDATE accounts SET balance = 0;
DELETE FROM transfers WHERE amount > 55;
\echo :ROW_COUNT
SELECT id, owner, balance, region FROM accounts ORDER BY id;
SELECT count(*), sum(amount) FROM transfers;

-- joins: colocated on the distribution column, reference tables
UPDATE accounts a SET balance = a.balance - t.amount
  FROM transfers t WHERE t.account_id = a.id AND t.seq = 1;
\echo :ROW_COUNT
UPDATE accounts a SET balance = a.balance - r.fee FROM regions r WHERE r.code = a.region AND a.id < 5;
DELETE FROM transfers t USING accounts a WHERE a.id = t.account_id AND a.owner = 'owner7';
UPDATE accounts SET balance = 0 WHERE region IN (SELECT code FROM regions WHERE fee > 1.9) AND id = 1;
SELECT id, balance FROM accounts WHERE id < 8 ORDER BY id;
SELECT count(*) FROM transfers WHERE account_id = 7;

-- errors: distribution column, non-colocated joins, local tables, subqueries on distributed tables
-- (an assignment to it that planning cannot prove unchanged is checked on the shards, row by
-- row: rows keeping their value are written, as ORMs save whole rows without the key in WHERE;
-- a row the new value would move fails the statement; no row matched, no error)
\set SHOW_CONTEXT never
UPDATE accounts SET id = id + 100 WHERE id = 1;
UPDATE accounts SET id = id WHERE id = 1;
UPDATE accounts SET id = 3, owner = 'saved' WHERE owner = 'owner3' RETURNING id, owner;
UPDATE accounts SET id = 4, owner = 'moved' WHERE owner = 'saved';
UPDATE accounts SET id = id + 100 WHERE owner = 'nobody';
PREPARE save_account(int, text, text) AS UPDATE accounts SET id = $1, owner = $3 WHERE owner = $2;
EXECUTE save_account(3, 'saved', 'saved1');
EXECUTE save_account(3, 'saved1', 'saved2');
EXECUTE save_account(3, 'saved2', 'saved3');
EXECUTE save_account(3, 'saved3', 'saved4');
EXECUTE save_account(3, 'saved4', 'saved5');
EXECUTE save_account(3, 'saved5', 'saved6');
EXECUTE save_account(5, 'saved6', 'moved');
SELECT id, owner FROM accounts WHERE id IN (3, 4, 5) ORDER BY id;
UPDATE accounts SET owner = 'owner3' WHERE id = 3;
DEALLOCATE save_account;
\set SHOW_CONTEXT errors
-- (non-colocated joins and local tables: the rows are found on the coordinator first, then
-- modified through their primary key)
BEGIN;
UPDATE accounts a SET balance = 1 FROM transfers t WHERE t.seq = a.id;
\echo :ROW_COUNT
DELETE FROM accounts a WHERE EXISTS (SELECT 1 FROM transfers t WHERE t.seq = a.id);
\echo :ROW_COUNT
UPDATE accounts a SET balance = 1 FROM local_limits l WHERE l.id = a.id;
\echo :ROW_COUNT
ROLLBACK;
-- Those keys and new values are read before the rows are written: the statement holds
-- ShareRowExclusiveLock on its table until the transaction ends, so that no other session's
-- write in between is overwritten (a lost update). Statements the shards run as they are keep
-- RowExclusiveLock, among them those whose tables are pinned to the same shard by equal
-- constants or parameters of their distribution columns (joined as if by an equality).
CREATE VIEW my_table_locks AS
  SELECT c.relname, string_agg(l.mode, ', ' ORDER BY l.mode) AS modes FROM pg_locks l
  JOIN pg_class c ON c.oid = l.relation
  WHERE l.pid = pg_backend_pid() AND c.relname IN ('accounts', 'transfers') GROUP BY c.relname;
BEGIN;
UPDATE accounts a SET balance = a.balance + 1 FROM transfers t WHERE t.seq = a.id AND t.account_id = 3;
SELECT * FROM my_table_locks ORDER BY relname;
ROLLBACK;
BEGIN;
UPDATE accounts a SET balance = a.balance + t.amount FROM transfers t
  WHERE a.id = 3 AND t.account_id = 3 AND t.seq = 42 RETURNING a.id, a.balance;
DELETE FROM transfers t USING accounts a WHERE t.account_id = 4 AND a.id = 4 AND a.owner = 'nobody';
SELECT * FROM my_table_locks ORDER BY relname;
ROLLBACK;
PREPARE pinned(int, int) AS UPDATE accounts a SET balance = a.balance + t.amount FROM transfers t
  WHERE a.id = $1 AND t.account_id = $1 AND t.seq = $2;
BEGIN;
EXECUTE pinned(3, 42); EXECUTE pinned(3, 42); EXECUTE pinned(3, 42);
EXECUTE pinned(3, 42); EXECUTE pinned(3, 42); EXECUTE pinned(3, 42);
SELECT * FROM my_table_locks ORDER BY relname;
SELECT balance FROM accounts WHERE id = 3;
ROLLBACK;
-- different constants are not a join: through the keys, and nothing matches (no key: no shard
-- is written)
BEGIN;
UPDATE accounts a SET balance = a.balance + t.amount FROM transfers t
  WHERE a.id = 3 AND t.account_id = 4 AND t.seq = 42;
SELECT * FROM my_table_locks ORDER BY relname;
ROLLBACK;
DROP VIEW my_table_locks;
UPDATE accounts SET balance = 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM local_limits);
-- A SELECT may write through WITH (select_after_writes.cpp), but not read what it modifies.
WITH moved AS (DELETE FROM transfers RETURNING *) SELECT count(*) FROM moved, transfers;
SELECT * FROM accounts WHERE id = 1 FOR UPDATE;
\set VERBOSITY sqlstate
UPDATE accounts SET balance = -1 WHERE id = 2 AND balance IS NULL;
UPDATE accounts SET owner = NULL, balance = NULL WHERE id = 2;
\set VERBOSITY default

-- subqueries: independent ones on distributed or local tables are evaluated first on the
-- coordinator, correlated ones must join on the distribution column
INSERT INTO local_limits VALUES (4, 100);
UPDATE accounts SET balance = balance + 1 WHERE id IN (SELECT account_id FROM transfers WHERE seq < 4);
\echo :ROW_COUNT
UPDATE accounts SET balance = (SELECT max_balance FROM local_limits WHERE id = 4) WHERE id = 4 RETURNING id, balance;
UPDATE accounts a SET owner = owner || '+' || (SELECT count(*) FROM transfers t WHERE t.account_id = a.id)
  WHERE id = 3 RETURNING id, owner;
DELETE FROM transfers WHERE account_id NOT IN (SELECT id FROM accounts WHERE region = 'us');
\echo :ROW_COUNT
UPDATE regions SET fee = fee + 0.01 WHERE code IN (SELECT region FROM accounts WHERE balance > 150);
SELECT * FROM regions ORDER BY code;
UPDATE accounts SET balance = (SELECT balance FROM accounts WHERE id < 5) WHERE id = 1;

-- prepared UPDATE/DELETE: custom and generic plans, parameters in the distribution column
PREPARE deposit(int, numeric) AS UPDATE accounts SET balance = balance + $2 WHERE id = $1 RETURNING balance;
EXECUTE deposit(5, 1);
EXECUTE deposit(5, 1);
EXECUTE deposit(5, 1);
EXECUTE deposit(5, 1);
EXECUTE deposit(5, 1);
EXECUTE deposit(5, 1);
EXECUTE deposit(5, 1);
PREPARE purge(text) AS DELETE FROM accounts WHERE owner = $1;
EXECUTE purge('owner9');
SET plan_cache_mode TO force_generic_plan;
EXECUTE purge('owner11');
PREPARE rename(int, text) AS UPDATE accounts SET owner = $2 WHERE id = $1;
EXECUTE rename(6, 'six');
RESET plan_cache_mode;
SELECT id, owner, balance FROM accounts WHERE id IN (5, 6, 9, 11) ORDER BY id;

-- in a transaction: reads see the writes, rollback undoes them everywhere
BEGIN;
UPDATE accounts SET balance = 1000;
SELECT sum(balance) = 1000 * count(*) AS all_updated FROM accounts;
DELETE FROM accounts WHERE id = 1;
SELECT count(*) FROM accounts WHERE id = 1;
ROLLBACK;
SELECT count(*) AS rows, sum(balance) = 1000 * count(*) AS all_updated FROM accounts;

-- functions evaluated on the workers (stable) and volatile ones on reference tables
UPDATE accounts SET owner = lower(owner) || '-' || length(owner) WHERE id = 2;
SELECT owner FROM accounts WHERE id = 2;
-- (a volatile value for a reference table is computed once per row on the coordinator, so
-- every copy gets the same)
UPDATE regions SET fee = random();
SELECT count(DISTINCT result) AS distinct_copies FROM run_command_on_workers(
    format('SELECT string_agg(fee::text, '','' ORDER BY code) FROM %s',
           shard_name('regions', (SELECT shardid FROM pg_dist_shard WHERE logicalrelid = 'regions'::regclass))));

-- writes to a local table that read distributed and reference tables (the coordinator's plan
-- marks their rows by whole value: they have no ctid here), and locking reads of local tables
-- joined to them; compared with a local copy of accounts
CREATE TABLE local_copy AS SELECT * FROM accounts;
CREATE TABLE local_limits_copy AS SELECT * FROM local_limits;
INSERT INTO local_limits SELECT id, 0 FROM accounts WHERE id <= 6 ON CONFLICT DO NOTHING;
INSERT INTO local_limits_copy SELECT id, 0 FROM local_copy WHERE id <= 6;
UPDATE local_limits l SET max_balance = a.balance FROM accounts a WHERE a.id = l.id AND a.id > 2;
UPDATE local_limits_copy l SET max_balance = a.balance FROM local_copy a WHERE a.id = l.id AND a.id > 2;
DELETE FROM local_limits l USING accounts a, regions r WHERE a.id = l.id AND a.id = 3 AND r.code IS NOT NULL;
DELETE FROM local_limits_copy l USING local_copy a, regions r WHERE a.id = l.id AND a.id = 3 AND r.code IS NOT NULL;
DELETE FROM local_limits WHERE id IN (SELECT id FROM accounts WHERE id = 5);
DELETE FROM local_limits_copy WHERE id IN (SELECT id FROM local_copy WHERE id = 5);
MERGE INTO local_limits l USING accounts a ON l.id = a.id
WHEN MATCHED AND a.id = 6 THEN UPDATE SET max_balance = -1
WHEN NOT MATCHED AND a.id < 9 THEN INSERT VALUES (a.id, a.balance);
MERGE INTO local_limits_copy l USING local_copy a ON l.id = a.id
WHEN MATCHED AND a.id = 6 THEN UPDATE SET max_balance = -1
WHEN NOT MATCHED AND a.id < 9 THEN INSERT VALUES (a.id, a.balance);
SELECT (SELECT array_agg(ROW(id, max_balance) ORDER BY id, max_balance) FROM local_limits) =
       (SELECT array_agg(ROW(id, max_balance) ORDER BY id, max_balance) FROM local_limits_copy) AS same_rows,
       (SELECT count(*) FROM local_limits) AS row_count;
BEGIN;
SELECT l.id FROM local_limits l JOIN accounts a USING (id) WHERE a.id IN (4, 6) ORDER BY l.id FOR UPDATE OF l;
ROLLBACK;
-- the whole row of the distributed table cannot be marked so: still refused
UPDATE local_limits l SET max_balance = 0 FROM accounts a WHERE a.id = l.id RETURNING a;
DROP TABLE local_copy, local_limits_copy;

-- Rules on local tables writing distributed tables: the rule's action keeps the rule's OLD and
-- NEW entries and the original statement's table in its range table, unread (they made it fail
-- with "local table ... cannot be read by a write to a distributed table" before). A DO INSTEAD
-- rule still needs the privilege on the local table.
CREATE TABLE transfer_requests (account_id int, seq int, amount numeric(12, 2));
CREATE RULE forward AS ON INSERT TO transfer_requests
  DO ALSO INSERT INTO transfers VALUES (new.account_id, new.seq + 1000, new.amount);
INSERT INTO transfer_requests VALUES (1, 1, 5);
INSERT INTO transfer_requests VALUES (2, 1, 6), (3, 1, 7);
INSERT INTO transfer_requests SELECT id, 2, 8 FROM accounts WHERE id IN (4, 5);
CREATE RULE forget AS ON DELETE TO transfer_requests
  DO ALSO DELETE FROM transfers WHERE account_id = old.account_id AND seq = old.seq + 1000;
DELETE FROM transfer_requests WHERE account_id = 2;
SELECT account_id, seq, amount FROM transfers WHERE seq > 1000 ORDER BY 1, 2;
SELECT * FROM transfer_requests ORDER BY 1, 2;
CREATE TABLE instead_requests (account_id int, seq int, amount numeric(12, 2));
CREATE RULE instead AS ON INSERT TO instead_requests
  DO INSTEAD INSERT INTO transfers VALUES (new.account_id, new.seq + 2000, new.amount)
  RETURNING account_id, seq, amount;
INSERT INTO instead_requests VALUES (6, 1, 9), (7, 1, 10) RETURNING *;
CREATE ROLE rule_writer;
GRANT INSERT ON transfers TO rule_writer;
SET ROLE rule_writer;
INSERT INTO instead_requests VALUES (8, 1, 11);
RESET ROLE;
-- with it, the rule's action is checked as the rule's owner, the shards check the current role:
-- refused until the role has the privileges on the distributed table too (the rule's RETURNING
-- needs SELECT)
GRANT INSERT ON instead_requests TO rule_writer;
SET ROLE rule_writer;
INSERT INTO instead_requests VALUES (8, 1, 11);
RESET ROLE;
GRANT SELECT ON transfers TO rule_writer;
SET ROLE rule_writer;
INSERT INTO instead_requests VALUES (8, 1, 11);
RESET ROLE;
SELECT account_id, seq, amount FROM transfers WHERE seq > 2000 ORDER BY 1, 2;
SELECT count(*) FROM instead_requests;
-- on a distributed table a rule is refused
CREATE RULE nothing AS ON DELETE TO transfers DO INSTEAD NOTHING;
DROP TABLE transfer_requests, instead_requests;
DROP OWNED BY rule_writer;
DROP ROLE rule_writer;

DEALLOCATE ALL;
DROP TABLE accounts, transfers, regions, local_limits;
