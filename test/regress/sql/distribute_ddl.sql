-- DDL on distributed and reference tables runs on the coordinator and on every shard placement,
-- in the same transaction. Shard ids are fixed so that shard names can be printed.
ALTER SEQUENCE pg_dist_shardid_seq RESTART 990000;
CREATE TABLE accounts (id int PRIMARY KEY, owner text, balance numeric);
SELECT create_distributed_table('accounts', 'id', shard_count => 4);
CREATE TABLE regions (code text PRIMARY KEY, name text);
SELECT create_reference_table('regions');
INSERT INTO accounts VALUES (1, 'ann', 10), (2, 'bob', 5), (3, 'cy', 0);
INSERT INTO regions VALUES ('eu', 'Europe'), ('us', 'Americas');

-- Columns: ADD (with a default that fills existing rows), DROP, TYPE, SET/DROP DEFAULT, NOT NULL.
ALTER TABLE accounts ADD COLUMN opened date DEFAULT '2024-01-01';
ALTER TABLE accounts ADD COLUMN note text, ALTER COLUMN owner SET NOT NULL;
ALTER TABLE regions ADD COLUMN active bool NOT NULL DEFAULT true;
ALTER TABLE regions DROP COLUMN name;
ALTER TABLE accounts ALTER COLUMN balance TYPE numeric(12,2);
ALTER TABLE accounts ALTER COLUMN note SET DEFAULT 'none', ALTER COLUMN opened DROP DEFAULT;
SELECT * FROM accounts ORDER BY id;
INSERT INTO accounts (id, owner, balance) VALUES (4, 'dee', 7.5);
UPDATE accounts SET note = 'vip' WHERE id = 1;
SELECT * FROM accounts ORDER BY id;
INSERT INTO regions (code) VALUES ('ap');
SELECT * FROM regions ORDER BY code;
\set VERBOSITY terse
INSERT INTO accounts (id, owner) VALUES (5, NULL);
\set VERBOSITY default
ALTER TABLE accounts ALTER COLUMN owner DROP NOT NULL;
INSERT INTO accounts (id, owner) VALUES (5, NULL);

-- Constraints: CHECK keeps its name on the shards, index-backed ones get <name>_<shardid>;
-- unnamed ones get the name chosen on the coordinator.
ALTER TABLE accounts ADD CONSTRAINT positive CHECK (balance >= 0), ADD UNIQUE (id, owner);
ALTER TABLE accounts ADD CHECK (id < 1000);
\set VERBOSITY terse
INSERT INTO accounts (id, owner, balance) VALUES (6, 'fay', -1);
\set VERBOSITY default
ALTER TABLE regions ADD CONSTRAINT regions_active_code UNIQUE (active, code);
ALTER TABLE accounts RENAME CONSTRAINT positive TO nonnegative;
ALTER TABLE accounts RENAME CONSTRAINT accounts_id_owner_key TO accounts_holder_key;
ALTER TABLE accounts DROP CONSTRAINT accounts_id_check;

-- Indexes.
CREATE INDEX accounts_owner ON accounts (owner);
CREATE INDEX ON accounts (lower(owner)) WHERE balance > 0;
CREATE UNIQUE INDEX "Accounts Owner Id" ON accounts (owner, id);
CREATE INDEX ON regions USING hash (code);
DROP INDEX accounts_owner;
ALTER INDEX "Accounts Owner Id" RENAME TO accounts_owner_id;

-- Column and table renames: shard tables become <new name>_<shardid>.
ALTER TABLE accounts RENAME COLUMN owner TO holder;
ALTER TABLE accounts RENAME TO ledger;
ALTER TABLE regions RENAME TO areas;
SELECT id, holder, balance FROM ledger WHERE id = 2;
INSERT INTO ledger (id, holder, balance) VALUES (7, 'gus', 3);
SELECT id, holder, note FROM ledger ORDER BY id;
SELECT * FROM areas ORDER BY code;

-- The coordinator's table ...
SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute
WHERE attrelid = 'ledger'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
WHERE conrelid = 'ledger'::regclass ORDER BY conname;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'ledger' ORDER BY indexname;

