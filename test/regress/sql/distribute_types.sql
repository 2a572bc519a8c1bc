-- Every hashable type can be a distribution column; rows land where their hash says.
SET client_min_messages TO warning;
SELECT success, result FROM run_command_on_workers($$CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy')$$);
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');

CREATE TABLE t_int (k int, v text);
CREATE TABLE t_bigint (k bigint, v text);
CREATE TABLE t_text (k text, v text);
CREATE TABLE t_varchar (k varchar(20), v text);
CREATE TABLE t_uuid (k uuid, v text);
CREATE TABLE t_numeric (k numeric, v text);
CREATE TABLE t_date (k date, v text);
CREATE TABLE t_timestamp (k timestamp, v text);
CREATE TABLE t_timestamptz (k timestamptz, v interval);
CREATE TABLE t_enum (k mood, v text);
CREATE TABLE t_bool (k boolean, v float8);
CREATE TABLE t_bytea (k bytea, v int[]);
INSERT INTO t_int SELECT g, 'v' || g FROM generate_series(1, 500) g;
INSERT INTO t_bigint SELECT g::bigint * 1000000007, NULL FROM generate_series(1, 500) g;
INSERT INTO t_text SELECT 'key ' || g, E'a\\b\tc' FROM generate_series(1, 500) g;
INSERT INTO t_varchar SELECT 'k' || g, '' FROM generate_series(1, 500) g;
INSERT INTO t_uuid SELECT md5(g::text)::uuid, 'x' FROM generate_series(1, 500) g;
INSERT INTO t_numeric SELECT g / 7.0, 'x' FROM generate_series(1, 500) g;
INSERT INTO t_date SELECT '2020-01-01'::date + g, 'x' FROM generate_series(1, 500) g;
INSERT INTO t_timestamp SELECT '2020-01-01'::timestamp + g * interval '37 minutes', 'x' FROM generate_series(1, 500) g;
INSERT INTO t_timestamptz SELECT '2020-01-01 00:00+00'::timestamptz + g * interval '1 hour', g * interval '1 day 3 hours' FROM generate_series(1, 500) g;
INSERT INTO t_enum SELECT (ARRAY['sad','ok','happy']::mood[])[1 + g % 3], 'x' FROM generate_series(1, 500) g;
INSERT INTO t_bool SELECT g % 2 = 0, g / 3.0 FROM generate_series(1, 500) g;
INSERT INTO t_bytea SELECT decode(md5(g::text), 'hex'), ARRAY[g, g + 1] FROM generate_series(1, 500) g;

-- Digests before distributing, to compare once the rows come back.
CREATE TABLE type_digests AS
SELECT 't_timestamptz' AS tbl, md5(string_agg(t::text, '|' ORDER BY k)) AS digest FROM t_timestamptz t
UNION ALL SELECT 't_bytea', md5(string_agg(t::text, '|' ORDER BY k)) FROM t_bytea t
UNION ALL SELECT 't_text', md5(string_agg(t::text, '|' ORDER BY k)) FROM t_text t;

SET DateStyle = 'SQL, DMY';
SELECT create_distributed_table(t, 'k', shard_count => 8)
FROM unnest(ARRAY['t_int', 't_bigint', 't_text', 't_varchar', 't_uuid', 't_numeric', 't_date',
                  't_timestamp', 't_timestamptz', 't_enum', 't_bool', 't_bytea']) t;
RESET DateStyle;
SELECT p.logicalrelid, c.distributioncolumntype::regtype, c.shardcount
FROM pg_dist_partition p JOIN pg_dist_colocation c USING (colocationid)
WHERE p.logicalrelid::text LIKE 't\_%' ORDER BY 1;

SELECT placement_check(:worker_1_port) AS check_worker_1 \gset
SELECT placement_check(:worker_2_port) AS check_worker_2 \gset
\c - - - :worker_1_port
SET client_min_messages TO warning;
CREATE TEMP TABLE totals AS :check_worker_1;
SELECT tbl, misplaced FROM totals ORDER BY tbl;
SELECT string_agg(tbl || '=' || total, ',' ORDER BY tbl) AS worker_1_totals FROM totals \gset
\c - - - :worker_2_port
SET client_min_messages TO warning;
CREATE TEMP TABLE totals AS :check_worker_2;
SELECT tbl, misplaced FROM totals ORDER BY tbl;
-- Rows of both workers add up to the 500 of each table.
SELECT t.tbl, t.total + split_part(w1, '=', 2)::bigint AS rows
FROM totals t
JOIN unnest(string_to_array(:'worker_1_totals', ',')) w1 ON split_part(w1, '=', 1) = t.tbl
ORDER BY t.tbl;
-- The enum table: rows arrived (their placement is checked by the coordinator's hash).
SELECT sum(n) AS enum_rows FROM (
  SELECT (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', tablename), false, true, '')))[1]::text::int AS n
  FROM pg_tables WHERE tablename LIKE 't\_enum\_%') x \gset
\c - - - :worker_1_port
SELECT :enum_rows + sum(n) AS enum_rows FROM (
  SELECT (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', tablename), false, true, '')))[1]::text::int AS n
  FROM pg_tables WHERE tablename LIKE 't\_enum\_%') x;
\c - - - :coordinator_port
SET client_min_messages TO warning;

-- Values come back unchanged (text escapes, timestamps with time zones, intervals, bytea).
SET TimeZone = 'America/New_York';
SELECT undistribute_table('t_timestamptz');
SELECT undistribute_table('t_bytea');
SELECT undistribute_table('t_text');
RESET TimeZone;
SELECT d.tbl, d.digest = x.digest AS same_rows
FROM type_digests d JOIN (
  SELECT 't_timestamptz' AS tbl, md5(string_agg(t::text, '|' ORDER BY k)) AS digest FROM t_timestamptz t
  UNION ALL SELECT 't_bytea', md5(string_agg(t::text, '|' ORDER BY k)) FROM t_bytea t
  UNION ALL SELECT 't_text', md5(string_agg(t::text, '|' ORDER BY k)) FROM t_text t) x USING (tbl)
ORDER BY 1;

DROP TABLE t_int, t_bigint, t_text, t_varchar, t_uuid, t_numeric, t_date, t_timestamp,
           t_timestamptz, t_enum, t_bool, t_bytea, type_digests;
DROP TYPE mood;
SELECT result FROM run_command_on_workers($$SELECT to_regtype('public.mood') IS NULL$$);

-- Enum types and schemas reach the workers: created there as the coordinator has them
-- (labels in order, quotes included; the schema with its owner and grants), also for arrays.
CREATE ROLE types_reader;
CREATE SCHEMA shop;
GRANT USAGE ON SCHEMA shop TO types_reader;
CREATE TYPE shop.status AS ENUM ('new', 'paid', 'it''s shipped');
CREATE TABLE shop.orders (id int, status shop.status, history shop.status[]);
SELECT create_distributed_table('shop.orders', 'id');
INSERT INTO shop.orders VALUES (1, 'paid', '{new,paid}'), (2, 'it''s shipped', NULL), (3, 'new', '{}');
SELECT * FROM shop.orders ORDER BY status, id;
SELECT result FROM run_command_on_workers($$SELECT array_agg(enumlabel ORDER BY enumsortorder)::text FROM pg_enum WHERE enumtypid = 'shop.status'::regtype$$);
SELECT result FROM run_command_on_workers($$SELECT has_schema_privilege('types_reader', 'shop', 'USAGE')$$);
-- New and renamed labels reach the workers (in order).
ALTER TYPE shop.status ADD VALUE 'refunded' AFTER 'paid';
INSERT INTO shop.orders VALUES (4, 'refunded', '{refunded}');
ALTER TYPE shop.status RENAME VALUE 'new' TO 'created';
SELECT * FROM shop.orders ORDER BY status, id;
SELECT id FROM shop.orders WHERE status > 'paid' ORDER BY id;
SELECT result FROM run_command_on_workers($$SELECT array_agg(enumlabel ORDER BY enumsortorder)::text FROM pg_enum WHERE enumtypid = 'shop.status'::regtype$$);
-- a reference table too, and a second table of the same type (already there)
CREATE TABLE shop.steps (status shop.status PRIMARY KEY, label text);
SELECT create_reference_table('shop.steps');
INSERT INTO shop.steps VALUES ('created', 'placed'), ('paid', 'charged');
SELECT o.id, s.label FROM shop.orders o JOIN shop.steps s USING (status) ORDER BY o.id;
-- Domains (over built-in types and over the enum) are created on the workers too, with their
-- defaults and constraints, which the shards then enforce as the coordinator would.
CREATE DOMAIN shop.email AS text COLLATE "C" CHECK (VALUE LIKE '%@%');
CREATE DOMAIN shop.qty AS int NOT NULL DEFAULT 1 CONSTRAINT qty_positive CHECK (VALUE > 0);
CREATE DOMAIN shop.open_status AS shop.status CHECK (VALUE <> 'refunded');
CREATE TABLE shop.lines (id int, buyer shop.email, qty shop.qty, state shop.open_status);
SELECT create_distributed_table('shop.lines', 'id');
INSERT INTO shop.lines VALUES (1, 'a@b', 2, 'paid'), (2, 'c@d', 5, 'created');
\set VERBOSITY terse
INSERT INTO shop.lines VALUES (3, 'no-at', 1, 'paid');
INSERT INTO shop.lines VALUES (4, 'e@f', 0, 'paid');
INSERT INTO shop.lines VALUES (5, 'e@f', 1, 'refunded');
\set VERBOSITY default
SELECT * FROM shop.lines ORDER BY id;
SELECT result FROM run_command_on_workers($$SELECT string_agg(pg_get_constraintdef(oid), ', ' ORDER BY conname) FROM pg_constraint WHERE contypid = 'shop.qty'::regtype$$);
-- ALTER DOMAIN reaches the workers' domain: the shards check what the coordinator checks (an
-- UPDATE the workers run stored 500 under a constraint added here only, which the coordinator
-- then refused to read back). Added constraints are validated against the shards' rows.
SET search_path = shop, public;
ALTER DOMAIN qty ADD CONSTRAINT qty_small CHECK (VALUE < 100);
\set VERBOSITY terse
UPDATE shop.lines SET qty = 500 WHERE id = 1;
UPDATE shop.lines SET qty = qty * 30;
\set VERBOSITY default
DO $$
BEGIN
    ALTER DOMAIN qty ADD CONSTRAINT qty_tiny CHECK (VALUE < 3);
EXCEPTION WHEN check_violation THEN
    RAISE WARNING 'refused: a shard holds a value over the new constraint';
END
$$;
ALTER DOMAIN qty ADD CONSTRAINT qty_tiny CHECK (VALUE < 3) NOT VALID;
ALTER DOMAIN qty DROP CONSTRAINT qty_small;
ALTER DOMAIN qty DROP CONSTRAINT qty_tiny;
UPDATE shop.lines SET qty = 500 WHERE id = 1;
BEGIN;
ALTER DOMAIN qty SET DEFAULT 7;
ROLLBACK;
ALTER DOMAIN qty SET DEFAULT 4;
RESET search_path;
INSERT INTO shop.lines (id, buyer, state) VALUES (6, 'g@h', 'paid');
SELECT id, qty FROM shop.lines ORDER BY id;
SELECT result FROM run_command_on_workers($$SELECT string_agg(pg_get_constraintdef(oid), ', ' ORDER BY conname) || ' default ' || (SELECT typdefault FROM pg_type WHERE oid = 'shop.qty'::regtype) FROM pg_constraint WHERE contypid = 'shop.qty'::regtype$$);
-- DROP ... CASCADE of a type a distributed table's column uses (directly, as an array, through
-- a domain or a composite type) is refused: the column would go here, not on the shards.
DROP DOMAIN shop.qty CASCADE;
DROP TYPE shop.status CASCADE;
-- A composite type (with a domain and an enum inside) as well.
CREATE TYPE shop.line AS (item text COLLATE "C", qty shop.qty, state shop.status);
CREATE TABLE shop.baskets (id int, line shop.line, lines shop.line[]);
SELECT create_distributed_table('shop.baskets', 'id');
INSERT INTO shop.baskets VALUES (1, ('pen', 2, 'paid'), ARRAY[('ink', 1, 'created')::shop.line]);
SELECT id, (line).item, (line).state, lines FROM shop.baskets;
DROP TABLE shop.baskets, shop.lines;
DROP TYPE shop.line;
DROP DOMAIN shop.open_status, shop.qty, shop.email;
-- Dropped here, dropped on the workers too.
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_type WHERE typname IN ('line', 'open_status', 'qty', 'email') AND typnamespace = 'shop'::regnamespace$$);
-- Names in defaults, CHECK constraints, index predicates and ALTER TABLE text resolve on the
-- workers as on the coordinator, whose search_path may hold schemas the workers' does not.
SET search_path = shop, public;
CREATE DOMAIN shop.live_status AS status DEFAULT 'paid' CHECK (VALUE <> 'refunded'::status);
CREATE TABLE shop.tickets (id int, state status DEFAULT 'paid', live live_status, CHECK (state <> 'refunded'::status));
CREATE INDEX tickets_open ON shop.tickets (id) WHERE state = 'created'::status;
SELECT create_distributed_table('shop.tickets', 'id');
ALTER TABLE tickets ADD COLUMN prior status DEFAULT 'created' NOT NULL;
ALTER TABLE tickets ALTER COLUMN state SET DEFAULT 'created'::status;
ALTER TABLE tickets ADD CONSTRAINT tickets_prior CHECK (prior <> 'it''s shipped'::status);
CREATE INDEX tickets_prior_idx ON tickets (prior) WHERE prior = 'paid'::status;
INSERT INTO tickets (id) VALUES (1), (2);
-- (check_violation; the message names the shard)
\set VERBOSITY sqlstate
INSERT INTO tickets VALUES (3, 'refunded');
INSERT INTO tickets (id, state, prior) VALUES (3, 'paid', 'it''s shipped');
INSERT INTO tickets (id, live) VALUES (3, 'refunded');
\set VERBOSITY default
SELECT * FROM tickets ORDER BY id;
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_indexes WHERE schemaname = 'shop' AND indexname LIKE 'tickets\_prior\_idx\_%'$$);
SELECT result FROM run_command_on_workers($$SELECT typdefault FROM pg_type WHERE oid = 'shop.live_status'::regtype$$);
DROP TABLE tickets;
DROP DOMAIN live_status;
SELECT result FROM run_command_on_workers($$SELECT to_regtype('shop.live_status') IS NULL$$);
RESET search_path;
-- A worker whose type has other labels and is used there: a clear error, and the table stays
-- local. Unused there (a leftover), it is replaced.
SELECT success FROM run_command_on_workers($$CREATE TYPE public.size AS ENUM ('s', 'm')$$);
SELECT success FROM run_command_on_workers($$CREATE TABLE public.uses_size (s public.size)$$);
CREATE TYPE size AS ENUM ('s', 'm', 'l');
CREATE TABLE shirts (id int, size size);
\set VERBOSITY terse
SELECT create_distributed_table('shirts', 'id');
\set VERBOSITY default
SELECT count(*) AS distributed FROM pg_dist_partition WHERE logicalrelid = 'shirts'::regclass;
SELECT success FROM run_command_on_workers($$DROP TABLE public.uses_size$$);
SELECT create_distributed_table('shirts', 'id');
INSERT INTO shirts VALUES (1, 'l');
SELECT * FROM shirts;
DROP TABLE shirts;
DROP TYPE size;
SELECT result FROM run_command_on_workers($$SELECT to_regtype('public.size') IS NULL$$);
-- Renamed, moved, re-owned and reshaped types: the same on the workers, and their tables work on.
CREATE TYPE shop.mood AS ENUM ('sad', 'fine');
CREATE TYPE shop.point2 AS (x float8, y float8);
CREATE DOMAIN shop.pos AS int CHECK (VALUE > 0);
CREATE TABLE shop.moods (id int, m shop.mood, p shop.point2, n shop.pos);
SELECT create_distributed_table('shop.moods', 'id', shard_count => 2);
INSERT INTO shop.moods VALUES (1, 'fine', '(1,2)', 3), (2, 'sad', '(3,4)', 4);
ALTER TYPE shop.mood RENAME TO feeling;
ALTER TYPE shop.point2 RENAME ATTRIBUTE y TO why;
ALTER TYPE shop.point2 ADD ATTRIBUTE z int;
ALTER DOMAIN shop.pos RENAME CONSTRAINT pos_check TO positive;
ALTER DOMAIN shop.pos RENAME TO positive_int;
CREATE SCHEMA shop_types;
ALTER TYPE shop.point2 SET SCHEMA shop_types;
ALTER TYPE shop.feeling OWNER TO CURRENT_USER;
SELECT id, m, (p).why, p FROM shop.moods WHERE m = 'fine'::shop.feeling;
INSERT INTO shop.moods VALUES (3, 'sad', '(5,6,7)', 5);
SELECT id, m, p, n FROM shop.moods ORDER BY id;
SELECT result FROM run_command_on_workers($$SELECT to_regtype('shop.feeling') IS NOT NULL AND to_regtype('shop_types.point2') IS NOT NULL AND to_regtype('shop.positive_int') IS NOT NULL$$);
-- A rolled back rename is rolled back on the workers too.
BEGIN;
ALTER TYPE shop.feeling RENAME TO mood;
ROLLBACK;
SELECT count(*) FROM shop.moods WHERE m = 'sad'::shop.feeling;
DROP TABLE shop.moods;
DROP TYPE shop.feeling, shop_types.point2;
DROP DOMAIN shop.positive_int;
DROP SCHEMA shop_types;
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_type WHERE typname IN ('feeling', 'point2', 'positive_int')$$);
-- Types and collations created after a table was distributed reach the workers when ALTER
-- TABLE uses them; a nondeterministic collation compares on the shards as here.
CREATE TABLE shop.contacts (id int PRIMARY KEY);
SELECT create_distributed_table('shop.contacts', 'id', shard_count => 2);
CREATE TYPE shop.channel AS ENUM ('mail', 'phone');
CREATE COLLATION shop.nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
ALTER TABLE shop.contacts ADD COLUMN via shop.channel DEFAULT 'mail', ADD COLUMN email text COLLATE shop.nocase;
INSERT INTO shop.contacts VALUES (1, 'phone', 'Ann@Example.org'), (2, DEFAULT, 'ann@example.ORG'), (3, 'mail', 'bo@example.org');
SELECT id, via FROM shop.contacts WHERE email = 'ANN@example.org' ORDER BY id;
SELECT count(DISTINCT email) FROM shop.contacts;
CREATE TABLE shop.people (email text COLLATE shop.nocase PRIMARY KEY, id int);
SELECT create_distributed_table('shop.people', 'email');
INSERT INTO shop.people VALUES ('Cy@example.org', 1), ('dee@example.org', 2);
SELECT id FROM shop.people WHERE email = 'CY@EXAMPLE.ORG';
-- (unique_violation: equal under the collation, so the same shard; the message names the shard)
\set VERBOSITY sqlstate
INSERT INTO shop.people VALUES ('cy@EXAMPLE.org', 3);
\set VERBOSITY default
DROP TABLE shop.contacts, shop.people;
DROP TYPE shop.channel;
DROP COLLATION shop.nocase;
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_collation WHERE collname = 'nocase'$$);
-- Range types (with their multirange types) reach the workers too, over an enum, with a
-- collation or a subtype_diff function; a function the workers lack is refused first.
CREATE FUNCTION shop.time_diff(x time, y time) RETURNS float8 LANGUAGE sql STRICT IMMUTABLE AS 'SELECT extract(epoch FROM (x - y))';
CREATE TYPE shop.shift AS RANGE (subtype = time, subtype_diff = shop.time_diff);
CREATE TYPE shop.status_span AS RANGE (subtype = shop.status, multirange_type_name = shop.status_spans);
CREATE TYPE shop.name_span AS RANGE (subtype = text, collation = "C");
CREATE TABLE shop.rosters (id int PRIMARY KEY, hours shop.shift, states shop.status_span);
SELECT create_distributed_table('shop.rosters', 'id', shard_count => 2);
SELECT create_distributed_function('shop.time_diff(time, time)');
SELECT create_distributed_table('shop.rosters', 'id', shard_count => 2);
INSERT INTO shop.rosters VALUES (1, '[09:00,17:00)', '[created,paid]'), (2, '(08:00,12:00]', 'empty');
ALTER TABLE shop.rosters ADD COLUMN many shop.status_spans DEFAULT '{[created,created]}', ADD COLUMN names shop.name_span[] DEFAULT '{"[a,b)"}';
CREATE INDEX ON shop.rosters USING gist (hours);
SELECT * FROM shop.rosters ORDER BY id;
SELECT id FROM shop.rosters WHERE hours @> '10:00'::time AND states @> 'paid'::shop.status AND many @> 'created'::shop.status;
SELECT result FROM run_command_on_workers($$SELECT string_agg(t.typname || ':' || coalesce(p.proname, '-') || ':' || coalesce(c.collname, '-'), ', ' ORDER BY t.typname) FROM pg_type t JOIN pg_range r ON r.rngtypid = t.oid LEFT JOIN pg_proc p ON p.oid = r.rngsubdiff LEFT JOIN pg_collation c ON c.oid = r.rngcollation WHERE t.typnamespace = 'shop'::regnamespace$$);
DROP TABLE shop.rosters;
DROP TYPE shop.shift, shop.status_span, shop.name_span;
DROP FUNCTION shop.time_diff(time, time);
DROP TABLE shop.orders, shop.steps;
DROP TYPE shop.status;
DROP SCHEMA shop;
-- DROP SCHEMA removed the schema on the workers too.
SELECT result AS schemas_left_on_workers
FROM run_command_on_workers($$SELECT count(*) FROM pg_namespace WHERE nspname = 'shop'$$);
DROP ROLE types_reader;
