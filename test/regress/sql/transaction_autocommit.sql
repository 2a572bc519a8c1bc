-- Autocommit single-shard writes: a statement that is the client's whole autocommit transaction
-- and writes one shard placement goes to its node without BEGIN and COMMIT (its lock timeout
-- set for the node's own transaction) and commits there by itself; everything else keeps the
-- remote transaction block the coordinator commits. Errors leave nothing written either way.
\set VERBOSITY terse
SET citus.max_adaptive_executor_pool_size = 1;
CREATE TABLE ac_items (tenant int, id int, v int NOT NULL CHECK (v >= 0),
                       PRIMARY KEY (tenant, id));
SELECT create_distributed_table('ac_items', 'tenant', shard_count => 4);
CREATE TABLE ac_ref (id int PRIMARY KEY);
SELECT create_reference_table('ac_ref');
-- Fails on the shards for v = 13.
CREATE FUNCTION ac_refuse_13() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.v = 13 THEN
        RAISE EXCEPTION 'thirteen refused';
    END IF;
    RETURN NEW;
END$$;
SET citus.enable_unsafe_triggers = on;
CREATE TRIGGER refuse_13 BEFORE INSERT OR UPDATE ON ac_items
    FOR EACH ROW EXECUTE FUNCTION ac_refuse_13();
RESET citus.enable_unsafe_triggers;
CREATE FUNCTION ac_insert(t int, i int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ac_items VALUES (t, i, 0);
END$$;
-- Warm the connections up (one per node), so that session settings are not logged below.
INSERT INTO ac_items VALUES (1, 0, 0), (2, 0, 0), (3, 0, 0);
SELECT count(*) FROM ac_items;
INSERT INTO ac_ref VALUES (0);

SET citus.log_remote_commands = on;
-- One round trip each: the lock timeout and the statement, committed by the node.
INSERT INTO ac_items VALUES (1, 1, 1);
INSERT INTO ac_items VALUES (1, 2, 2) RETURNING id, v * 10 AS ten_v;
UPDATE ac_items SET v = v + 1 WHERE tenant = 1 AND id = 1;
DELETE FROM ac_items WHERE tenant = 1 AND id = 2;
INSERT INTO ac_items VALUES (1, 2, 5) ON CONFLICT (tenant, id) DO UPDATE SET v = excluded.v;
-- Errors on the node: a unique violation, a check constraint, a failing trigger (insert and
-- update); nothing is written.
INSERT INTO ac_items VALUES (1, 1, 7);
INSERT INTO ac_items VALUES (1, 3, -1);
INSERT INTO ac_items VALUES (1, 4, 13);
UPDATE ac_items SET v = 13 WHERE tenant = 1 AND id = 1;
SET citus.log_remote_commands = off;
SELECT tenant, id, v FROM ac_items ORDER BY 1, 2;
SET citus.log_remote_commands = on;

-- Kept in a remote transaction block: a statement string of several statements (one implicit
-- transaction; a failing statement after the write rolls it back, shown unlogged: the ROLLBACK
-- may reach psql before the error or after it), ...
INSERT INTO ac_items VALUES (1, 5, 5) \; INSERT INTO ac_items VALUES (1, 14, 14);
SET citus.log_remote_commands = off;
INSERT INTO ac_items VALUES (1, 15, 15) \; SELECT 1/0;
SET citus.log_remote_commands = on;
-- ... a function, DO, a writable CTE, a transaction block, ...
SELECT ac_insert(1, 6);
DO $$ BEGIN INSERT INTO ac_items VALUES (1, 7, 7); END $$;
WITH w AS (INSERT INTO ac_items VALUES (1, 8, 8) RETURNING id) SELECT id FROM w;
BEGIN;
INSERT INTO ac_items VALUES (1, 10, 10);
COMMIT;
-- ... writes of several shards: a multi-row INSERT into two shards of one node (tenants 1 and 6),
-- ...
INSERT INTO ac_items VALUES (1, 11, 11), (6, 11, 11);
-- ... and of several nodes (two-phase commit, whose names vary: not logged here): a reference
-- table, an UPDATE of every shard, ...
SET citus.log_remote_commands = off;
INSERT INTO ac_ref VALUES (1);
UPDATE ac_items SET v = v WHERE v < 0;
SET citus.log_remote_commands = on;
-- ... another isolation level, and the setting turned off.
SET default_transaction_isolation = 'repeatable read';
INSERT INTO ac_items VALUES (1, 12, 12);
RESET default_transaction_isolation;
SET tessera.enable_single_shard_autocommit = off;
INSERT INTO ac_items VALUES (1, 13, 0);
RESET tessera.enable_single_shard_autocommit;
-- RETURNING whose rows the coordinator could fail to send once the node committed them: a
-- client encoding that differs from the database's (a conversion fails on a character it
-- lacks), a temp_file_limit (rows beyond work_mem spill to a temporary file).
SET client_encoding = 'LATIN1';
INSERT INTO ac_items VALUES (1, 16, 16) RETURNING id;
RESET client_encoding;
SET temp_file_limit = '1GB';
INSERT INTO ac_items VALUES (1, 17, 17) RETURNING id;
RESET temp_file_limit;
SET citus.log_remote_commands = off;
-- As in PostgreSQL, the failed conversion rolls the write back.
CREATE TABLE ac_text (tenant int, t text);
SELECT create_distributed_table('ac_text', 'tenant', colocate_with => 'ac_items');
SET client_encoding = 'LATIN1';
INSERT INTO ac_text VALUES (1, U&'\20AC') RETURNING t;
RESET client_encoding;
SELECT count(*) FROM ac_text;
DROP TABLE ac_text;
-- A router read streams its rows (libpq's single-row mode, which libpq keeps for the first query
-- of the connection's next pipeline): the lock timeout's row, sent first with the next write
-- that commits by itself, is still not taken for one of the write's rows.
INSERT INTO ac_items VALUES (1, 18, 18) RETURNING id, v;
SELECT id, v FROM ac_items WHERE tenant = 1 AND id = 18;
INSERT INTO ac_items VALUES (1, 19, 19) RETURNING id, v;
SELECT tenant, id, v FROM ac_items ORDER BY 1, 2;
SELECT id FROM ac_ref ORDER BY 1;
-- Nothing is left open or prepared on the workers.
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_prepared_xacts$$);

DROP TABLE ac_items, ac_ref;
DROP FUNCTION ac_insert(int, int);
DROP FUNCTION ac_refuse_13();
