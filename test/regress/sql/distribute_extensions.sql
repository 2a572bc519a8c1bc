-- Extensions on the workers: CREATE / ALTER / DROP EXTENSION reach every worker (schema and
-- version as on the coordinator); a table, index or function being distributed gets the
-- extensions it needs on its nodes first; an added node gets the coordinator's extensions.
CREATE FUNCTION worker_extensions() RETURNS SETOF text LANGUAGE sql AS $f$
  SELECT result FROM run_command_on_workers($$SELECT coalesce(string_agg(e.extname || ' ' ||
    e.extversion || ' in ' || n.nspname, ', ' ORDER BY e.extname), 'none')
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname NOT IN ('plpgsql', 'tessera')$$) ORDER BY nodeport
$f$;
SELECT * FROM worker_extensions();

-- An extension created while worker 2 is away: citus_add_node creates it there before the
-- reference table whose default uses it is copied.
SELECT citus_remove_node('127.0.0.1', :worker_2_port);
CREATE EXTENSION "uuid-ossp";
CREATE TABLE tokens (id uuid DEFAULT uuid_generate_v4() PRIMARY KEY, label text);
SELECT create_reference_table('tokens');
INSERT INTO tokens (label) SELECT 'token ' || i FROM generate_series(1, 10) i;
SELECT * FROM worker_extensions();
SELECT citus_add_node('127.0.0.1', :worker_2_port) > 0 AS added;
SELECT * FROM worker_extensions();
SELECT count(DISTINCT id) AS distinct_ids, count(*) FROM tokens;
\c - - - :worker_2_port
SELECT count(*) AS copies FROM pg_class WHERE relname LIKE 'tokens\_%' AND relkind = 'r';
\c - - - :coordinator_port

-- CREATE EXTENSION with workers present: on every worker, in the same transaction.
BEGIN;
CREATE EXTENSION fuzzystrmatch;
ROLLBACK;
SELECT * FROM worker_extensions();
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
-- An older version, updated later; another schema; CASCADE creating a required extension.
CREATE EXTENSION citext VERSION '1.4';
CREATE SCHEMA ext_schema;
CREATE EXTENSION btree_gist SCHEMA ext_schema;
CREATE EXTENSION earthdistance CASCADE;
SELECT * FROM worker_extensions();
ALTER EXTENSION citext UPDATE TO '1.6';
ALTER EXTENSION earthdistance SET SCHEMA ext_schema;
SELECT * FROM worker_extensions();
DROP EXTENSION earthdistance, cube;
DROP EXTENSION IF EXISTS no_such_extension;

-- citext as the distribution column and as a plain column, compared with a local copy.
CREATE TABLE ct (k citext, e citext, n int);
INSERT INTO ct SELECT 'Key' || (i % 7), CASE WHEN i % 2 = 0 THEN 'ABC' ELSE 'abc' END || (i % 3), i
  FROM generate_series(1, 60) i;
