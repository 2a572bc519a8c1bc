-- Writes to reference tables reach every placement; TRUNCATE of distributed and reference tables.
SET client_min_messages TO warning;
CREATE TABLE currencies (code char(3) PRIMARY KEY, name text, rate numeric(10, 4));
SELECT create_reference_table('currencies');
INSERT INTO currencies VALUES ('EUR', 'Euro', 1), ('USD', 'Dollar', 1.08) RETURNING code, name;
INSERT INTO currencies VALUES ('GBP', 'Pound', 0.86);
\echo :ROW_COUNT
UPDATE currencies SET rate = rate * 2 WHERE code <> 'EUR' RETURNING code, rate;
DELETE FROM currencies WHERE code = 'GBP';
\echo :ROW_COUNT
INSERT INTO currencies VALUES ('EUR', 'dup', 0) ON CONFLICT (code) DO UPDATE SET name = 'Euro!';
COPY currencies FROM STDIN WITH (FORMAT csv);
JPY,Yen,160.5
CHF,Franc,0.95
\.
SELECT * FROM currencies ORDER BY code;
-- every placement holds the same rows
SELECT shard_name('currencies'::regclass, shardid) AS shard FROM pg_dist_shard WHERE logicalrelid = 'currencies'::regclass \gset
\c - - - :worker_1_port
SELECT * FROM :shard ORDER BY code;
\c - - - :worker_2_port
SELECT * FROM :shard ORDER BY code;
\c - - - :coordinator_port
SET client_min_messages TO warning;

-- TRUNCATE: distributed and reference tables, in a transaction (rolled back), then for real
CREATE TABLE ledger (id int PRIMARY KEY, amount int);
SELECT create_distributed_table('ledger', 'id', shard_count => 4);
INSERT INTO ledger SELECT g, g FROM generate_series(1, 100) g;
BEGIN;
TRUNCATE ledger, currencies;
SELECT count(*) FROM ledger;
SELECT count(*) FROM currencies;
ROLLBACK;
SELECT count(*) FROM ledger;
SELECT count(*) FROM currencies;
TRUNCATE ledger;
SELECT count(*) FROM ledger;
TRUNCATE currencies;
SELECT count(*) FROM currencies;
\c - - - :worker_1_port
SELECT count(*) FROM :shard;
\c - - - :coordinator_port
SET client_min_messages TO warning;
-- permission
CREATE ROLE truncater;
SET ROLE truncater;
TRUNCATE ledger;
RESET ROLE;
DROP ROLE truncater;
DROP TABLE currencies, ledger;