-- ... and its shards on the workers: the same columns, constraints and indexes on every shard.
\c - - - :worker_1_port
SELECT tablename FROM pg_tables WHERE tablename ~ '^(ledger|accounts|areas|regions)_' ORDER BY 1;
SELECT table_name, column_name, data_type, numeric_precision, is_nullable, column_default
FROM information_schema.columns WHERE table_name ~ '^ledger_' ORDER BY table_name, ordinal_position;
SELECT conrelid::regclass::text AS shard, conname, pg_get_constraintdef(oid) FROM pg_constraint
WHERE conrelid::regclass::text ~ '^(ledger|areas)_' ORDER BY 1, 2;
SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename ~ '^(ledger|areas)_'
ORDER BY tablename, indexname;
\c - - - :worker_2_port
SELECT tablename FROM pg_tables WHERE tablename ~ '^(ledger|accounts|areas|regions)_' ORDER BY 1;
SELECT table_name, count(*) AS columns FROM information_schema.columns
WHERE table_name ~ '^(ledger|areas)_' GROUP BY 1 ORDER BY 1;
SELECT conrelid::regclass::text AS shard, conname FROM pg_constraint
WHERE conrelid::regclass::text ~ '^(ledger|areas)_' ORDER BY 1, 2;
SELECT tablename, indexname FROM pg_indexes WHERE tablename ~ '^(ledger|areas)_' ORDER BY 1, 2;
\c - - - :coordinator_port

-- Owner.
CREATE ROLE ddl_owner; -- reaches the workers too (distribute_roles)
ALTER TABLE ledger OWNER TO ddl_owner;
SELECT tableowner FROM pg_tables WHERE tablename = 'ledger';
SELECT result FROM run_command_on_workers($$SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables WHERE tablename LIKE 'ledger\_%'$$);
ALTER TABLE ledger OWNER TO postgres;

-- Defaults only the coordinator can evaluate: allowed with SET DEFAULT (writes fill them on the
-- coordinator; the shards go without, as for newly created shards). For ADD COLUMN (existing
-- rows are on the workers) a plain DEFAULT nextval(...) numbers the rows from the sequence, like
-- a serial column (below); other such defaults are refused.
CREATE SEQUENCE ledger_seq START 100;
ALTER TABLE ledger ADD COLUMN serial_no bigint, ALTER COLUMN serial_no SET DEFAULT nextval('ledger_seq');
INSERT INTO ledger (id, holder) VALUES (8, 'hal');
SELECT id, serial_no FROM ledger WHERE id = 8;
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM information_schema.columns WHERE table_name LIKE 'ledger\_%' AND column_name = 'serial_no' AND column_default IS NULL$$);
ALTER TABLE ledger ADD COLUMN other_no bigint DEFAULT nextval('ledger_seq') * 10;
ALTER TABLE ledger ADD COLUMN other_no bigint DEFAULT nextval('ledger_seq');
SELECT count(*), count(DISTINCT other_no) AS distinct_values, min(other_no), max(other_no), nextval('ledger_seq') AS next FROM ledger;
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM information_schema.columns WHERE table_name LIKE 'ledger\_%' AND column_name = 'other_no' AND column_default IS NULL$$);
ALTER TABLE ledger DROP COLUMN other_no;
-- ADD COLUMN serial / identity: the sequence stays on the coordinator, the rows the shards hold
-- take distinct values from it, new rows the next ones; the shards' column is a plain NOT NULL
-- one and the helpers that numbered the rows are gone. Every copy of a reference table gives a
-- row the same value. In a transaction that rolls back, nothing stays.
ALTER TABLE ledger ADD COLUMN other_no bigserial;
SELECT count(*) AS rows, count(DISTINCT other_no) AS distinct_values, min(other_no), max(other_no) FROM ledger;
INSERT INTO ledger (id, holder) VALUES (9, 'ivy') RETURNING other_no;
SELECT DISTINCT result FROM run_command_on_shards('ledger', $$SELECT a.attnotnull::text || ' ' || (d.adbin IS NULL)::text FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = '%s'::regclass AND a.attname = 'other_no'$$);
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_class WHERE relname LIKE 'tessera\_fill%'$$);
ALTER TABLE ledger DROP COLUMN other_no;
DELETE FROM ledger WHERE id = 9;
-- Sequence options: a sequence starting at 0, a descending one.
ALTER TABLE ledger ADD COLUMN up int GENERATED BY DEFAULT AS IDENTITY (START WITH 0 MINVALUE 0), ADD COLUMN down int GENERATED ALWAYS AS IDENTITY (START WITH -1 INCREMENT BY -2);
SELECT count(*), count(DISTINCT up) AS ups, min(up), max(up), count(DISTINCT down) AS downs, min(down), max(down) FROM ledger;
ALTER TABLE ledger DROP COLUMN up, DROP COLUMN down;

