-- COPY into distributed tables (text, csv, binary, column lists, defaults, WHERE, inside
-- transactions), errors with the input line number, and COPY out of them.
SET client_min_messages TO warning;
CREATE TABLE items (id bigint PRIMARY KEY, name text, price numeric(10, 2) DEFAULT 9.99,
                    tags text[], added timestamptz DEFAULT '2024-01-01 00:00:00+00', serial_no bigserial);
SELECT create_distributed_table('items', 'id', shard_count => 4);

COPY items (id, name, price, tags, added, serial_no) FROM STDIN;
1	one	1.50	{a,b}	2024-02-01 10:00:00+00	1
2	tab\there	2.00	\N	2024-02-02 10:00:00+00	2
3	new\nline	3.00	{}	2024-02-03 10:00:00+00	3
\.
-- csv with a header, quotes, embedded newlines and commas; missing columns take their defaults
COPY items (id, name) FROM STDIN WITH (FORMAT csv, HEADER true);
id,name
10,"ten, with comma"
11,"multi
line"
12,""
13,
\.
SELECT id, name, price, tags, added, serial_no FROM items ORDER BY id;

-- binary, produced by COPY TO of a local table
CREATE TABLE items_local (LIKE items);
INSERT INTO items_local VALUES (20, 'bin', 20.5, '{x}', '2024-03-01 00:00:00+00', 20),
                               (21, NULL, NULL, NULL, NULL, 21);
\set bin_file '/tmp/tessera_writes_copy_' :coordinator_port '.bin'
COPY items_local TO :'bin_file' WITH (FORMAT binary);
COPY items FROM :'bin_file' WITH (FORMAT binary);
SELECT id, name, price, tags, added FROM items WHERE id >= 20 ORDER BY id;

-- WHERE filters rows on the coordinator
COPY items (id, name) FROM STDIN WITH (FORMAT csv) WHERE id % 2 = 0;
30,even
31,odd
32,even
\.
SELECT id, name FROM items WHERE id >= 30 ORDER BY id;

-- errors: bad values (coordinator or worker), duplicates, NULL distribution column, column
-- count; the context names the input line; nothing from a failed COPY stays
CREATE FUNCTION copy_error(command text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  message text;
  context text;
BEGIN
  EXECUTE command;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS message = MESSAGE_TEXT, context = PG_EXCEPTION_CONTEXT;
  -- the first context line: the input line (a second one names the node, which varies)
  RETURN message || ' | ' || split_part(context, E'\n', 1);
END $$;
\set bad_file '/tmp/tessera_writes_copy_' :coordinator_port '.txt'
COPY (SELECT * FROM (VALUES ('100', 'ok', '1.00'), ('101', 'ok', '1.00'), ('102', 'ok', 'cheap'),
                            ('103', 'ok', '1.00')) v) TO :'bad_file';
SELECT copy_error(format('COPY items (id, name, price) FROM %L', :'bad_file'));
COPY (SELECT * FROM (VALUES ('104', 'ok'), ('x105', 'bad id'), ('106', 'ok')) v) TO :'bad_file';
SELECT copy_error(format('COPY items (id, name) FROM %L', :'bad_file'));
COPY (SELECT * FROM (VALUES ('107', 'ok'), ('108', 'ok'), ('1', 'duplicate'), ('109', 'ok')) v) TO :'bad_file';
SELECT copy_error(format('COPY items (id, name) FROM %L', :'bad_file'));
COPY (SELECT * FROM (VALUES ('110', 'ok'), (NULL, 'null id')) v) TO :'bad_file';
SELECT copy_error(format('COPY items (id, name) FROM %L', :'bad_file'));
COPY (SELECT * FROM (VALUES ('111', 'ok', 'extra')) v) TO :'bad_file';
SELECT copy_error(format('COPY items (id, name) FROM %L', :'bad_file'));
SELECT count(*) FROM items WHERE id >= 100;
COPY items (id, nosuchcolumn) FROM STDIN;
\.
COPY items (id, name) FROM '/nonexistent/file';

-- inside a transaction: later statements see the rows, rollback removes them
BEGIN;
COPY items (id, name) FROM STDIN;
200	tx
201	tx
\.
UPDATE items SET name = 'tx2' WHERE name = 'tx';
SELECT id, name FROM items WHERE id >= 200 ORDER BY id;
ROLLBACK;
SELECT count(*) FROM items WHERE id >= 200;

-- permissions are checked on the coordinator
CREATE ROLE copy_reader;
GRANT SELECT ON items TO copy_reader;
SET ROLE copy_reader;
COPY items (id, name) FROM STDIN;
\.
RESET ROLE;

-- COPY out: the whole table, a column list, csv, a query (a one-shard copy of the table keeps
-- the order of the whole-table COPYs fixed)
CREATE TABLE items_one (LIKE items);
SELECT create_distributed_table('items_one', 'id', shard_count => 1);
INSERT INTO items_one SELECT * FROM items ORDER BY id;
COPY items_one (id, name, price) TO STDOUT WITH (FORMAT csv, HEADER true);
COPY items_one TO STDOUT WITH (FORMAT csv);
COPY (SELECT id, name FROM items WHERE id < 12 ORDER BY id) TO STDOUT;

-- COPY FREEZE as PostgreSQL allows it: only into a table created or truncated in the current
-- subtransaction (the rows arrive, not frozen on the shards), refused otherwise
CREATE TABLE frozen_rows (id int, name text);
SELECT create_distributed_table('frozen_rows', 'id');
COPY frozen_rows FROM STDIN WITH (FREEZE);
\.
BEGIN;
TRUNCATE frozen_rows;
COPY frozen_rows FROM STDIN WITH (FREEZE);
7	frozen
8	also frozen
\.
SAVEPOINT later;
COPY frozen_rows FROM STDIN WITH (FREEZE);
\.
ROLLBACK TO SAVEPOINT later;
SELECT id, name FROM frozen_rows ORDER BY id;
COMMIT;
BEGIN;
CREATE TABLE frozen_new (id int, name text);
SELECT create_distributed_table('frozen_new', 'id');
COPY frozen_new FROM STDIN WITH (FREEZE);
9	new
\.
COMMIT;
SELECT * FROM frozen_new;
DROP TABLE frozen_rows, frozen_new;

-- many rows (several chunks per shard), then a count and a checksum
COPY (SELECT g, 'bulk ' || g, g / 100.0 FROM generate_series(1000, 60999) g) TO :'bad_file';
COPY items (id, name, price) FROM :'bad_file';
SELECT count(*), sum(price), count(DISTINCT serial_no) FROM items WHERE id >= 1000;

DROP FUNCTION copy_error(text);
REVOKE ALL ON items FROM copy_reader;
DROP ROLE copy_reader;
DROP TABLE items, items_local, items_one;
