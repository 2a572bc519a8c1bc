-- Tessera demo, run by scripts/setup on the coordinator of the local cluster.
-- Each step is a statement that works today. It starts from scratch each time it runs.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
DROP TABLE IF EXISTS demo_payments, demo_currencies;

\echo '== The workers, reached through the coordinator'
SELECT * FROM run_command_on_workers('select version()');

\echo '== The nodes the coordinator knows'
SELECT nodeid, groupid, nodename, nodeport, isactive, noderole FROM pg_dist_node;

\echo '== A hash-distributed table (32 shards over the workers) and a reference table'
CREATE TABLE demo_payments (merchant_id int NOT NULL, payment_id bigint NOT NULL,
                            currency text NOT NULL, amount numeric(12,2) NOT NULL,
                            PRIMARY KEY (merchant_id, payment_id));
SELECT create_distributed_table('demo_payments', 'merchant_id');
CREATE TABLE demo_currencies (code text PRIMARY KEY, name text NOT NULL);
SELECT create_reference_table('demo_currencies');
INSERT INTO demo_currencies VALUES ('EUR', 'euro'), ('USD', 'US dollar'), ('JPY', 'yen');
INSERT INTO demo_payments
SELECT g % 100, g, (ARRAY['EUR', 'USD', 'JPY'])[g % 3 + 1], (g % 1000) / 10.0
FROM generate_series(1, 100000) g;
SELECT table_name, citus_table_type, distribution_column, shard_count FROM citus_tables;

\echo '== One merchant: the whole query runs on the one worker that holds its shard'
SELECT p.currency, c.name, count(*), sum(p.amount)
FROM demo_payments p JOIN demo_currencies c ON c.code = p.currency
WHERE p.merchant_id = 42 GROUP BY 1, 2 ORDER BY 1;

\echo '== All merchants: partial aggregates on every shard, combined on the coordinator'
SELECT merchant_id, count(*), sum(amount) FROM demo_payments
GROUP BY 1 ORDER BY 3 DESC LIMIT 5;
EXPLAIN (COSTS OFF) SELECT currency, avg(amount) FROM demo_payments GROUP BY 1;

\echo '== Writes in a transaction commit on every worker or on none'
BEGIN;
UPDATE demo_payments SET amount = amount + 1 WHERE merchant_id IN (1, 2, 3);
DELETE FROM demo_payments WHERE payment_id % 1000 = 0;
COMMIT;
SELECT count(*), sum(amount) FROM demo_payments;