-- Schema-qualified, quoted, mixed-case names (the schema exists on the workers, like the table).
CREATE SCHEMA "Ddl Schema";
SELECT success FROM run_command_on_workers($$CREATE SCHEMA "Ddl Schema"$$);
CREATE TABLE "Ddl Schema"."Mixed Case" ("Key" int, "Value" text);
SELECT create_distributed_table('"Ddl Schema"."Mixed Case"', 'Key', shard_count => 2);
INSERT INTO "Ddl Schema"."Mixed Case" VALUES (1, 'one'), (2, 'two');
ALTER TABLE "Ddl Schema" . "Mixed Case" /* a comment, */ ADD COLUMN "New, Col" int DEFAULT 7,
  ADD CONSTRAINT "Key Is Unique" UNIQUE ("Key"), ADD CONSTRAINT "Chk" CHECK ("New, Col" > 0);
CREATE INDEX "Idx ""Quoted""" ON "Ddl Schema"."Mixed Case" (("Value" || 'x'), "New, Col");
SET search_path TO "Ddl Schema", public;
ALTER TABLE "Mixed Case" RENAME CONSTRAINT "Key Is Unique" TO "Unique Key";
ALTER TABLE ONLY "Mixed Case" ALTER COLUMN "Value" SET NOT NULL;
ALTER TABLE IF EXISTS "Mixed Case" RENAME TO "Renamed Table";
ALTER TABLE IF EXISTS "No Such Table" ADD COLUMN x int;
RESET search_path;
SELECT * FROM "Ddl Schema"."Renamed Table" ORDER BY "Key";
SELECT result FROM run_command_on_workers($$SELECT string_agg(c.relname || ' ' || c.relkind::text, ', ' ORDER BY c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'Ddl Schema'$$);
SELECT result FROM run_command_on_workers($$SELECT string_agg(conname, ', ' ORDER BY conname) FROM pg_constraint WHERE connamespace = '"Ddl Schema"'::regnamespace$$);

-- In a transaction block: later statements see the new column; ROLLBACK undoes every shard.
BEGIN;
ALTER TABLE ledger ADD COLUMN tag text DEFAULT 'x';
CREATE INDEX ledger_tag ON ledger (tag);
INSERT INTO ledger (id, holder, tag) VALUES (9, 'ivy', 'y');
SELECT id, tag FROM ledger WHERE id IN (1, 9) ORDER BY id;
ROLLBACK;
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM information_schema.columns WHERE table_name LIKE 'ledger\_%' AND column_name = 'tag'$$);
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'ledger\_tag%'$$);
BEGIN;
ALTER TABLE ledger ADD COLUMN tag text DEFAULT 'x';
UPDATE ledger SET tag = 'z' WHERE id = 2;
COMMIT;
SELECT id, tag FROM ledger ORDER BY id;

-- A failure on one worker aborts everything: a name taken on worker 1 makes CREATE INDEX fail
-- there, and neither the coordinator nor any other shard keeps the index; same for ALTER TABLE.
\c - - - :worker_1_port
CREATE TABLE blocker (x int);
CREATE INDEX ledger_holder_idx_990000 ON blocker (x);
CREATE TABLE ledger_holder_chk_990000 (x int);
\c - - - :coordinator_port
\set VERBOSITY terse
CREATE INDEX ledger_holder_idx ON ledger (holder);
ALTER TABLE ledger ADD COLUMN extra int, ADD CONSTRAINT ledger_holder_chk UNIQUE (id, holder);
\set VERBOSITY default
SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'ledger\_holder%';
SELECT count(*) FROM pg_attribute WHERE attrelid = 'ledger'::regclass AND attname = 'extra';
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_indexes WHERE tablename LIKE 'ledger\_%' AND indexname LIKE 'ledger\_holder%'$$);
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM information_schema.columns WHERE table_name LIKE 'ledger\_%' AND column_name = 'extra'$$);
\c - - - :worker_1_port
DROP TABLE blocker, ledger_holder_chk_990000;
\c - - - :coordinator_port

