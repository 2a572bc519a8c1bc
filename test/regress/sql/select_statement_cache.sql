-- Statements sent without parameters (as psql sends these) that differ only in constants share
-- one plan per session: the first is planned with its constants as parameters, later ones reuse
-- that plan with their own values (planner/statement_cache.cpp). Every answer here must be the
-- one PostgreSQL gives on a local table, whatever the plan, so each statement runs twice: on the
-- distributed table and on a local copy, and the results are compared.
\set SHOW_CONTEXT never
CREATE TABLE sc_items (tenant int, id bigint, name varchar(8), code char(4), price numeric(10,2),
                       day date, at timestamptz, flag bool, ref uuid, qty int DEFAULT 1,
                       serial_no bigserial, PRIMARY KEY (tenant, id));
INSERT INTO sc_items (tenant, id, name, code, price, day, at, flag, ref)
SELECT g % 6, g, 'n' || g, 'c' || (g % 5), g * 1.25, date '2024-01-01' + g,
       timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour', g % 2 = 0,
       ('00000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid
FROM generate_series(1, 60) g;
CREATE TABLE sc_local (LIKE sc_items INCLUDING DEFAULTS);
INSERT INTO sc_local SELECT * FROM sc_items;
SELECT create_distributed_table('sc_items', 'tenant');

-- Router reads of one shape, tenants on both workers, each type of constant.
SELECT id, name, price FROM sc_items WHERE tenant = 1 AND id = 7;
SELECT id, name, price FROM sc_items WHERE tenant = 2 AND id = 8;
SELECT id, name, price FROM sc_items WHERE tenant = 5 AND id = 11;
SELECT id, name, price FROM sc_items WHERE tenant = 5 AND id = 12;
SELECT id FROM sc_items WHERE tenant = 3 AND code = 'c3' ORDER BY id;
SELECT id FROM sc_items WHERE tenant = 3 AND code = 'c3  ' ORDER BY id;
SELECT id FROM sc_items WHERE tenant = 4 AND day > '2024-02-20' AND price < 70.5 ORDER BY id;
SELECT id FROM sc_items WHERE tenant = 4 AND at < '2024-01-02 06:00+00' ORDER BY id;
SELECT id FROM sc_items WHERE tenant = 0 AND ref = '00000000-0000-0000-0000-000000000018';
SELECT id FROM sc_items WHERE tenant = 0 AND flag = true AND name LIKE 'n3%' ORDER BY id;
SELECT id FROM sc_items WHERE tenant = 0 AND flag = false AND name LIKE 'n3%' ORDER BY id;
SELECT count(*), sum(price) FROM sc_items WHERE tenant = 2 AND price BETWEEN 10 AND 40;
SELECT count(*), sum(price) FROM sc_items WHERE tenant = 3 AND price BETWEEN 10 AND 40;
-- No row: a NULL constant, contradicting tenants, a tenant without rows.
SELECT id FROM sc_items WHERE tenant = 1 AND name = NULL;
SELECT id FROM sc_items WHERE tenant = 1 AND tenant = 2;
SELECT id FROM sc_items WHERE tenant = 99 AND id = 1;
-- Shapes not routed by their values (several tenants, no tenant): planned with their constants.
SELECT count(*) FROM sc_items WHERE tenant IN (1, 2) AND price > 20;
SELECT count(*) FROM sc_items WHERE tenant IN (3, 4) AND price > 20;
SELECT count(*) FROM sc_items WHERE price > 30;
SELECT count(*) FROM sc_items WHERE price > 60;

-- Writes of one shape: values converted to the column's type each time (rounding, padding,
-- length checks), defaults and sequences evaluated per statement.
UPDATE sc_items SET price = 1.239, name = 'abc' WHERE tenant = 1 AND id = 7;
UPDATE sc_local SET price = 1.239, name = 'abc' WHERE tenant = 1 AND id = 7;
UPDATE sc_items SET price = 2.5, name = 'abcdefgh' WHERE tenant = 2 AND id = 8;
UPDATE sc_local SET price = 2.5, name = 'abcdefgh' WHERE tenant = 2 AND id = 8;
UPDATE sc_items SET price = 3, name = 'abcdefghi' WHERE tenant = 5 AND id = 11;
UPDATE sc_items SET price = 123456789.5, name = 'x' WHERE tenant = 5 AND id = 11;
UPDATE sc_items SET price = price + 1 WHERE tenant = 3 AND id > 50;
UPDATE sc_local SET price = price + 1 WHERE tenant = 3 AND id > 50;
UPDATE sc_items SET price = price + 2 WHERE tenant = 4 AND id > 50;
UPDATE sc_local SET price = price + 2 WHERE tenant = 4 AND id > 50;
UPDATE sc_items SET name = NULL WHERE tenant = 0 AND id = 6;
UPDATE sc_local SET name = NULL WHERE tenant = 0 AND id = 6;
-- The distribution column keeps its value: allowed; a new value: refused.
UPDATE sc_items SET tenant = 2, name = 'same' WHERE tenant = 2 AND id = 14;
UPDATE sc_local SET tenant = 2, name = 'same' WHERE tenant = 2 AND id = 14;
UPDATE sc_items SET tenant = 3, name = 'moved' WHERE tenant = 2 AND id = 20;
DELETE FROM sc_items WHERE tenant = 5 AND id = 17;
DELETE FROM sc_local WHERE tenant = 5 AND id = 17;
DELETE FROM sc_items WHERE tenant = 0 AND id = 18;
DELETE FROM sc_local WHERE tenant = 0 AND id = 18;
INSERT INTO sc_items (tenant, id, name, price, at) VALUES (1, 101, 'new1', 9.999, now());
INSERT INTO sc_local (tenant, id, name, price, at) VALUES (1, 101, 'new1', 9.999, now());
INSERT INTO sc_items (tenant, id, name, price, at) VALUES (2, 102, 'new2', 10, now());
INSERT INTO sc_local (tenant, id, name, price, at) VALUES (2, 102, 'new2', 10, now());
INSERT INTO sc_items (tenant, id, name, price, at) VALUES (3, 103, 'toolong!!', 10, now());
INSERT INTO sc_items (tenant, id, name, price, at) VALUES (2, 102, 'dup', 10, now());
SELECT tenant, id, name, price, qty, serial_no > 60 AS new_serial, at > now() - interval '1 hour' AS recent
FROM sc_items WHERE tenant = 1 AND id = 101;
SELECT tenant, id, name, price, qty, serial_no > 60 AS new_serial, at > now() - interval '1 hour' AS recent
FROM sc_items WHERE tenant = 2 AND id = 102;
SELECT count(DISTINCT serial_no) FROM sc_items WHERE id > 100;
-- now() is the statement's transaction's, not the first one's.
INSERT INTO sc_items (tenant, id, at) VALUES (4, 104, now());
SELECT pg_sleep(0.01);
INSERT INTO sc_items (tenant, id, at) VALUES (5, 105, now());
SELECT count(DISTINCT at) FROM sc_items WHERE id IN (104, 105);
DELETE FROM sc_items WHERE id IN (104, 105);
-- The same rows as the local copy (but for the times and serials of the new rows).
CREATE VIEW sc_compared AS
SELECT tenant, id, name, code, price, day, CASE WHEN id < 100 THEN at END AS at, flag, ref, qty,
       CASE WHEN id < 100 THEN serial_no END AS serial_no
