-- Row locks of SELECT on reference tables: the query reads one copy, and its lock on that copy
-- lasts only as long as the node's statement, so the rows are held by coordinator locks that
-- every write to a reference table takes first: per key for a query naming one row by its whole
-- primary key, else for the whole table, until the transaction ends. The other session runs
-- through dblink; ours waits at most 300ms for a lock.
\set VERBOSITY terse
CREATE TABLE lock_ref (id int PRIMARY KEY, label text);
SELECT create_reference_table('lock_ref');
INSERT INTO lock_ref SELECT g, 'row ' || g FROM generate_series(1, 5) g;
CREATE EXTENSION IF NOT EXISTS dblink;
SELECT dblink_connect('other', format('host=127.0.0.1 port=%s dbname=%s user=%s',
                                      :coordinator_port, current_database(), current_user));
SET lock_timeout = '300ms';

-- FOR UPDATE of one row holds it until the other session's transaction ends: locks and writes
-- of that row wait (or fail at once with NOWAIT), other rows are free.
SELECT dblink_exec('other', 'BEGIN');
SELECT * FROM dblink('other', 'SELECT id FROM lock_ref WHERE id = 1 FOR UPDATE') AS t(id int);
SELECT id FROM lock_ref WHERE id = 1 FOR UPDATE NOWAIT;
SELECT id FROM lock_ref WHERE id = 1 FOR KEY SHARE NOWAIT;
SELECT id FROM lock_ref WHERE id = 1 FOR SHARE;
UPDATE lock_ref SET label = 'changed' WHERE id = 1;
DELETE FROM lock_ref WHERE id = 1;
UPDATE lock_ref SET label = 'changed' WHERE id IN (1, 2);
SELECT id FROM lock_ref WHERE id = 1 FOR UPDATE SKIP LOCKED;
SELECT id FROM lock_ref WHERE id = 2 FOR UPDATE NOWAIT;
UPDATE lock_ref SET label = 'two' WHERE id = 2;
-- A query of several rows cannot tell which are held: NOWAIT and SKIP LOCKED fail.
SELECT id FROM lock_ref WHERE id > 3 FOR SHARE NOWAIT;
SELECT id FROM lock_ref WHERE id > 3 FOR UPDATE SKIP LOCKED;
-- The holder's own writes of the row do not wait.
SELECT * FROM dblink('other', 'UPDATE lock_ref SET label = ''one'' WHERE id = 1 RETURNING id')
    AS t(id int);
SELECT dblink_exec('other', 'COMMIT');
SELECT id, label FROM lock_ref WHERE id = 1 FOR UPDATE NOWAIT;

-- FOR KEY SHARE and FOR SHARE do not block each other; FOR NO KEY UPDATE and an UPDATE that
-- keeps the key do not block FOR KEY SHARE; a DELETE does.
SELECT dblink_exec('other', 'BEGIN');
SELECT * FROM dblink('other', 'SELECT id FROM lock_ref WHERE id = 3 FOR KEY SHARE') AS t(id int);
SELECT id FROM lock_ref WHERE id = 3 FOR KEY SHARE NOWAIT;
SELECT id FROM lock_ref WHERE id = 3 FOR SHARE NOWAIT;
SELECT id FROM lock_ref WHERE id = 3 FOR NO KEY UPDATE NOWAIT;
UPDATE lock_ref SET label = 'three' WHERE id = 3;
DELETE FROM lock_ref WHERE id = 3;
SELECT id FROM lock_ref WHERE id = 3 FOR UPDATE NOWAIT;
SELECT dblink_exec('other', 'ROLLBACK');
SELECT dblink_exec('other', 'BEGIN');
SELECT * FROM dblink('other', 'SELECT id FROM lock_ref WHERE id = 3 FOR SHARE') AS t(id int);
SELECT id FROM lock_ref WHERE id = 3 FOR SHARE NOWAIT;
SELECT id FROM lock_ref WHERE id >= 3 ORDER BY id FOR KEY SHARE NOWAIT;
SELECT id FROM lock_ref WHERE id = 3 FOR NO KEY UPDATE NOWAIT;
UPDATE lock_ref SET label = 'three' WHERE id = 3;
SELECT dblink_exec('other', 'ROLLBACK');