-- Still refused, and nothing changes: the distribution column, unique constraints without it,
-- foreign keys, other ALTER TABLE subcommands, triggers.
ALTER TABLE ledger DROP COLUMN id;
ALTER TABLE ledger ALTER COLUMN id TYPE bigint;
ALTER TABLE ledger ADD CONSTRAINT holder_unique UNIQUE (holder);
CREATE UNIQUE INDEX ledger_holder_unique ON ledger (holder);
-- (Several rows violate the key; which one a shard reports first varies: terse.)
\set VERBOSITY terse
ALTER TABLE ledger ADD CONSTRAINT to_areas FOREIGN KEY (holder) REFERENCES areas (code);
\set VERBOSITY default
-- A foreign key inline in ADD COLUMN (or among other subcommands): the shards get the column,
-- then the foreign key, which the workers validate.
ALTER TABLE ledger ADD COLUMN area text REFERENCES areas (code);
SELECT DISTINCT result FROM run_command_on_shards('ledger', $$SELECT count(*) FROM pg_constraint WHERE conrelid = '%s'::regclass AND contype = 'f' AND conname = 'ledger_area_fkey'$$);
ALTER TABLE ledger DROP COLUMN area;
\set VERBOSITY terse
ALTER TABLE ledger ADD COLUMN area text DEFAULT 'nowhere', ADD CONSTRAINT ledger_area_fkey FOREIGN KEY (area) REFERENCES areas (code);
\set VERBOSITY default
SELECT count(*) AS area_columns FROM pg_attribute WHERE attrelid = 'ledger'::regclass AND attname = 'area';
CREATE UNIQUE INDEX CONCURRENTLY ledger_holder_unique ON ledger (holder);
ALTER TABLE ledger SET ACCESS METHOD heap;
-- Storage settings reach every shard; REPLICA IDENTITY USING INDEX (a shard's index name) does not.
ALTER TABLE ledger ALTER COLUMN holder SET STATISTICS 500, ALTER COLUMN holder SET STORAGE EXTERNAL;
ALTER TABLE ledger SET (fillfactor = 70, autovacuum_enabled = false), REPLICA IDENTITY FULL;
ALTER TABLE ledger ALTER COLUMN holder SET (n_distinct = 100);
SELECT DISTINCT result FROM run_command_on_shards('ledger', $$SELECT c.reloptions::text || ' ' || c.relreplident::text || ' ' || a.attstattarget || ' ' || a.attstorage::text || ' ' || ('n_distinct=100' = ANY (a.attoptions)) FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid WHERE c.oid = '%s'::regclass AND a.attname = 'holder'$$);
ALTER TABLE ledger RESET (fillfactor), ALTER COLUMN holder RESET (n_distinct), REPLICA IDENTITY DEFAULT;
SELECT DISTINCT result FROM run_command_on_shards('ledger', $$SELECT c.reloptions::text || ' ' || c.relreplident::text || ' ' || coalesce('n_distinct=100' = ANY (a.attoptions), false) FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid WHERE c.oid = '%s'::regclass AND a.attname = 'holder'$$);
ALTER TABLE ledger REPLICA IDENTITY USING INDEX ledger_pkey;
-- A sequence that would wrap around while numbering the existing rows is refused.
ALTER TABLE ledger ADD COLUMN ident int GENERATED ALWAYS AS IDENTITY (MAXVALUE 2 CYCLE);
CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER t BEFORE INSERT ON ledger FOR EACH ROW EXECUTE FUNCTION noop();
SELECT attname FROM pg_attribute WHERE attrelid = 'ledger'::regclass AND attnum > 0
  AND NOT attisdropped ORDER BY attnum;
SELECT count(*) FROM pg_indexes WHERE tablename = 'ledger';
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_indexes WHERE tablename LIKE 'ledger\_%'$$);

-- SET SCHEMA moves every shard to the schema (created on the workers); rolled back, none.
CREATE SCHEMA elsewhere;
BEGIN;
ALTER TABLE ledger SET SCHEMA elsewhere;
SELECT count(*) FROM elsewhere.ledger;
ROLLBACK;
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_tables WHERE schemaname = 'elsewhere'$$);
ALTER TABLE ledger SET SCHEMA elsewhere;
SELECT count(*) FROM elsewhere.ledger WHERE id = 2;
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_tables WHERE schemaname = 'elsewhere' AND tablename LIKE 'ledger\_%'$$);
ALTER TABLE elsewhere.ledger SET SCHEMA public;
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_tables WHERE schemaname = 'elsewhere'$$);

-- CREATE / DROP INDEX CONCURRENTLY: the coordinator's index first, then each shard's, one at a
-- time outside any transaction (valid everywhere); not inside a transaction block.
CREATE INDEX CONCURRENTLY ledger_note ON ledger (note);
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname LIKE 'ledger\_note\_%' AND i.indisvalid$$);
BEGIN;
DROP INDEX CONCURRENTLY ledger_note;
ROLLBACK;
DROP INDEX CONCURRENTLY ledger_note;
SELECT count(*) FROM pg_indexes WHERE tablename = 'ledger';
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_class WHERE relname LIKE 'ledger\_note\_%'$$);