FROM sc_items;
SELECT count(*) FROM sc_compared;
SELECT * FROM sc_compared
EXCEPT SELECT tenant, id, name, code, price, day, CASE WHEN id < 100 THEN at END, flag, ref, qty,
              CASE WHEN id < 100 THEN serial_no END FROM sc_local;
SELECT tenant, id, name, code, price, day, CASE WHEN id < 100 THEN at END, flag, ref, qty,
       CASE WHEN id < 100 THEN serial_no END FROM sc_local
EXCEPT SELECT * FROM sc_compared;
DROP VIEW sc_compared;

-- EXPLAIN shows the statement's own constants.
CREATE FUNCTION sc_explain(query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        RETURN NEXT regexp_replace(regexp_replace(line, 'port=[0-9]+', 'port=N'), '_[0-9]+',
                                   '_N', 'g');
    END LOOP;
END
$$;
SELECT sc_explain('SELECT id FROM sc_items WHERE tenant = 1 AND id = 7');
DROP FUNCTION sc_explain(text);

-- Plans follow changes to the table: a column's new type, a dropped column, new rows after a
-- shard moved to the other worker.
SELECT qty, pg_typeof(qty) FROM sc_items WHERE tenant = 1 AND id = 7;
ALTER TABLE sc_items ALTER COLUMN qty TYPE numeric(6,1);
SELECT qty, pg_typeof(qty) FROM sc_items WHERE tenant = 1 AND id = 7;
UPDATE sc_items SET qty = 2.25 WHERE tenant = 1 AND id = 7;
SELECT qty, pg_typeof(qty) FROM sc_items WHERE tenant = 1 AND id = 7;
BEGIN;
ALTER TABLE sc_items DROP COLUMN code;
SELECT * FROM sc_items WHERE tenant = 1 AND id = 7;
ROLLBACK;
SELECT * FROM sc_items WHERE tenant = 1 AND id = 7;
SELECT id, name FROM sc_items WHERE tenant = 3 AND id = 9;
SELECT citus_move_shard_placement(s.shardid, n.nodename, n.nodeport, o.nodename, o.nodeport,
                                  shard_transfer_mode => 'block_writes')
FROM pg_dist_shard s
JOIN pg_dist_placement p USING (shardid)
JOIN pg_dist_node n ON n.groupid = p.groupid
JOIN pg_dist_node o ON o.groupid <> p.groupid AND o.noderole = 'primary' AND o.groupid > 0
WHERE s.logicalrelid = 'sc_items'::regclass
  AND s.shardid = get_shard_id_for_distribution_column('sc_items', 3);
UPDATE sc_items SET name = 'after' WHERE tenant = 3 AND id = 9;
SELECT id, name FROM sc_items WHERE tenant = 3 AND id = 9;
SELECT id, name FROM sc_items WHERE tenant = 3 AND id = 15;

-- Privileges are the current role's at each statement.
CREATE ROLE sc_reader;
GRANT SELECT ON sc_items TO sc_reader;
SELECT id FROM sc_items WHERE tenant = 1 AND id = 13;
UPDATE sc_items SET name = 'owner' WHERE tenant = 1 AND id = 13;
SET ROLE sc_reader;
SELECT id FROM sc_items WHERE tenant = 1 AND id = 13;
UPDATE sc_items SET name = 'reader' WHERE tenant = 1 AND id = 13;
RESET ROLE;
REVOKE SELECT ON sc_items FROM sc_reader;
SET ROLE sc_reader;
SELECT id FROM sc_items WHERE tenant = 1 AND id = 13;
RESET ROLE;
SELECT id, name FROM sc_items WHERE tenant = 1 AND id = 13;

-- Prepared statements without parameters, and the cache turned off, give the same answers.
PREPARE sc_fixed AS SELECT id, name FROM sc_items WHERE tenant = 2 AND id = 8;
EXECUTE sc_fixed;
UPDATE sc_items SET name = 'changed' WHERE tenant = 2 AND id = 8;
EXECUTE sc_fixed;
DEALLOCATE sc_fixed;
SET tessera.enable_statement_cache = off;
SELECT id, name FROM sc_items WHERE tenant = 2 AND id = 8;
UPDATE sc_items SET name = 'off' WHERE tenant = 2 AND id = 8;
SELECT id, name FROM sc_items WHERE tenant = 2 AND id = 8;
RESET tessera.enable_statement_cache;

-- An UPDATE / DELETE rewritten through its rows' keys (a user-defined function in SET or WHERE)
-- holds ShareRowExclusiveLock on its table against lost updates, also when its plan is reused.
CREATE FUNCTION sc_plus(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 + 1';
BEGIN;
UPDATE sc_items SET qty = sc_plus(1) WHERE tenant = 1 AND id = 7;
SELECT mode FROM pg_locks WHERE relation = 'sc_items'::regclass AND pid = pg_backend_pid()
ORDER BY mode;
COMMIT;
BEGIN;
UPDATE sc_items SET qty = sc_plus(2) WHERE tenant = 2 AND id = 8;
SELECT mode FROM pg_locks WHERE relation = 'sc_items'::regclass AND pid = pg_backend_pid()
ORDER BY mode;
COMMIT;
DELETE FROM sc_items WHERE tenant = 4 AND id = sc_plus(1000);
BEGIN;
DELETE FROM sc_items WHERE tenant = 5 AND id = sc_plus(1001);
SELECT mode FROM pg_locks WHERE relation = 'sc_items'::regclass AND pid = pg_backend_pid()
ORDER BY mode;
COMMIT;
SELECT tenant, id, qty FROM sc_items WHERE tenant = 1 AND id = 7;
SELECT tenant, id, qty FROM sc_items WHERE tenant = 2 AND id = 8;
DROP FUNCTION sc_plus(int);
-- Shapes that differ in a constant kept as it is (here LIMIT) are entries of their own: they do
-- not evict each other run after run. (The DROP FUNCTION above emptied the cache.)
SELECT id FROM sc_items WHERE tenant = 1 ORDER BY id LIMIT 1;
SELECT id FROM sc_items WHERE tenant = 2 ORDER BY id LIMIT 2;
SELECT id FROM sc_items WHERE tenant = 3 ORDER BY id LIMIT 1;
SELECT id FROM sc_items WHERE tenant = 4 ORDER BY id LIMIT 2;
SELECT count(*) FROM pg_backend_memory_contexts WHERE name = 'tessera cached statement';

-- Reused plans convert each run's constants as PostgreSQL does: distribution keys of another
-- type than the constant (int, numeric and float constants on a bigint key, padded text on a
-- char key, timestamps on a date key under another TimeZone), and values sent to the workers
-- under other DateStyle / IntervalStyle / extra_float_digits settings than the first run's.
CREATE TABLE sc_keys (big bigint PRIMARY KEY, pad char(6), day date, f float8, span interval);
INSERT INTO sc_keys VALUES (5, 'k5', '2024-01-05', 1.0 / 3, '26 hours'),
    (3000000000, 'k3', '2024-01-03', 2.0 / 3, '-1 day 2 hours'), (-5, 'k-5', '2024-01-04', 0.1, '1 year');
SELECT create_distributed_table('sc_keys', 'big');
SELECT big FROM sc_keys WHERE big = 5;
SELECT big FROM sc_keys WHERE big = -5;
SELECT big FROM sc_keys WHERE big = 3000000000;
SELECT big FROM sc_keys WHERE big = 5.0;
SELECT big FROM sc_keys WHERE big = 5.5;
SELECT big FROM sc_keys WHERE big = 1e30;
SELECT big FROM sc_keys WHERE big = 3000000000::float8;
UPDATE sc_keys SET big = 5.0, pad = 'k5  ' WHERE big = 5;
UPDATE sc_keys SET big = -5, pad = 'k-5' WHERE big = -5.0;
SELECT big, pad, length(pad) FROM sc_keys WHERE big = 5 AND pad = 'k5' ;
SELECT big, pad FROM sc_keys WHERE big = -5 AND pad = 'k-5   ';
SELECT big FROM sc_keys WHERE big = 5 AND day = '2024-01-05 00:00'::timestamptz;
SET TimeZone = 'Pacific/Kiritimati';
SELECT big FROM sc_keys WHERE big = 5 AND day = '2024-01-04 10:00+00'::timestamptz;
RESET TimeZone;
SET extra_float_digits = 0;
SELECT big FROM sc_keys WHERE big = 5 AND f = 0.3333333333333333::float8;
SELECT big FROM sc_keys WHERE big = 3000000000 AND f = 0.6666666666666666::float8;
RESET extra_float_digits;
SET IntervalStyle = 'sql_standard';
SELECT big FROM sc_keys WHERE big = 5 AND span = '1 2:00';
SELECT big FROM sc_keys WHERE big = 3000000000 AND span = interval '-1 day +2 hours';
RESET IntervalStyle;
SET DateStyle = 'SQL, DMY';
SELECT big FROM sc_keys WHERE big = -5 AND day = '04/01/2024';
UPDATE sc_keys SET day = '07/02/2024' WHERE big = 5;
RESET DateStyle;
SELECT big, day FROM sc_keys WHERE big = 5;
DROP TABLE sc_keys;

-- A statement with more constants than a worker statement can take parameters (65535): a long
-- IN list is sent with its values in the text, run after run (not echoed: too long; tenant
-- 3's id 9 was renamed above, so sc_items counts one row less than sc_local there).
\set ECHO none
SELECT format('SELECT count(*) FROM %s WHERE tenant = %s AND name IN (%s)', t, tenant,
              string_agg(quote_literal('n' || g), ', '))
FROM generate_series(1, 70000) g, (VALUES ('sc_items'), ('sc_local')) tables(t),
     generate_series(3, 4) tenant
GROUP BY t, tenant ORDER BY tenant, t \gexec
SELECT format('UPDATE sc_items SET qty = qty + 1 WHERE tenant = %s AND name IN (%s)', tenant,
              string_agg(quote_literal('n' || g), ', '))
FROM generate_series(1, 70000) g, generate_series(3, 4) tenant GROUP BY tenant ORDER BY tenant \gexec
\set ECHO all
SELECT tenant, sum(qty) FROM sc_items WHERE tenant IN (3, 4) GROUP BY tenant ORDER BY tenant;

DROP TABLE sc_items, sc_local;
DROP ROLE sc_reader;
