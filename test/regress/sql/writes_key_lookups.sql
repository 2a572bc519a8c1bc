-- Single-row writes by a unique key go to the workers as statements prepared once per
-- connection: the key and the constants an UPDATE assigns become parameters, as do the values
-- of a single-row INSERT. The results must not show it.
CREATE TABLE wallets (tenant int, id bigint, balance numeric(12,2) NOT NULL DEFAULT 0,
                      name text, flags int[], touched timestamptz, PRIMARY KEY (tenant, id));
SELECT create_distributed_table('wallets', 'tenant');
INSERT INTO wallets (tenant, id, balance, name) VALUES (1, 1, 10, 'one');
INSERT INTO wallets (tenant, id, balance, name) VALUES (1, 2, 20, 'two');
INSERT INTO wallets (tenant, id, balance, name) VALUES (2, 3, 30, 'three') RETURNING *;
INSERT INTO wallets VALUES (3, 4, 40.5, NULL, '{1,2}', '2024-05-01 10:00:00+00');
INSERT INTO wallets (tenant, id) VALUES (3, 5000000000);
-- Assigned constants and arithmetic on columns, NULLs, other types for the same text.
UPDATE wallets SET balance = balance + 5 WHERE tenant = 1 AND id = 1;
UPDATE wallets SET balance = balance + 5.25 WHERE tenant = 1 AND id = 1;
UPDATE wallets SET balance = balance - 1 WHERE tenant = 1 AND id = 2 RETURNING id, balance;
UPDATE wallets SET name = NULL, flags = '{7}' WHERE tenant = 2 AND id = 3;
UPDATE wallets SET name = 'big' WHERE tenant = 3 AND id = 5000000000;
UPDATE wallets SET name = 'small' WHERE tenant = 3 AND id = 4;
UPDATE wallets SET touched = '2024-06-01 00:00:00+00' WHERE tenant = 3 AND id = 4;
UPDATE wallets SET balance = 0 WHERE tenant = 3 AND id = 999;
SELECT * FROM wallets ORDER BY tenant, id;
-- Check constraints and errors still come from the worker, for the statement that failed.
ALTER TABLE wallets ADD CONSTRAINT positive CHECK (balance >= 0);
-- (Shard names appear in the messages: only the error codes are shown.)
DO $$
BEGIN
    BEGIN
        UPDATE wallets SET balance = -5 WHERE tenant = 1 AND id = 1;
    EXCEPTION WHEN check_violation THEN RAISE NOTICE 'check_violation';
    END;
    BEGIN
        UPDATE wallets SET balance = 1000000000000 WHERE tenant = 1 AND id = 1;
    EXCEPTION WHEN numeric_value_out_of_range THEN RAISE NOTICE 'numeric_value_out_of_range';
    END;
    BEGIN
        INSERT INTO wallets (tenant, id) VALUES (1, 1);
    EXCEPTION WHEN unique_violation THEN RAISE NOTICE 'unique_violation';
    END;
END
$$;
SELECT * FROM wallets WHERE tenant = 1 AND id = 1;
-- In a transaction, rolled back; then deleted by key.
BEGIN;
UPDATE wallets SET balance = balance * 2 WHERE tenant = 1 AND id = 1;
SELECT balance FROM wallets WHERE tenant = 1 AND id = 1;
DELETE FROM wallets WHERE tenant = 1 AND id = 1 RETURNING id;
SELECT count(*) FROM wallets WHERE tenant = 1;
ROLLBACK;
DELETE FROM wallets WHERE tenant = 1 AND id = 2;
DELETE FROM wallets WHERE tenant = 3 AND id = 5000000000;
SELECT * FROM wallets ORDER BY tenant, id;
-- A column type changed between two executions of the same statement text.
UPDATE wallets SET name = 'before' WHERE tenant = 2 AND id = 3;
ALTER TABLE wallets ALTER COLUMN name TYPE varchar(10);
UPDATE wallets SET name = 'after' WHERE tenant = 2 AND id = 3;
\set VERBOSITY terse
UPDATE wallets SET name = 'much too long' WHERE tenant = 2 AND id = 3;
\set VERBOSITY default
SELECT tenant, id, name FROM wallets ORDER BY tenant, id;
DROP TABLE wallets;