-- DDL on ordinary tables is untouched.
CREATE TABLE plain (id int);
ALTER TABLE plain ADD COLUMN note text;
CREATE INDEX plain_id ON plain (id);
ALTER TABLE plain RENAME TO plain2;
DROP INDEX plain_id;

-- A reference table: every copy numbers its rows alike (see ADD COLUMN serial above).
CREATE TABLE kinds (code text PRIMARY KEY, label text);
SELECT create_reference_table('kinds');
INSERT INTO kinds SELECT 'k' || i, 'label ' || (i % 3) FROM generate_series(1, 12) i;
UPDATE kinds SET label = 'changed' WHERE code IN ('k2', 'k5');
-- The copies hold their rows in different orders: rewrite two rows on the first worker only.
SELECT count(*) FROM run_command_on_placements('kinds', format($$UPDATE %%s SET label = label WHERE code IN ('k1', 'k3') AND current_setting('port')::int = %s$$, :worker_1_port));
SELECT count(DISTINCT result) AS heap_orders FROM run_command_on_placements('kinds', $$SELECT string_agg(code, ',') FROM %s$$);
ALTER TABLE kinds ADD COLUMN ordinal int GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 10) UNIQUE;
SELECT count(*), count(DISTINCT ordinal), min(ordinal), max(ordinal) FROM kinds;
SELECT count(DISTINCT result) AS distinct_copies, count(*) AS copies FROM run_command_on_placements('kinds', $$SELECT string_agg(code || '=' || ordinal, ',' ORDER BY code) FROM %s$$);
INSERT INTO kinds (code) VALUES ('k13') RETURNING ordinal;
BEGIN;
ALTER TABLE kinds ADD COLUMN seq smallserial;
SELECT count(DISTINCT seq) FROM kinds;
ROLLBACK;
SELECT DISTINCT result AS seq_columns_on_shards FROM run_command_on_placements('kinds', $$SELECT count(*) FROM pg_attribute WHERE attrelid = '%s'::regclass AND attname = 'seq'$$);
-- A volatile default or USING expression would give every copy its own values for the rows
-- already there: refused, and nothing changes. Without rows (or stable, like now()) it is fine.
ALTER TABLE kinds ADD COLUMN token uuid DEFAULT gen_random_uuid();
ALTER TABLE kinds ADD COLUMN weight float8 DEFAULT random() NOT NULL;
ALTER TABLE kinds ADD COLUMN at timestamptz DEFAULT clock_timestamp(), ADD COLUMN note text;
ALTER TABLE kinds ALTER COLUMN ordinal TYPE bigint USING ordinal + (random() * 0)::int;
ALTER TABLE kinds ALTER COLUMN ordinal TYPE bigint USING ordinal * 2;
ALTER TABLE kinds ADD COLUMN added timestamptz DEFAULT now();
SELECT count(DISTINCT result) AS distinct_copies, count(*) AS copies FROM run_command_on_placements('kinds', $$SELECT string_agg(k::text, ',' ORDER BY code) FROM %s k$$);
SELECT DISTINCT result AS columns_on_shards FROM run_command_on_placements('kinds', $$SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = '%s'::regclass AND attnum > 0 AND NOT attisdropped$$);
CREATE TABLE kinds_empty (code text PRIMARY KEY);
SELECT create_reference_table('kinds_empty');
ALTER TABLE kinds_empty ADD COLUMN token uuid DEFAULT gen_random_uuid();
INSERT INTO kinds_empty (code) VALUES ('a');
SELECT count(DISTINCT result) AS distinct_copies FROM run_command_on_placements('kinds_empty', $$SELECT string_agg(code || '=' || token, ',') FROM %s$$);
DROP TABLE kinds_empty;
DROP TABLE kinds;

