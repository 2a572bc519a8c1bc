-- truncate_local_data_after_distributing_table(table): Citus leaves a table's rows from before
-- distribution in the coordinator's local table until this is called; Tessera moves them to the
-- shards while distributing, so the call only confirms it (and would remove any local rows left).
CREATE SCHEMA ld;
SET search_path TO ld, public;
CREATE TABLE orders (id int PRIMARY KEY, total numeric);
INSERT INTO orders SELECT g, g * 10 FROM generate_series(1, 50) g;
SELECT pg_relation_size('orders') > 0 AS local_rows_before;
SELECT create_distributed_table('orders', 'id');
-- Distributing emptied the local table; the rows are in the shards.
SELECT pg_relation_size('orders') AS local_size_after;
SELECT truncate_local_data_after_distributing_table('orders');
SELECT truncate_local_data_after_distributing_table($$ld.orders$$);
SELECT count(*), sum(total) FROM orders;

CREATE TABLE countries (code text PRIMARY KEY);
INSERT INTO countries VALUES ('fr'), ('nl');
SELECT create_reference_table('countries');
SELECT truncate_local_data_after_distributing_table('countries');
SELECT count(*) FROM countries;

-- Should rows be left in the local table (here put there behind Tessera's back, with the table's
-- metadata removed for a moment), they are removed, and only they: the shards keep theirs.
CREATE TEMP TABLE saved_partition AS
    SELECT * FROM pg_dist_partition WHERE logicalrelid = 'ld.orders'::regclass;
DELETE FROM pg_dist_partition WHERE logicalrelid = 'ld.orders'::regclass;
INSERT INTO orders VALUES (1000, 1), (1001, 1);
INSERT INTO pg_dist_partition SELECT * FROM saved_partition;
SELECT pg_relation_size('orders') > 0 AS local_rows_left, count(*) FROM orders;
BEGIN;
SELECT truncate_local_data_after_distributing_table('orders');
SELECT pg_relation_size('orders') AS local_size;
ROLLBACK;
-- Rolled back: the local rows are back.
SELECT pg_relation_size('orders') > 0 AS local_rows_left;
SELECT truncate_local_data_after_distributing_table('orders');
SELECT pg_relation_size('orders') AS local_size, count(*), sum(total) FROM orders;
SELECT truncate_local_data_after_distributing_table('orders');

-- Distributing moves every row the local table holds, not only those the statement's snapshot
-- sees (the local table is emptied afterwards): rows another session committed after this
-- REPEATABLE READ transaction took its snapshot ...
CREATE EXTENSION IF NOT EXISTS dblink;
CREATE TABLE late_rows (id int);
INSERT INTO late_rows VALUES (1), (2);
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT count(*) FROM late_rows;
SELECT dblink_exec(format('host=127.0.0.1 port=%s dbname=%s user=%s', :coordinator_port,
                          current_database(), current_user),
                   'INSERT INTO ld.late_rows VALUES (3), (4)');
SELECT create_distributed_table('late_rows', 'id');
COMMIT;
SELECT count(*), sum(id) FROM late_rows;
-- ... and rows written earlier in the same statement.
SELECT undistribute_table('late_rows'), create_distributed_table('late_rows', 'id');
SELECT count(*), sum(id) FROM late_rows;
SELECT undistribute_table('late_rows'), create_reference_table('late_rows');
SELECT count(*), sum(id) FROM late_rows;

-- A snapshot imported with SET TRANSACTION SNAPSHOT is the coordinator's alone: reading a
-- distributed or reference table with it is refused (the workers would read with their own
-- snapshot, and see rows committed after the exported one); local tables read as usual.
CREATE TABLE snap_rows (id int);
SELECT create_distributed_table('snap_rows', 'id');
CREATE TABLE snap_local (id int);
SELECT dblink_connect('snap', format('host=127.0.0.1 port=%s dbname=%s user=%s',
                      :coordinator_port, current_database(), current_user));
SELECT dblink_exec('snap', 'BEGIN ISOLATION LEVEL REPEATABLE READ');
SELECT s AS exported FROM dblink('snap', 'SELECT pg_export_snapshot()') AS t(s text) \gset
INSERT INTO snap_rows VALUES (1);
INSERT INTO snap_local VALUES (1);
BEGIN ISOLATION LEVEL REPEATABLE READ;
SET TRANSACTION SNAPSHOT :'exported';
SELECT count(*) FROM snap_local;
SELECT count(*) FROM snap_rows;
ROLLBACK;
BEGIN ISOLATION LEVEL REPEATABLE READ;
SET TRANSACTION SNAPSHOT :'exported';
SELECT count(*) FROM late_rows;
ROLLBACK;
-- the next transaction is not affected
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT count(*) FROM snap_rows;
COMMIT;
SELECT dblink_exec('snap', 'COMMIT');
SELECT dblink_disconnect('snap');
DROP TABLE snap_rows, snap_local;
DROP EXTENSION dblink;

-- Bad input: a clear error, nothing changed.
CREATE TABLE notes (id int, body text);
INSERT INTO notes VALUES (1, 'kept');
SELECT truncate_local_data_after_distributing_table('notes');
SELECT truncate_local_data_after_distributing_table('pg_class');
SELECT truncate_local_data_after_distributing_table(NULL);
SELECT truncate_local_data_after_distributing_table('no_such_table');
SELECT count(*) FROM notes;
-- Only a user who may TRUNCATE the table.
CREATE ROLE ld_user;
GRANT USAGE ON SCHEMA ld TO ld_user;
SET ROLE ld_user;
SELECT truncate_local_data_after_distributing_table('orders');
RESET ROLE;
REVOKE USAGE ON SCHEMA ld FROM ld_user;
DROP ROLE ld_user;

RESET search_path;
DROP SCHEMA ld CASCADE;
