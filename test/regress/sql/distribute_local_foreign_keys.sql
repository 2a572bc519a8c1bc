-- Foreign keys from local tables to distributed and reference tables. The coordinator's table of
-- a distributed or reference table holds no rows, so PostgreSQL's checks of such a key never see
-- deletes and updates of the referenced rows (they happen on the workers): the key used to be
-- half enforced (a DELETE of a referenced row went through). Now ALTER TABLE refuses to give a
-- local table such a key (nothing changes), and while a local table has one (made by CREATE
-- TABLE before distributing it, or by distributing the referenced table first), the writes
-- that could break it are refused; inserts into the local table are checked as before.
\set SHOW_CONTEXT never
CREATE SCHEMA lfk;
SET search_path TO lfk;
SET tessera.shard_count = 4;

CREATE TABLE currencies (code text PRIMARY KEY, name text);
SELECT create_reference_table('currencies');
INSERT INTO currencies VALUES ('EUR', 'euro'), ('USD', 'dollar'), ('GBP', 'pound');
CREATE TABLE pay (m int, id int, amount int, PRIMARY KEY (m, id));
SELECT create_distributed_table('pay', 'm');
INSERT INTO pay VALUES (1, 1, 10), (2, 2, 20);

-- ALTER TABLE giving a local table such a key: refused, and the table is unchanged.
CREATE TABLE loc (id int PRIMARY KEY, cur text, c2 text, m int, pid int);
INSERT INTO loc VALUES (1, 'EUR', NULL, 1, 1);
ALTER TABLE loc ADD FOREIGN KEY (cur) REFERENCES currencies (code);
ALTER TABLE loc ADD CONSTRAINT loc_cur FOREIGN KEY (cur) REFERENCES currencies (code) NOT VALID;
ALTER TABLE loc ADD CONSTRAINT loc_pay FOREIGN KEY (m, pid) REFERENCES pay (m, id);
ALTER TABLE loc ADD COLUMN c3 text REFERENCES currencies;
-- among other subcommands: all of them undone
ALTER TABLE loc ADD COLUMN c4 int, ADD CONSTRAINT loc_c2 FOREIGN KEY (c2) REFERENCES currencies;
SELECT conname FROM pg_constraint WHERE conrelid = 'loc'::regclass ORDER BY 1;
SELECT attname FROM pg_attribute WHERE attrelid = 'loc'::regclass AND attnum > 0 ORDER BY attnum;
-- a local partitioned table, and a partition attached to a parent with such a key
CREATE TABLE lp (id int, cur text) PARTITION BY RANGE (id);
CREATE TABLE lp1 PARTITION OF lp FOR VALUES FROM (0) TO (10);
ALTER TABLE lp ADD FOREIGN KEY (cur) REFERENCES currencies (code);
SELECT count(*) AS lp_keys FROM pg_constraint WHERE conrelid IN ('lp'::regclass, 'lp1'::regclass);
-- keys between local tables, and of distributed tables, are not affected
CREATE TABLE loc_parent (code text PRIMARY KEY);
ALTER TABLE loc ADD CONSTRAINT loc_local FOREIGN KEY (c2) REFERENCES loc_parent (code);
ALTER TABLE loc DROP CONSTRAINT loc_local;
CREATE TABLE dist_child (id int, cur text);
SELECT create_distributed_table('dist_child', 'id');
ALTER TABLE dist_child ADD FOREIGN KEY (cur) REFERENCES currencies (code);
DROP TABLE dist_child;
-- temporary tables cannot reference permanent ones at all (PostgreSQL's own error)
CREATE TEMP TABLE tmp (cur text REFERENCES currencies (code));

-- CREATE TABLE ... REFERENCES stays allowed: it is how a table is made before distributing it.
-- Meanwhile the inserts are checked, and the writes that could break the key are refused.
CREATE TABLE orders (id int, cur text REFERENCES currencies (code) ON DELETE CASCADE,
                     m int, pid int, FOREIGN KEY (m, pid) REFERENCES pay (m, id));
INSERT INTO orders VALUES (1, 'EUR', 1, 1);
INSERT INTO orders VALUES (2, 'XXX', 1, 1);
INSERT INTO orders VALUES (3, 'EUR', 9, 9);
DELETE FROM currencies WHERE code = 'EUR';
DELETE FROM currencies WHERE code = 'GBP';
UPDATE currencies SET code = 'EU' WHERE code = 'EUR';
INSERT INTO currencies VALUES ('EUR', 'x') ON CONFLICT (code) DO UPDATE SET code = 'EU';
WITH gone AS (DELETE FROM currencies WHERE code = 'USD' RETURNING code) SELECT * FROM gone;
MERGE INTO currencies c USING (SELECT 'EUR' AS code) s ON c.code = s.code
    WHEN MATCHED THEN DELETE;
DELETE FROM pay WHERE m = 1;
UPDATE pay SET id = 5 WHERE m = 2;
-- what cannot break the key still runs: updates of other columns, inserts, conflicts ignored
UPDATE currencies SET name = 'Euro' WHERE code = 'EUR';
INSERT INTO currencies VALUES ('CHF', 'franc');
INSERT INTO currencies VALUES ('EUR', 'x') ON CONFLICT (code) DO UPDATE SET name = 'EUR!';
UPDATE pay SET amount = 11 WHERE m = 1;
-- TRUNCATE: PostgreSQL's own check of the coordinator's table
TRUNCATE currencies;
SELECT * FROM currencies ORDER BY code;
SELECT * FROM pay ORDER BY m;

-- Keys reached through cascading actions of distributed tables' keys.
CREATE TABLE regions (id int PRIMARY KEY);
SELECT create_reference_table('regions');
INSERT INTO regions VALUES (1), (2);
CREATE TABLE shops (id int PRIMARY KEY, region int REFERENCES regions ON DELETE CASCADE
                    ON UPDATE SET NULL);
SELECT create_distributed_table('shops', 'id');
INSERT INTO shops VALUES (1, 1), (2, 2);
CREATE TABLE shop_notes (shop int REFERENCES shops (id), note text);
INSERT INTO shop_notes VALUES (1, 'first');
DELETE FROM regions WHERE id = 1;
UPDATE regions SET id = 3 WHERE id = 2;
SELECT * FROM shops ORDER BY id;

-- undistribute_table: refused when the table would become a local table with such a key.
SELECT undistribute_table('shops');
SELECT logicalrelid::regclass FROM pg_dist_partition WHERE logicalrelid = 'lfk.shops'::regclass;

-- Once the local table is distributed, its key is enforced on the workers and the writes run.
SELECT create_distributed_table('orders', 'm', colocate_with => 'pay');
DELETE FROM currencies WHERE code = 'GBP';
DELETE FROM currencies WHERE code = 'EUR';
DELETE FROM pay WHERE m = 1;
SELECT * FROM orders ORDER BY id;
SELECT * FROM currencies ORDER BY code;
-- a key dropped: the writes run too
ALTER TABLE shop_notes DROP CONSTRAINT shop_notes_shop_fkey;
DELETE FROM regions WHERE id = 1;
SELECT * FROM shops ORDER BY id;

-- Distributing the referenced table first, its referencing local table after (both existing).
CREATE TABLE units (code text PRIMARY KEY);
INSERT INTO units VALUES ('kg'), ('m');
CREATE TABLE items (id int, unit text REFERENCES units (code));
INSERT INTO items VALUES (1, 'kg');
SELECT create_reference_table('units');
DELETE FROM units WHERE code = 'm';
SELECT create_distributed_table('items', 'id');
DELETE FROM units WHERE code = 'm';
DELETE FROM units WHERE code = 'kg';

RESET search_path;
DROP SCHEMA lfk CASCADE;