-- A lock of every row (no key named) holds the whole table: writes of any row wait.
SELECT dblink_exec('other', 'BEGIN');
SELECT count(*) FROM dblink('other', 'SELECT id FROM lock_ref FOR NO KEY UPDATE') AS t(id int);
UPDATE lock_ref SET label = 'five' WHERE id = 5;
INSERT INTO lock_ref VALUES (6, 'six');
SELECT id FROM lock_ref WHERE id = 5 FOR KEY SHARE NOWAIT;
SELECT dblink_exec('other', 'ROLLBACK');
-- A lock of a join of reference tables holds both.
CREATE TABLE lock_ref_labels (label text PRIMARY KEY);
SELECT create_reference_table('lock_ref_labels');
INSERT INTO lock_ref_labels VALUES ('row 4');
SELECT dblink_exec('other', 'BEGIN');
SELECT * FROM dblink('other', 'SELECT r.id FROM lock_ref r JOIN lock_ref_labels l USING (label)
                                FOR SHARE') AS t(id int);
UPDATE lock_ref_labels SET label = 'row 4';
DELETE FROM lock_ref WHERE id = 2;
SELECT dblink_exec('other', 'ROLLBACK');

-- In an autocommit statement the lock ends with it.
SELECT id FROM lock_ref WHERE id = 1 FOR UPDATE;
SELECT * FROM dblink('other', 'SELECT id FROM lock_ref WHERE id = 1 FOR UPDATE NOWAIT')
    AS t(id int);
-- A lock taken in a subtransaction that rolls back is released with it.
SELECT dblink_exec('other', 'BEGIN');
SELECT dblink_exec('other', 'SAVEPOINT s');
SELECT * FROM dblink('other', 'SELECT id FROM lock_ref WHERE id = 1 FOR UPDATE') AS t(id int);
SELECT dblink_exec('other', 'ROLLBACK TO SAVEPOINT s');
SELECT id FROM lock_ref WHERE id = 1 FOR UPDATE NOWAIT;
SELECT dblink_exec('other', 'ROLLBACK');

-- Prepared statements lock the key of each execution.
PREPARE lock_one(int) AS SELECT id FROM lock_ref WHERE id = $1 FOR UPDATE NOWAIT;
SELECT dblink_exec('other', 'BEGIN');
SELECT * FROM dblink('other', 'SELECT id FROM lock_ref WHERE id = 4 FOR UPDATE') AS t(id int);
EXECUTE lock_one(1); EXECUTE lock_one(2); EXECUTE lock_one(3); EXECUTE lock_one(5);
EXECUTE lock_one(4); EXECUTE lock_one(1); EXECUTE lock_one(4);
SELECT dblink_exec('other', 'ROLLBACK');
DEALLOCATE lock_one;

-- A coordinator table referencing a reference table: its foreign key checks lock the
-- referenced rows FOR KEY SHARE, which does not block an UPDATE that keeps the key. A DELETE
-- is refused outright while a local table references the table (distribute_local_foreign_keys:
-- the workers could not check it against the local key).
CREATE TABLE lock_local (id int PRIMARY KEY, ref_id int REFERENCES lock_ref (id));
SELECT dblink_exec('other', 'BEGIN');
SELECT dblink_exec('other', 'INSERT INTO lock_local VALUES (1, 4)');
UPDATE lock_ref SET label = 'four' WHERE id = 4;
DELETE FROM lock_ref WHERE id = 4;
SELECT dblink_exec('other', 'COMMIT');
SELECT * FROM lock_local;
DROP TABLE lock_local;

-- Past 64 key locks in a transaction, reads lock the whole table instead (the shared lock table
-- holds every lock until the transaction ends).
INSERT INTO lock_ref SELECT g, 'row ' || g FROM generate_series(6, 70) g;
BEGIN;
DO $$
BEGIN
    FOR i IN 1 .. 70 LOOP
        PERFORM id FROM lock_ref WHERE id = i FOR KEY SHARE;
    END LOOP;
END
$$;
SELECT mode, count(*) FROM pg_locks
 WHERE locktype = 'advisory' AND pid = pg_backend_pid() GROUP BY mode ORDER BY mode;
SELECT dblink_exec('other', 'SET lock_timeout = ''300ms''');
SELECT * FROM dblink('other', 'UPDATE lock_ref SET label = ''x'' WHERE id = 70 RETURNING id')
    AS t(id int);
COMMIT;

RESET lock_timeout;
SELECT dblink_disconnect('other');
DROP TABLE lock_ref, lock_ref_labels;
