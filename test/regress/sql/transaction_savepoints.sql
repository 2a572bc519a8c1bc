-- Savepoints across nodes: ROLLBACK TO undoes the remote work done since the savepoint, on every
-- node, and the transaction goes on; RELEASE keeps it. PL/pgSQL exception blocks use the same
-- machinery. Uses tx_items, on_worker() and worker_rows() from transaction_commit.
SELECT success FROM run_command_on_workers('TRUNCATE tx_items');
\set VERBOSITY terse

-- ROLLBACK TO on both nodes; earlier work stays.
BEGIN;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (1)');
SELECT on_worker(2, 'INSERT INTO tx_items VALUES (1)');
SAVEPOINT a;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (2)');
SELECT on_worker(2, 'INSERT INTO tx_items VALUES (2)');
ROLLBACK TO SAVEPOINT a;
SELECT on_worker(1, 'SELECT string_agg(id::text, '','' ORDER BY id) FROM tx_items') AS inside;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (3)');
RELEASE SAVEPOINT a;
COMMIT;
SELECT * FROM worker_rows();

-- Nested savepoints; a released inner savepoint is undone with its outer one.
BEGIN;
SAVEPOINT a;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (10)');
SAVEPOINT b;
SELECT on_worker(2, 'INSERT INTO tx_items VALUES (10)');
RELEASE SAVEPOINT b;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (11)');
ROLLBACK TO SAVEPOINT a;
SELECT on_worker(2, 'INSERT INTO tx_items VALUES (12)');
COMMIT;
SELECT * FROM worker_rows();

-- Released work stays when a later sibling savepoint rolls back.
BEGIN;
SAVEPOINT a;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (20)');
RELEASE SAVEPOINT a;
SAVEPOINT b;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (21)');
ROLLBACK TO SAVEPOINT b;
SAVEPOINT c;
ROLLBACK TO SAVEPOINT c;
COMMIT;
SELECT * FROM worker_rows();

-- A node first used inside a savepoint that rolls back: all its work is undone, and it can
-- take part again afterwards.
BEGIN;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (30)');
SAVEPOINT a;
SELECT on_worker(2, 'INSERT INTO tx_items VALUES (30)');
SAVEPOINT b;
SELECT on_worker(2, 'INSERT INTO tx_items VALUES (31)');
ROLLBACK TO SAVEPOINT a;
SELECT on_worker(2, 'SELECT count(*) FROM tx_items WHERE id >= 30') AS inside;
SELECT on_worker(2, 'INSERT INTO tx_items VALUES (32)');
COMMIT;
SELECT * FROM worker_rows();

-- ... and when that savepoint is released instead, the work belongs to the transaction.
BEGIN;
SAVEPOINT a;
SELECT on_worker(2, 'INSERT INTO tx_items VALUES (40)');
RELEASE SAVEPOINT a;
SAVEPOINT b;
ROLLBACK TO SAVEPOINT b;
COMMIT;
SELECT * FROM worker_rows();

-- An error on a node inside a savepoint: ROLLBACK TO recovers, the transaction commits.
BEGIN;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (50)');
SAVEPOINT a;
SELECT on_worker(2, 'INSERT INTO tx_items VALUES (51)');
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (50)');
ROLLBACK TO SAVEPOINT a;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (52)');
SELECT on_worker(2, 'INSERT INTO tx_items VALUES (52)');
COMMIT;
SELECT * FROM worker_rows();

-- Without ROLLBACK TO, the failed transaction cannot commit anything.
BEGIN;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (60)');
SAVEPOINT a;
SELECT on_worker(2, 'INSERT INTO tx_items VALUES (1)');
RELEASE SAVEPOINT a;
COMMIT;
SELECT * FROM worker_rows();

-- Rolling back the whole transaction with savepoints open.
BEGIN;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (70)');
SAVEPOINT a;
SELECT on_worker(2, 'INSERT INTO tx_items VALUES (70)');
SAVEPOINT b;
SELECT on_worker(1, 'INSERT INTO tx_items VALUES (71)');
ROLLBACK;
SELECT * FROM worker_rows();