CREATE TABLE ct_local AS SELECT * FROM ct;
-- The workers lose citext (as if they never had it): distributing creates it there again.
SELECT result FROM run_command_on_workers('DROP EXTENSION citext') ORDER BY nodeport;
SELECT create_distributed_table('ct', 'k');
SELECT truncate_local_data_after_distributing_table('ct');
SELECT * FROM worker_extensions();
SELECT count(*), sum(n) FROM ct WHERE k = 'KEY3';
SELECT count(*), sum(n) FROM ct_local WHERE k = 'KEY3';
SELECT count(*), sum(n) FROM ct WHERE e = 'abc1';
SELECT count(*), sum(n) FROM ct_local WHERE e = 'abc1';
-- An extension's functions, operators and types are on every worker: k = 'KEY3' (citext's =,
-- in citext's hash operator class) goes to the one shard whose range holds the hash of 'KEY3',
-- which is the hash of 'key3' (citext hashes its lower case), with the filter shipped.
CREATE FUNCTION ext_plan(query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || query LOOP
        IF line ~ '^ *(Task Count|Query):' THEN
            RETURN NEXT regexp_replace(line, '_[0-9]+( |$)', '_N\1');
        END IF;
    END LOOP;
END
$$;
SELECT * FROM ext_plan($$SELECT n FROM ct WHERE k = 'KEY3'$$);
SELECT get_shard_id_for_distribution_column('ct', 'KEY3') =
       get_shard_id_for_distribution_column('ct', 'key3') AS same_shard,
       (SELECT count(DISTINCT get_shard_id_for_distribution_column('ct', k)) FROM ct_local) AS shards;
PREPARE ct_by_key(citext) AS SELECT count(*), sum(n) FROM ct WHERE k = $1;
EXECUTE ct_by_key('KEY3'); EXECUTE ct_by_key('key3'); EXECUTE ct_by_key('Key3');
EXECUTE ct_by_key('kEy3'); EXECUTE ct_by_key('KEY3'); EXECUTE ct_by_key('KEY3');
SELECT * FROM ext_plan($$EXECUTE ct_by_key('KEY3')$$);
DEALLOCATE ct_by_key;
-- Writes by citext keys and conditions run on the workers.
BEGIN;
UPDATE ct SET n = n + 1000 WHERE k = 'key3' AND e = 'ABC1';
UPDATE ct_local SET n = n + 1000 WHERE k = 'key3' AND e = 'ABC1';
DELETE FROM ct WHERE k = 'KEY4' AND e IN ('abc0', 'ABC2');
DELETE FROM ct_local WHERE k = 'KEY4' AND e IN ('abc0', 'ABC2');
(SELECT * FROM ct EXCEPT ALL SELECT * FROM ct_local)
UNION ALL (SELECT * FROM ct_local EXCEPT ALL SELECT * FROM ct);
ROLLBACK;
-- The tessera extension's own functions read the coordinator's metadata: never shipped.
SELECT * FROM ext_plan($$SELECT count(*) FROM ct WHERE n = get_shard_id_for_distribution_column('ct', k)$$);
SELECT lower(e::text) AS e, count(*), sum(n) FROM ct GROUP BY e ORDER BY 1;
(SELECT lower(e::text), count(*), sum(n) FROM ct GROUP BY e)
EXCEPT ALL (SELECT lower(e::text), count(*), sum(n) FROM ct_local GROUP BY e);
SELECT lower(k::text) AS k, count(*) FROM ct GROUP BY k ORDER BY k DESC LIMIT 3;
SELECT lower(k::text) AS k, count(*) FROM ct_local GROUP BY k ORDER BY k DESC LIMIT 3;
SELECT n FROM ct ORDER BY e, n LIMIT 5;
SELECT n FROM ct_local ORDER BY e, n LIMIT 5;
-- A GiST index through btree_gist (in ext_schema) on the distributed table.
CREATE INDEX ct_n_gist ON ct USING gist (n);
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'ct_n_gist%'$$) ORDER BY nodeport;

-- hstore: created after the table was distributed, then a column added.
CREATE TABLE hs (id int, label text);
SELECT create_distributed_table('hs', 'id');
CREATE EXTENSION hstore;
ALTER TABLE hs ADD COLUMN attrs hstore;
INSERT INTO hs SELECT i, 'item ' || i, hstore('color', CASE WHEN i % 2 = 0 THEN 'red' ELSE 'blue' END)
  || hstore('size', i::text) FROM generate_series(1, 20) i;
SELECT count(*) FROM hs WHERE attrs -> 'color' = 'red';
SELECT count(*) FROM hs WHERE attrs ? 'size' AND attrs @> 'color=>blue';
SELECT attrs -> 'size' AS size, akeys(attrs) FROM hs WHERE id = 4;
SELECT attrs -> 'color' AS color, count(*) FROM hs GROUP BY 1 ORDER BY 1;

-- pg_trgm in one transaction with the table and its GIN index, used by a LIKE query.
BEGIN;
CREATE EXTENSION pg_trgm;
CREATE TABLE docs (id int, name text);
SELECT create_distributed_table('docs', 'id');
CREATE INDEX docs_name_trgm ON docs USING gin (name gin_trgm_ops);
COMMIT;
INSERT INTO docs SELECT i, 'document number ' || i FROM generate_series(1, 200) i;
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'docs_name_trgm%'$$) ORDER BY nodeport;
SELECT count(*) FROM docs WHERE name LIKE '%ber 17%';
SELECT id FROM docs WHERE name LIKE '%ber 17%' ORDER BY id;
SELECT round(similarity(name, 'document number 42')::numeric, 2) FROM docs WHERE id = 42;

