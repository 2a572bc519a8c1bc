-- User-defined functions on distributed tables: functions that are not distributed run on the
-- coordinator; create_distributed_function creates a function on every worker (with its
-- schema and argument types), records it in pg_dist_object, and shard queries then call it
-- there. Changes and DROP follow on the workers; a node added later gets it.
CREATE SCHEMA fn;
SET search_path TO fn, public;
-- EXPLAIN without the varying ports and shard ids.
CREATE FUNCTION public.fn_explain(query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF, VERBOSE) ' || query LOOP
        RETURN NEXT regexp_replace(regexp_replace(line, 'port=[0-9]+', 'port=N'),
                                   '_[0-9]{4,}', '_N', 'g');
    END LOOP;
END
$$;
CREATE TYPE fn.pair AS (x int, y int);
CREATE FUNCTION fn.twice(int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS 'BEGIN RETURN $1 * 2; END';
CREATE FUNCTION fn.plus_one(v int) RETURNS int LANGUAGE sql STABLE AS 'SELECT v + 1';
CREATE FUNCTION fn.local_only(int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS 'BEGIN RETURN $1 * 10; END';
CREATE FUNCTION fn.pair_sum(fn.pair) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1.x + $1.y';
CREATE FUNCTION fn.bump(v int) RETURNS int LANGUAGE plpgsql VOLATILE AS 'BEGIN RETURN v + 3; END';

-- A node added later gets the distributed functions: worker 2 leaves, comes back after.
SELECT citus_remove_node('127.0.0.1', :worker_2_port);
SELECT create_distributed_function('fn.pair_sum(fn.pair)');
SELECT citus_add_node('127.0.0.1', :worker_2_port) > 0 AS added;
SELECT success, result FROM run_command_on_workers(
    $$SELECT fn.pair_sum(ROW(2, 3)::fn.pair)$$);

CREATE TABLE items (id int, v int);
SELECT create_distributed_table('items', 'id', shard_count => 4);
INSERT INTO items SELECT i, i FROM generate_series(1, 10) i;

-- Before: user functions are evaluated on the coordinator (the filter stays there).
SELECT fn_explain('SELECT count(*) FROM items WHERE twice(v) > 10');
SELECT count(*) FROM items WHERE twice(v) > 10;

SELECT create_distributed_function('fn.twice(int)');
SELECT create_distributed_function('fn.plus_one(int)', 'v', colocate_with => 'items');
SELECT create_distributed_function('fn.bump(int)', '$1');
-- Again: re-created on the workers, the row replaced.
SELECT create_distributed_function('fn.plus_one(int)', '$1', force_delegation => true);
SELECT objid::regprocedure AS function, distribution_argument_index, colocationid > 0 AS colocated,
       force_delegation
  FROM pg_dist_object ORDER BY 1::text;
SELECT success, result FROM run_command_on_workers(
    $$SELECT string_agg(p.oid::regprocedure::text || ' ' || pg_get_userbyid(p.proowner), ', '
                        ORDER BY p.proname)
      FROM pg_proc p WHERE p.pronamespace = 'fn'::regnamespace$$);

-- After: distributed immutable and stable functions run on the workers, in WHERE, the select
-- list and GROUP BY; the one that is not distributed, and volatile ones, on the coordinator.
SELECT fn_explain('SELECT count(*) FROM items WHERE twice(v) > 10');
SELECT count(*) FROM items WHERE twice(v) > 10;
SELECT sum(twice(v)), sum(plus_one(v)), sum(local_only(v)), sum(bump(v)),
       sum(pair_sum(ROW(id, v)::pair)) FROM items;
SELECT fn_explain('SELECT twice(v) % 3 AS g, count(*) FROM items GROUP BY 1 ORDER BY 1');
SELECT twice(v) % 3 AS g, count(*) FROM items GROUP BY 1 ORDER BY 1;
-- An operator made by users (here over a built-in function) stays on the coordinator too: the
-- workers do not have it (they failed with "operator does not exist" before), in reads, router
-- queries, UPDATE and DELETE.
CREATE OPERATOR fn.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq);
SELECT fn_explain('SELECT count(*) FROM items WHERE v === 3');
SELECT count(*) FROM items WHERE v === 3;
SELECT count(*) FROM items WHERE id = 4 AND v === 4;
SELECT count(*) FILTER (WHERE v === ANY (ARRAY[1, 2])) FROM items;
BEGIN;
UPDATE items SET v = v + 100 WHERE v === 5;
DELETE FROM items WHERE v === 6;
SELECT id, v FROM items WHERE id IN (5, 6) ORDER BY id;
ROLLBACK;
SELECT fn_explain('SELECT count(*) FROM items WHERE local_only(v) > 10');
SELECT count(*) FROM items WHERE local_only(v) > 10;
SELECT v, plus_one(v) FROM items WHERE id = 3;
PREPARE by_id(int) AS SELECT twice(v) FROM items WHERE id = $1;
EXECUTE by_id(4); EXECUTE by_id(4); EXECUTE by_id(4); EXECUTE by_id(4); EXECUTE by_id(4);
EXECUTE by_id(4);
DEALLOCATE by_id;

-- Writes: UPDATE SET and INSERT ... SELECT with them, RETURNING of a distributed function.
CREATE TABLE items_copy (id int, v int);
SELECT create_distributed_table('items_copy', 'id', colocate_with => 'items');
INSERT INTO items_copy SELECT id, twice(v) FROM items;
INSERT INTO items_copy SELECT id, local_only(v) FROM items;
UPDATE items_copy SET v = plus_one(v) WHERE id <= 5;
UPDATE items_copy SET v = local_only(v) WHERE id = 1;
SELECT count(*), sum(v) FROM items_copy;
INSERT INTO items_copy VALUES (20, 20) RETURNING twice(v), plus_one(v);
INSERT INTO items_copy VALUES (21, 21) RETURNING local_only(v);

-- Shard DDL may use distributed functions: CHECK, DEFAULT, generated column, index expression.
CREATE TABLE checked (id int, v int CHECK (twice(v) < 100) DEFAULT plus_one(1),
                      w int GENERATED ALWAYS AS (twice(v)) STORED);
CREATE INDEX checked_twice ON checked (twice(v));
SELECT create_distributed_table('checked', 'id');
INSERT INTO checked (id) VALUES (1);
DO $$
BEGIN
    INSERT INTO fn.checked (id, v) VALUES (2, 60);
EXCEPTION WHEN check_violation THEN
    RAISE NOTICE 'the shard''s check constraint refused v = 60';
END
$$;
SELECT * FROM checked ORDER BY id;
ALTER TABLE items ADD CONSTRAINT items_v_check CHECK (plus_one(v) > 0);
ALTER TABLE items DROP CONSTRAINT items_v_check;

-- Changes follow on the workers: CREATE OR REPLACE, ALTER, privileges, rename, SET SCHEMA,
-- OWNER TO.
CREATE OR REPLACE FUNCTION fn.twice(int) RETURNS int LANGUAGE plpgsql IMMUTABLE
    AS 'BEGIN RETURN $1 + $1; END';
ALTER FUNCTION fn.plus_one(int) SET work_mem = '5MB';
SELECT success, result FROM run_command_on_workers(
    $$SELECT prosrc || ' ' || (SELECT proconfig::text FROM pg_proc WHERE proname = 'plus_one')
      FROM pg_proc WHERE proname = 'twice'$$);
CREATE ROLE fn_reader LOGIN;
CREATE ROLE fn_other LOGIN;
GRANT USAGE ON SCHEMA fn TO fn_reader, fn_other;
GRANT SELECT ON items TO fn_reader, fn_other;
REVOKE EXECUTE ON FUNCTION fn.twice(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fn.twice(int) TO fn_reader;
SELECT success, result FROM run_command_on_workers(
    $$SELECT proacl::text FROM pg_proc WHERE proname = 'twice'$$);
SET ROLE fn_reader;
SELECT count(*) FROM items WHERE twice(v) > 10;
RESET ROLE;
\set VERBOSITY terse
SET ROLE fn_other;
SELECT count(*) FROM items WHERE twice(v) > 10;
RESET ROLE;
\set VERBOSITY default
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA fn TO fn_other;
SET ROLE fn_other;
SELECT count(*) FROM items WHERE twice(v) > 10;
RESET ROLE;
CREATE SCHEMA fn_moved;
ALTER FUNCTION fn.bump(int) RENAME TO bumped;
ALTER FUNCTION fn.bumped(int) SET SCHEMA fn_moved;
ALTER FUNCTION fn_moved.bumped(int) OWNER TO fn_reader;
SELECT success, result FROM run_command_on_workers(
    $$SELECT p.oid::regprocedure::text || ' ' || pg_get_userbyid(p.proowner)
      FROM pg_proc p WHERE proname = 'bumped'$$);

-- Errors: nothing created or recorded.
\set VERBOSITY terse
SELECT create_distributed_function('fn.missing(int)');
SELECT create_distributed_function(NULL);
SELECT create_distributed_function('fn.twice(int)', 'nope');
SELECT create_distributed_function('fn.twice(int)', '$2');
SELECT create_distributed_function('fn.twice(int)', '$0');
SELECT create_distributed_function('fn.twice(int)', colocate_with => 'items');
SELECT create_distributed_function('fn.twice(int)', force_delegation => true);
SELECT create_distributed_function('fn.pair_sum(fn.pair)', '$1');
SELECT create_distributed_function('fn.twice(int)', '$1', colocate_with => 'none');
SELECT create_distributed_function('fn.twice(int)', '$1', colocate_with => 'pg_class');
CREATE TABLE text_keyed (k text);
SELECT create_distributed_table('text_keyed', 'k');
SELECT create_distributed_function('fn.twice(int)', '$1', colocate_with => 'text_keyed');
DROP TABLE text_keyed;
SELECT create_distributed_function('abs(int)');
CREATE AGGREGATE fn.total(int) (sfunc = int4pl, stype = int);
SELECT create_distributed_function('fn.total(int)');
CREATE FUNCTION fn.item_v(items) RETURNS int LANGUAGE sql AS 'SELECT $1.v';
SELECT create_distributed_function('fn.item_v(items)');
SET ROLE fn_other;
SELECT create_distributed_function('fn.local_only(int)');
RESET ROLE;
-- A worker that cannot be reached: nothing created anywhere, nothing recorded.
BEGIN;
UPDATE pg_dist_node SET nodeport = 1 WHERE nodeport = :worker_2_port;
SELECT create_distributed_function('fn.local_only(int)');
ROLLBACK;
\set VERBOSITY default
SELECT count(*) AS recorded FROM pg_dist_object WHERE objid = 'fn.local_only(int)'::regprocedure;
SELECT success, result FROM run_command_on_workers(
    $$SELECT count(*) FROM pg_proc WHERE proname IN ('local_only', 'item_v', 'total')$$);
-- Shard DDL that calls a function the workers lack: refused before anything is sent, with a
-- hint to distribute the function; nothing created.
CREATE TABLE checked_local (id int, v int CHECK (local_only(v) < 100));
SELECT create_distributed_table('checked_local', 'id');
SELECT count(*) AS distributed FROM pg_dist_partition WHERE logicalrelid = 'checked_local'::regclass;
\set VERBOSITY terse
CREATE TABLE generated_local (id int, g int GENERATED ALWAYS AS (local_only(id)) STORED);
SELECT create_reference_table('generated_local');
CREATE TABLE indexed_local (id int, v int);
CREATE INDEX indexed_local_expr ON indexed_local (local_only(v));
SELECT create_distributed_table('indexed_local', 'id');
DROP INDEX indexed_local_expr;
CREATE INDEX indexed_local_part ON indexed_local (v) WHERE local_only(v) > 0;
SELECT create_distributed_table('indexed_local', 'id');
DROP INDEX indexed_local_part;
-- The same for ALTER TABLE and CREATE INDEX on a distributed table.
SELECT create_distributed_table('indexed_local', 'id');
ALTER TABLE indexed_local ADD CONSTRAINT small CHECK (local_only(v) < 100);
ALTER TABLE indexed_local ADD COLUMN w int CHECK (local_only(w) < 100);
ALTER TABLE indexed_local ADD COLUMN g int GENERATED ALWAYS AS (local_only(id)) STORED;
CREATE INDEX indexed_local_expr ON indexed_local (local_only(v));
CREATE INDEX indexed_local_part ON indexed_local (v) WHERE local_only(v) > 0;
\set VERBOSITY default
SELECT count(*) AS local_changes FROM pg_constraint WHERE conrelid = 'indexed_local'::regclass;
SELECT count(*) AS local_indexes FROM pg_index WHERE indrelid = 'indexed_local'::regclass;
-- A default is computed on the coordinator, so it may call any function.
ALTER TABLE indexed_local ALTER COLUMN v SET DEFAULT local_only(0);
INSERT INTO indexed_local (id) VALUES (1);
SELECT * FROM indexed_local;
-- Once the function is distributed, the constraint reaches the shards and holds there.
SELECT create_distributed_function('fn.local_only(int)');
ALTER TABLE indexed_local ADD CONSTRAINT small CHECK (local_only(v) < 100);
DO $$
BEGIN
    INSERT INTO indexed_local VALUES (2, 500);
EXCEPTION WHEN check_violation THEN
    RAISE NOTICE 'refused by the shard: %', SQLERRM;
END $$;
SELECT create_distributed_table('checked_local', 'id');
DROP TABLE generated_local, indexed_local;
-- An index over SQL functions: the shards' copies call the functions too (not their inlined
-- bodies), so DROP FUNCTION ... CASCADE drops them with the table's index, and the name is free.
CREATE FUNCTION fn.positive(x int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT x > 0';
CREATE FUNCTION fn.halved(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x / 2';
SELECT create_distributed_function('fn.positive(int)');
SELECT create_distributed_function('fn.halved(int)');
CREATE TABLE inlined (id int, v int);
CREATE INDEX inlined_part ON inlined (id) WHERE positive(v);
SELECT create_distributed_table('inlined', 'id', shard_count => 2);
CREATE INDEX inlined_expr ON inlined (halved(v));
SELECT DISTINCT regexp_replace(result, '_[0-9]+', '_N', 'g') AS shard_indexes FROM run_command_on_shards('inlined', $$SELECT string_agg(pg_get_indexdef(indexrelid), '; ' ORDER BY indexrelid) FROM pg_index WHERE indrelid = '%s'::regclass$$);
DROP FUNCTION fn.positive(int) CASCADE;
DROP FUNCTION fn.halved(int) CASCADE;
SELECT DISTINCT result AS shard_indexes FROM run_command_on_shards('inlined', $$SELECT count(*) FROM pg_index WHERE indrelid = '%s'::regclass$$);
CREATE INDEX inlined_part ON inlined (id);
DROP TABLE inlined;

-- DROP: the function goes on the workers too, also through DROP SCHEMA ... CASCADE.
DROP TABLE checked, checked_local;
DROP FUNCTION fn_moved.bumped(int);
DROP SCHEMA fn CASCADE;
SELECT count(*) AS recorded FROM pg_dist_object;
SELECT success, result FROM run_command_on_workers(
    $$SELECT count(*) FROM pg_proc WHERE proname IN ('twice', 'plus_one', 'pair_sum', 'bumped')$$);
DROP SCHEMA fn_moved;
DROP ROLE fn_reader, fn_other;
DROP FUNCTION public.fn_explain(text);
RESET search_path;