-- PL/pgSQL exception blocks: each failed block's remote work is undone, the rest commits.
DO $$
BEGIN
    FOR i IN 80..85 LOOP
        BEGIN
            PERFORM on_worker(1 + i % 2, format('INSERT INTO tx_items VALUES (%s)', i));
            PERFORM on_worker(2 - i % 2, format('INSERT INTO tx_items VALUES (%s)', i));
            IF i % 3 = 0 THEN
                RAISE EXCEPTION 'undo %', i;
            END IF;
        EXCEPTION WHEN raise_exception THEN
            NULL;
        END;
    END LOOP;
END
$$;
SELECT * FROM worker_rows();

-- Remote errors caught by an exception block; many blocks in a row stay cheap.
DO $$
DECLARE
    failures int := 0;
BEGIN
    FOR i IN 1..300 LOOP
        BEGIN
            PERFORM on_worker(1, format('INSERT INTO tx_items VALUES (%s)', 1000 + i % 150));
        EXCEPTION WHEN unique_violation THEN
            failures := failures + 1;
        END;
    END LOOP;
    RAISE NOTICE 'caught % duplicate keys', failures;
END
$$;
SELECT on_worker(1, 'SELECT count(*) FROM tx_items WHERE id >= 1000') AS inserted;
SELECT success FROM run_command_on_workers('DELETE FROM tx_items WHERE id >= 1000');

-- Nested exception blocks with work at every level.
BEGIN;
DO $$
BEGIN
    PERFORM on_worker(2, 'INSERT INTO tx_items VALUES (90)');
    BEGIN
        PERFORM on_worker(2, 'INSERT INTO tx_items VALUES (91)');
        BEGIN
            PERFORM on_worker(1, 'INSERT INTO tx_items VALUES (92)');
            PERFORM on_worker(2, 'INSERT INTO tx_items VALUES (90)');
        EXCEPTION WHEN unique_violation THEN
            PERFORM on_worker(1, 'INSERT INTO tx_items VALUES (93)');
        END;
        RAISE EXCEPTION 'undo the middle block';
    EXCEPTION WHEN raise_exception THEN
        PERFORM on_worker(1, 'INSERT INTO tx_items VALUES (94)');
    END;
END
$$;
COMMIT;
SELECT * FROM worker_rows();

-- Prepared statements: the first parameterised command after BEGIN or SAVEPOINT carries them in
-- one pipeline. A failure there must leave the connection usable for ROLLBACK TO (no lock left
-- behind on a connection given up), and the transaction goes on.
CREATE TABLE sp_rows (id int PRIMARY KEY, v int);
SELECT create_distributed_table('sp_rows', 'id', shard_count => 4);
INSERT INTO sp_rows SELECT g, g FROM generate_series(1, 20) g;
PREPARE sp_ins(int, int) AS INSERT INTO sp_rows VALUES ($1, $2);
PREPARE sp_upd(int, int) AS UPDATE sp_rows SET v = $2 WHERE id = $1;
PREPARE sp_sel(int) AS SELECT v FROM sp_rows WHERE id = $1;
SET tessera.distributed_lock_timeout = 2000;
BEGIN;
EXECUTE sp_upd(8, 80);
SAVEPOINT c;
EXECUTE sp_upd(9, 90);
RELEASE SAVEPOINT c;
SAVEPOINT d;
EXECUTE sp_ins(9, 1);
ROLLBACK TO SAVEPOINT d;
EXECUTE sp_upd(9, 99);
COMMIT;
BEGIN;
SAVEPOINT x;
EXECUTE sp_ins(10, 1);
ROLLBACK TO SAVEPOINT x;
EXECUTE sp_upd(10, 100);
SAVEPOINT y;
EXECUTE sp_ins(11, 1);
ROLLBACK TO SAVEPOINT y;
EXECUTE sp_sel(11);
EXECUTE sp_upd(11, 110);
COMMIT;
-- a failed first command, then a new transaction on the same connections
BEGIN;
EXECUTE sp_ins(12, 1);
ROLLBACK;
BEGIN;
EXECUTE sp_upd(12, 120);
COMMIT;
SELECT * FROM sp_rows WHERE id BETWEEN 8 AND 12 ORDER BY id;
RESET tessera.distributed_lock_timeout;
DROP TABLE sp_rows;
