-- Coordinator locks of writes to reference tables. Writes reach every copy at once, so writes
-- of the same rows are serialised on the coordinator; an UPDATE or DELETE that names one row
-- by its whole primary key and reads no other row only locks that key, so such writes of
-- different rows run side by side. The other session runs through dblink and keeps its
-- transaction open; ours waits at most 300ms for a lock.
\set VERBOSITY terse
CREATE TABLE ref_accounts (id int PRIMARY KEY, balance int NOT NULL, note text);
INSERT INTO ref_accounts SELECT g, 100, '' FROM generate_series(1, 5) g;
SELECT create_reference_table('ref_accounts');
CREATE TABLE ref_tags (id int PRIMARY KEY, tag text UNIQUE);
INSERT INTO ref_tags VALUES (1, 'a'), (2, 'b');
SELECT create_reference_table('ref_tags');
CREATE EXTENSION IF NOT EXISTS dblink;
SELECT dblink_connect('other', format('host=127.0.0.1 port=%s dbname=%s user=%s',
                                      :coordinator_port, current_database(), current_user));
SELECT dblink_exec('other', 'BEGIN');
SELECT dblink_exec('other', 'UPDATE ref_accounts SET balance = balance - 10 WHERE id = 1');
SET lock_timeout = '300ms';
-- Other rows by their key: no wait.
UPDATE ref_accounts SET balance = balance + 10 WHERE id = 2;
UPDATE ref_accounts SET note = 'checked' WHERE id = 3 AND balance > 0 RETURNING id, note;
DELETE FROM ref_accounts WHERE id = 5;
-- The same row, a write that reads other rows, a key change, an insert: they wait.
UPDATE ref_accounts SET balance = balance + 1 WHERE id = 1;
UPDATE ref_accounts SET balance = balance + 1 WHERE balance > 95;
UPDATE ref_accounts SET balance = 0 WHERE id = (SELECT max(id) FROM ref_accounts);
UPDATE ref_accounts SET id = 6 WHERE id = 4;
INSERT INTO ref_accounts VALUES (7, 0, '');
DELETE FROM ref_accounts WHERE id = 4 OR id = 2;
-- A table with a second unique column: even keyed writes of different rows exclude each other.
SELECT dblink_exec('other', 'UPDATE ref_tags SET tag = ''c'' WHERE id = 1');
UPDATE ref_tags SET tag = 'd' WHERE id = 2;
RESET lock_timeout;
SELECT dblink_exec('other', 'COMMIT');
SELECT dblink_disconnect('other');
DROP EXTENSION dblink;
-- Every copy holds the same rows.
SELECT count(DISTINCT result) AS distinct_copies, min(result) AS rows
FROM run_command_on_placements('ref_accounts',
    $$SELECT string_agg(id || ':' || balance || ':' || note, ',' ORDER BY id) FROM %s$$);
SELECT * FROM ref_accounts ORDER BY id;
SELECT * FROM ref_tags ORDER BY id;
DROP TABLE ref_accounts, ref_tags;