-- DROP EXTENSION: PostgreSQL refuses without CASCADE; with CASCADE, the coordinator alone
-- would lose the table's index or column, so Tessera refuses too.
DROP EXTENSION pg_trgm;
DROP EXTENSION pg_trgm CASCADE;
DROP EXTENSION hstore CASCADE;
DROP EXTENSION citext CASCADE;
DROP INDEX docs_name_trgm;
DROP EXTENSION pg_trgm;
ALTER TABLE hs DROP COLUMN attrs;
DROP EXTENSION hstore CASCADE;
SELECT * FROM worker_extensions();
-- Nothing distributed uses btree_gist once the index is gone.
DROP INDEX ct_n_gist;
DROP EXTENSION btree_gist;

-- A distributed function taking an extension's type.
CREATE FUNCTION ci_equal(a citext, b citext) RETURNS boolean LANGUAGE sql AS 'SELECT a = b';
SELECT create_distributed_function('ci_equal(citext, citext)');
SELECT result FROM run_command_on_workers($$SELECT ci_equal('A', 'a')$$) ORDER BY nodeport;
DROP FUNCTION ci_equal(citext, citext);

-- ALTER EXTENSION ... ADD / DROP runs on the workers too. The planner ships calls of an
-- extension's members to the workers, so adding a function the workers lack is refused (by the
-- worker, with a hint); once they have it, it is added there too and calls of it are shipped,
-- in this backend at once (the membership cache is invalidated); dropped from the extension,
-- it is computed on the coordinator again. plus_one is not inlined (plpgsql).
CREATE FUNCTION plus_one(int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS 'BEGIN RETURN $1 + 1; END';
SELECT * FROM ext_plan($$SELECT plus_one(n) FROM ct WHERE k = 'KEY3'$$);
\set SHOW_CONTEXT never
ALTER EXTENSION citext ADD FUNCTION plus_one(int);
\set SHOW_CONTEXT errors
SELECT result FROM run_command_on_workers($$CREATE FUNCTION public.plus_one(int) RETURNS int
  LANGUAGE plpgsql IMMUTABLE AS 'BEGIN RETURN $1 + 1; END'$$) ORDER BY nodeport;
ALTER EXTENSION citext ADD FUNCTION plus_one(int);
SELECT result FROM run_command_on_workers($$SELECT e.extname FROM pg_depend d
  JOIN pg_extension e ON e.oid = d.refobjid WHERE d.objid = 'public.plus_one(int)'::regprocedure
  AND d.deptype = 'e'$$) ORDER BY nodeport;
SELECT * FROM ext_plan($$SELECT plus_one(n) FROM ct WHERE k = 'KEY3'$$);
SELECT plus_one(n) FROM ct WHERE k = 'KEY3' ORDER BY 1;
ALTER EXTENSION citext DROP FUNCTION plus_one(int);
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_depend
  WHERE objid = 'public.plus_one(int)'::regprocedure AND deptype = 'e'$$) ORDER BY nodeport;
SELECT * FROM ext_plan($$SELECT plus_one(n) FROM ct WHERE k = 'KEY3'$$);
-- While a worker is disabled, membership changes are refused (activation would not redo them).
SET client_min_messages TO warning;
SELECT citus_disable_node('127.0.0.1', :worker_2_port, synchronous => true);
RESET client_min_messages;
DO $$BEGIN ALTER EXTENSION citext ADD FUNCTION plus_one(int);
EXCEPTION WHEN OTHERS THEN RAISE NOTICE '%', regexp_replace(SQLERRM, ':[0-9]+', ':N'); END$$;
SELECT 1 FROM citus_activate_node('127.0.0.1', :worker_2_port);
DROP FUNCTION plus_one(int);
SELECT result FROM run_command_on_workers('DROP FUNCTION public.plus_one(int)') ORDER BY nodeport;

DROP TABLE ct, ct_local, hs, docs, tokens;
DROP EXTENSION citext, "uuid-ossp";
DROP SCHEMA ext_schema;
DROP FUNCTION worker_extensions();
DROP FUNCTION ext_plan(text);
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_extension WHERE extname NOT IN ('plpgsql', 'tessera')$$) ORDER BY nodeport;