-- SET LOGGED / UNLOGGED, CLUSTER ON and SET WITHOUT CLUSTER reach every shard (CLUSTER ON names
-- each shard's copy of the index), of distributed and reference tables; new shards keep them.
CREATE TABLE spool (id int PRIMARY KEY, body text, at int);
CREATE INDEX spool_at ON spool (at);
SELECT create_distributed_table('spool', 'id', shard_count => 2, colocate_with => 'none');
CREATE TABLE spool_kinds (code text PRIMARY KEY, label text);
SELECT create_reference_table('spool_kinds');
INSERT INTO spool SELECT g, 'b' || g, g % 5 FROM generate_series(1, 20) g;
INSERT INTO spool_kinds VALUES ('a', 'x'), ('b', 'y');
CREATE FUNCTION spool_state(rel regclass) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT DISTINCT result FROM run_command_on_placements(rel, $q$SELECT c.relpersistence::text
        || ' ' || coalesce((SELECT string_agg(regexp_replace(x.relname, '_[0-9]+$', ''), ',')
        FROM pg_index i JOIN pg_class x
        ON x.oid = i.indexrelid WHERE i.indrelid = c.oid AND i.indisclustered), '-')
        FROM pg_class c WHERE c.oid = '%s'::regclass$q$) $$;
ALTER TABLE spool SET UNLOGGED, CLUSTER ON spool_at;
ALTER TABLE spool_kinds SET UNLOGGED, CLUSTER ON spool_kinds_pkey;
SELECT relname, relpersistence FROM pg_class WHERE relname IN ('spool', 'spool_kinds') ORDER BY 1;
SELECT * FROM spool_state('spool');
SELECT * FROM spool_state('spool_kinds');
-- CLUSTER uses the marked index on every shard; the rows stay the same.
CLUSTER spool;
SELECT count(*), sum(id), sum(at) FROM spool;
-- A shard moved to the other node is created unlogged, with the same CLUSTER index.
SELECT citus_move_shard_placement(s.shardid, '127.0.0.1', p.nodeport, '127.0.0.1',
    CASE p.nodeport WHEN :worker_1_port THEN :worker_2_port ELSE :worker_1_port END)
FROM pg_dist_shard s JOIN pg_dist_shard_placement p USING (shardid)
WHERE s.logicalrelid = 'spool'::regclass ORDER BY s.shardid LIMIT 1;
SELECT * FROM spool_state('spool');
SELECT count(*), sum(id), sum(at) FROM spool;
-- The new shards of alter_distributed_table too.
SELECT alter_distributed_table('spool', shard_count => 3);
SELECT * FROM spool_state('spool');
-- A permanent table cannot reference an unlogged one (PostgreSQL's own check, here first).
CREATE TABLE spool_refs (id int, kind text REFERENCES spool_kinds (code));
ALTER TABLE spool SET WITHOUT CLUSTER, SET LOGGED;
ALTER TABLE spool_kinds SET WITHOUT CLUSTER;
ALTER TABLE spool_kinds SET LOGGED;
SELECT * FROM spool_state('spool');
SELECT * FROM spool_state('spool_kinds');
SELECT count(*), sum(id), sum(at) FROM spool;
SELECT count(*) FROM spool_kinds;
-- An index that does not exist, or of another table: PostgreSQL refuses it first.
ALTER TABLE spool CLUSTER ON spool_kinds_pkey;
DROP FUNCTION spool_state(regclass);
DROP TABLE spool, spool_kinds;

-- An owner without USAGE on the table's schema: a superuser's index builds (CREATE INDEX, and
-- the rewrite of ALTER COLUMN TYPE) run as the owner on the coordinator's own empty copy, which
-- must not ask the workers for the shards' size in the owner's name.
CREATE SCHEMA ddl_private;
CREATE TABLE ddl_private.owned (id int PRIMARY KEY, note text);
SELECT create_distributed_table('ddl_private.owned', 'id', shard_count => 2);
INSERT INTO ddl_private.owned SELECT i, 'n' || i FROM generate_series(1, 4) i;
ALTER TABLE ddl_private.owned OWNER TO ddl_owner;
CREATE INDEX owned_note ON ddl_private.owned (note);
ALTER TABLE ddl_private.owned ALTER COLUMN note TYPE varchar(10) USING note || '.';
SELECT count(*), sum(id) FROM ddl_private.owned WHERE note > 'n1';
DROP SCHEMA ddl_private CASCADE;

DROP TABLE ledger, areas, plain2, "Ddl Schema"."Renamed Table";
DROP SEQUENCE ledger_seq;
DROP FUNCTION noop();
DROP SCHEMA elsewhere;
DROP SCHEMA "Ddl Schema";
-- DROP SCHEMA removed the schema on the workers too.
SELECT result AS schemas_left_on_workers
FROM run_command_on_workers($$SELECT count(*) FROM pg_namespace WHERE nspname = 'Ddl Schema'$$);
DROP ROLE ddl_owner;
