-- Row triggers on distributed and reference tables (tessera.enable_unsafe_triggers, also named
-- citus.enable_unsafe_triggers). Off (the default): CREATE TRIGGER and distributing a table
-- with triggers are refused, with a hint naming the setting. On: row triggers are created on
-- every shard placement and fire on the workers; the coordinator's table never fires them.
-- DROP / ALTER TRIGGER RENAME / ENABLE / DISABLE follow; moved and new shards keep them.
CREATE SCHEMA trg;
SET search_path TO trg, public;
\set VERBOSITY default
-- The triggers on each shard of a table, with their enabled state (tgenabled).
CREATE FUNCTION public.trg_shard_triggers(t regclass) RETURNS TABLE (triggers text)
LANGUAGE sql AS $$
    SELECT DISTINCT result FROM run_command_on_shards(t,
        $cmd$SELECT coalesce(string_agg(tgname || ' ' || tgenabled::text, ', ' ORDER BY tgname),
                             'none') FROM pg_trigger
             WHERE tgrelid = '%s'::regclass AND NOT tgisinternal$cmd$)
$$;

-- A BEFORE INSERT / UPDATE OF name trigger that normalises names, a BEFORE UPDATE trigger that
-- stamps the row (updated_at style) when the name or the amount changes, and a guard that
-- fails if it ever fires on the coordinator's own table "items" (the shards are items_<id>, the
-- local copy items_local).
CREATE FUNCTION trg.normalise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.name := lower(btrim(NEW.name));
    RETURN NEW;
END$$;
CREATE FUNCTION trg.stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
    RETURN NEW;
END$$;
CREATE FUNCTION trg.guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'items' THEN
        RAISE EXCEPTION 'trigger fired on the coordinator''s table';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END$$;

CREATE TABLE items (tenant int, id int, name text, amount int, version int NOT NULL DEFAULT 0,
                    updated_at timestamptz, PRIMARY KEY (tenant, id));
SELECT create_distributed_table('items', 'tenant', shard_count => 4);
CREATE TABLE ref (code text PRIMARY KEY, label text);
SELECT create_reference_table('ref');

-- Off: refused, for distributed and reference tables alike.
SHOW citus.enable_unsafe_triggers;
CREATE TRIGGER normalise BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION trg.normalise();
CREATE TRIGGER normalise BEFORE INSERT ON ref FOR EACH ROW EXECUTE FUNCTION trg.normalise();
CREATE TABLE pending (id int PRIMARY KEY, name text);
CREATE TRIGGER normalise BEFORE INSERT ON pending FOR EACH ROW EXECUTE FUNCTION trg.normalise();
SELECT create_distributed_table('pending', 'id');
SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'pending'::regclass;

-- On (either name sets the one setting).
SET citus.enable_unsafe_triggers TO on;
SHOW tessera.enable_unsafe_triggers;

-- Refused even when on.
CREATE FUNCTION trg.nothing() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';
CREATE TRIGGER s AFTER INSERT ON items FOR EACH STATEMENT EXECUTE FUNCTION trg.nothing();
CREATE TRIGGER s BEFORE TRUNCATE ON items EXECUTE FUNCTION trg.nothing();
CREATE CONSTRAINT TRIGGER s AFTER INSERT ON items FOR EACH ROW EXECUTE FUNCTION trg.nothing();
CREATE TRIGGER s INSTEAD OF INSERT ON items FOR EACH ROW EXECUTE FUNCTION trg.nothing();
CREATE TRIGGER s AFTER INSERT ON items REFERENCING NEW TABLE AS added
    FOR EACH ROW EXECUTE FUNCTION trg.nothing();
CREATE TABLE parted (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE parted_2024 PARTITION OF parted FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
SELECT create_distributed_table('parted', 'id');
CREATE TRIGGER s BEFORE INSERT ON parted FOR EACH ROW EXECUTE FUNCTION trg.guard();
CREATE TRIGGER s BEFORE INSERT ON parted_2024 FOR EACH ROW EXECUTE FUNCTION trg.guard();
SELECT trg_shard_triggers('items');

-- The triggers, on the distributed table and on a local copy of it.
CREATE TABLE items_local (LIKE items INCLUDING ALL);
CREATE TRIGGER normalise BEFORE INSERT OR UPDATE OF name ON items
    FOR EACH ROW EXECUTE FUNCTION trg.normalise();
CREATE TRIGGER stamp BEFORE UPDATE ON items FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.amount IS DISTINCT FROM NEW.amount)
    EXECUTE FUNCTION trg.stamp();
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE ON items
    FOR EACH ROW EXECUTE FUNCTION trg.guard();
CREATE TRIGGER normalise BEFORE INSERT OR UPDATE OF name ON items_local
    FOR EACH ROW EXECUTE FUNCTION trg.normalise();
CREATE TRIGGER stamp BEFORE UPDATE ON items_local FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.amount IS DISTINCT FROM NEW.amount)
    EXECUTE FUNCTION trg.stamp();
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE ON items_local
    FOR EACH ROW EXECUTE FUNCTION trg.guard();
SELECT trg_shard_triggers('items');
-- The trigger functions became distributed functions (the workers have them).
SELECT p.proname, o.distribution_argument_index FROM pg_dist_object o JOIN pg_proc p ON p.oid = o.objid
 WHERE p.pronamespace = 'trg'::regnamespace ORDER BY 1;
SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_proc WHERE pronamespace = 'trg'::regnamespace$$);

-- The same writes on both; the rows must be equal (but for the time of the stamp).
CREATE FUNCTION public.trg_compare() RETURNS TABLE (side text, tenant int, id int, name text, amount int, version int, stamped bool)
LANGUAGE sql AS $$
    (SELECT 'distributed only', tenant, id, name, amount, version, updated_at IS NOT NULL FROM trg.items
     EXCEPT SELECT 'distributed only', tenant, id, name, amount, version, updated_at IS NOT NULL FROM trg.items_local)
    UNION ALL
    (SELECT 'local only', tenant, id, name, amount, version, updated_at IS NOT NULL FROM trg.items_local
     EXCEPT SELECT 'local only', tenant, id, name, amount, version, updated_at IS NOT NULL FROM trg.items)
    ORDER BY 1, 2, 3
$$;
INSERT INTO items (tenant, id, name, amount) VALUES (1, 1, '  Alpha ', 10), (2, 1, 'BETA', 20), (3, 1, 'Gamma  ', 30);
INSERT INTO items_local (tenant, id, name, amount) VALUES (1, 1, '  Alpha ', 10), (2, 1, 'BETA', 20), (3, 1, 'Gamma  ', 30);
INSERT INTO items (tenant, id, name, amount) SELECT i % 5, i, ' Row ' || i, i FROM generate_series(2, 40) i;
INSERT INTO items_local (tenant, id, name, amount) SELECT i % 5, i, ' Row ' || i, i FROM generate_series(2, 40) i;
COPY items (tenant, id, name, amount) FROM STDIN WITH (FORMAT csv);
7,100,"  COPIED ",1
8,100,Copied Too,2
\.
COPY items_local (tenant, id, name, amount) FROM STDIN WITH (FORMAT csv);
7,100,"  COPIED ",1
8,100,Copied Too,2
\.
-- RETURNING shows the row as the trigger made it.
INSERT INTO items (tenant, id, name, amount) VALUES (9, 1, ' RETURNED ', 1) RETURNING name, version;
INSERT INTO items_local (tenant, id, name, amount) VALUES (9, 1, ' RETURNED ', 1) RETURNING name, version;
INSERT INTO items (tenant, id, name, amount) VALUES (1, 1, 'CONFLICT', 0)
    ON CONFLICT (tenant, id) DO UPDATE SET name = EXCLUDED.name RETURNING name, version;
INSERT INTO items_local (tenant, id, name, amount) VALUES (1, 1, 'CONFLICT', 0)
    ON CONFLICT (tenant, id) DO UPDATE SET name = EXCLUDED.name RETURNING name, version;
-- A single-shard update, a multi-shard one, one the WHEN condition skips, one of another column.
UPDATE items SET name = ' Renamed ' WHERE tenant = 2 AND id = 1 RETURNING name, version, updated_at IS NOT NULL AS stamped;
UPDATE items_local SET name = ' Renamed ' WHERE tenant = 2 AND id = 1 RETURNING name, version, updated_at IS NOT NULL AS stamped;
UPDATE items SET amount = amount + 1 WHERE id % 3 = 0;
UPDATE items_local SET amount = amount + 1 WHERE id % 3 = 0;
UPDATE items SET amount = amount WHERE id % 2 = 0;
UPDATE items_local SET amount = amount WHERE id % 2 = 0;
UPDATE items SET name = upper(name) WHERE tenant = 4;
UPDATE items_local SET name = upper(name) WHERE tenant = 4;
DELETE FROM items WHERE id > 35;
DELETE FROM items_local WHERE id > 35;
SELECT * FROM trg_compare();
SELECT count(*), sum(version), count(updated_at) FROM items;
SELECT count(*), sum(version), count(updated_at) FROM items_local;
SELECT tenant, id, name, amount, version FROM items WHERE tenant IN (1, 2, 7, 8, 9) AND id IN (1, 100) ORDER BY 1, 2;

-- ENABLE / DISABLE TRIGGER, ALTER TRIGGER RENAME and DROP TRIGGER follow on every shard.
ALTER TABLE items DISABLE TRIGGER normalise;
ALTER TABLE items_local DISABLE TRIGGER normalise;
SELECT trg_shard_triggers('items');
INSERT INTO items (tenant, id, name, amount) VALUES (1, 200, ' Not Normalised ', 0);
INSERT INTO items_local (tenant, id, name, amount) VALUES (1, 200, ' Not Normalised ', 0);
ALTER TABLE items ENABLE TRIGGER normalise;
ALTER TABLE items_local ENABLE TRIGGER normalise;
ALTER TRIGGER stamp ON items RENAME TO stamp_row;
ALTER TRIGGER stamp ON items_local RENAME TO stamp_row;
SELECT trg_shard_triggers('items');
UPDATE items SET name = ' AFTER RENAME ' WHERE tenant = 1 AND id = 200;
UPDATE items_local SET name = ' AFTER RENAME ' WHERE tenant = 1 AND id = 200;
SELECT * FROM trg_compare();
SELECT name, version FROM items WHERE tenant = 1 AND id = 200;

-- A shard move keeps the triggers, with their state, and they fire on the new node.
ALTER TABLE items DISABLE TRIGGER guard;
SELECT citus_move_shard_placement(s.shardid, '127.0.0.1', p.nodeport, '127.0.0.1',
           CASE WHEN p.nodeport = :worker_1_port THEN :worker_2_port ELSE :worker_1_port END)
  FROM pg_dist_shard s JOIN pg_dist_shard_placement p USING (shardid)
 WHERE s.logicalrelid = 'items'::regclass AND s.shardid = get_shard_id_for_distribution_column('items', 5);
SELECT trg_shard_triggers('items');
ALTER TABLE items ENABLE TRIGGER guard;
INSERT INTO items (tenant, id, name, amount) VALUES (5, 300, ' MOVED ', 0);
INSERT INTO items_local (tenant, id, name, amount) VALUES (5, 300, ' MOVED ', 0);
UPDATE items SET amount = 1 WHERE tenant = 5 AND id = 300;
UPDATE items_local SET amount = 1 WHERE tenant = 5 AND id = 300;
SELECT name, version, updated_at IS NOT NULL AS stamped FROM items WHERE tenant = 5 AND id = 300;
-- The rows copied by the move did not go through the triggers again.
SELECT * FROM trg_compare();

-- A split (isolating a tenant) gives the new shards the triggers too.
SELECT isolate_tenant_to_new_shard('items', 3, cascade_option => 'CASCADE') > 0 AS isolated;
SELECT trg_shard_triggers('items');
UPDATE items SET name = ' SPLIT ' WHERE tenant = 3 AND id = 3 RETURNING name, version;
UPDATE items_local SET name = ' SPLIT ' WHERE tenant = 3 AND id = 3 RETURNING name, version;
SELECT * FROM trg_compare();

DROP TRIGGER stamp_row ON items;
SELECT trg_shard_triggers('items');

-- A trigger that writes into another table: workers have no metadata, so on the worker the
-- other distributed table does not exist and the write fails there; the whole statement is
-- rolled back. (A trigger can only use what exists on the worker: its own shard row, built-in
-- and distributed functions.)
CREATE TABLE audit (tenant int, id int, what text);
SELECT create_distributed_table('audit', 'tenant', colocate_with => 'items');
CREATE FUNCTION trg.audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO trg.audit VALUES (NEW.tenant, NEW.id, TG_OP);
    RETURN NULL;
END$$;
CREATE TRIGGER audit AFTER INSERT ON items FOR EACH ROW EXECUTE FUNCTION trg.audit();
\set VERBOSITY terse
INSERT INTO items (tenant, id, name, amount) VALUES (1, 400, 'audited', 0);
\set VERBOSITY default
SELECT count(*) FROM items WHERE id = 400;
SELECT count(*) FROM audit;
DROP TRIGGER audit ON items;

-- A reference table: the trigger fires on every placement, so a BEFORE INSERT / UPDATE trigger
-- must give each the same row: its function must be IMMUTABLE (a volatile one, here random(),
-- left the placements with different rows before).
CREATE FUNCTION trg.token() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.label := NEW.label || random()::text;
    RETURN NEW;
END$$;
CREATE TRIGGER token BEFORE INSERT ON ref FOR EACH ROW EXECUTE FUNCTION trg.token();
CREATE TRIGGER token BEFORE UPDATE ON ref FOR EACH ROW EXECUTE FUNCTION trg.token();
SELECT count(*) FROM pg_trigger WHERE tgrelid = 'ref'::regclass AND tgname = 'token';
CREATE TRIGGER token AFTER INSERT ON ref FOR EACH ROW EXECUTE FUNCTION trg.token();
DROP TRIGGER token ON ref;
CREATE TABLE ref_pending (code text PRIMARY KEY, label text);
CREATE TRIGGER token BEFORE INSERT ON ref_pending FOR EACH ROW EXECUTE FUNCTION trg.token();
SELECT create_reference_table('ref_pending');
SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'ref_pending'::regclass;
DROP TABLE ref_pending;
CREATE FUNCTION trg.upper_code() RETURNS trigger LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    NEW.code := upper(NEW.code);
    RETURN NEW;
END$$;
CREATE TRIGGER upper_code BEFORE INSERT OR UPDATE ON ref FOR EACH ROW EXECUTE FUNCTION trg.upper_code();
SELECT trg_shard_triggers('ref');
INSERT INTO ref VALUES ('a', 'x'), ('B', 'y');
UPDATE ref SET label = 'z', code = 'c' WHERE code = 'B';
SELECT * FROM ref ORDER BY code;
SELECT DISTINCT result FROM run_command_on_placements('ref', $$SELECT string_agg(code, ',' ORDER BY code) FROM %s$$);

-- Distributing a table that has triggers (now allowed): its rows are copied to the shards as
-- they are (not through the triggers again), and the shards get the triggers.
CREATE FUNCTION trg.count_up() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.name := NEW.name || '+';
    RETURN NEW;
END$$;
CREATE TRIGGER count_up BEFORE INSERT ON pending FOR EACH ROW EXECUTE FUNCTION trg.count_up();
ALTER TABLE pending DISABLE TRIGGER normalise;
INSERT INTO pending VALUES (1, 'One'), (2, 'Two');
SELECT create_distributed_table('pending', 'id');
SELECT trg_shard_triggers('pending');
INSERT INTO pending VALUES (3, 'Three');
SELECT * FROM pending ORDER BY id;
-- A table with a statement trigger is still refused.
CREATE TABLE pending_statement (id int);
CREATE TRIGGER s AFTER INSERT ON pending_statement EXECUTE FUNCTION trg.nothing();
SELECT create_distributed_table('pending_statement', 'id');

-- undistribute_table: the rows come back as they are, the triggers stay on the local table.
SELECT undistribute_table('pending');
SELECT * FROM pending ORDER BY id;
SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'pending'::regclass ORDER BY 1;

-- A BEFORE trigger that changes the distribution column. The coordinator routed the row by the
-- value in the statement; stored under another value in that shard, reads by the new value
-- would miss it. So each shard of a table with BEFORE INSERT / UPDATE row triggers carries
-- tessera_shard_range_guard (AFTER: it sees the row as every BEFORE trigger left it, whatever
-- their names): a row outside the shard's hash range, or with a NULL key, fails the write and
-- nothing is stored. A change to a value of the same shard is allowed (reads by it find the row
-- there).
-- The worker's CONTEXT line names its port: not shown.
\set SHOW_CONTEXT never
-- Shard ids the errors name (the DETAIL) do not depend on the tests before this one.
ALTER SEQUENCE pg_dist_shardid_seq RESTART 1077000;
CREATE TABLE keyed (k text, v text);
SELECT create_distributed_table('keyed', 'k', shard_count => 4);
CREATE FUNCTION trg.lower_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.k := lower(NEW.k);
    RETURN NEW;
END$$;
-- On UPDATE, v = 'move to X' sets the key to X ('move to null': NULL).
CREATE FUNCTION trg.rekey() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.v LIKE 'move to %' THEN
        NEW.k := nullif(substr(NEW.v, 9), 'null');
    END IF;
    RETURN NEW;
END$$;
CREATE TRIGGER lower_key BEFORE INSERT ON keyed FOR EACH ROW EXECUTE FUNCTION trg.lower_key();
CREATE TRIGGER rekey BEFORE UPDATE ON keyed FOR EACH ROW EXECUTE FUNCTION trg.rekey();
SELECT trg_shard_triggers('keyed');
-- The guard is on the shards only.
SELECT tgname FROM pg_trigger WHERE tgrelid = 'keyed'::regclass ORDER BY 1;
-- 'ABC' and 'abc' are in different shards, 'XYZ' and 'xyz' (and 'C' and 'c') in the same one.
SELECT v, get_shard_id_for_distribution_column('keyed', v) = get_shard_id_for_distribution_column('keyed', lower(v)) AS same_shard
  FROM unnest(ARRAY['ABC', 'DEF', 'XYZ', 'C']) v;
INSERT INTO keyed VALUES ('ABC', 'insert');
\set VERBOSITY terse
INSERT INTO keyed VALUES ('abc', 'multi-row'), ('DEF', 'multi-row');
INSERT INTO keyed SELECT 'DEF', 'insert select';
COPY keyed FROM STDIN WITH (FORMAT csv);
abc,copy
DEF,copy
\.
\set VERBOSITY default
-- Nothing of the failed writes was stored, anywhere.
SELECT count(*) FROM keyed;
SELECT sum(result::int) FROM run_command_on_shards('keyed', 'SELECT count(*) FROM %s');
-- Within the shard: stored, and found by the new value.
INSERT INTO keyed VALUES ('XYZ', 'same shard'), ('abc', 'lower already');
COPY keyed FROM STDIN WITH (FORMAT csv);
C,copy same shard
\.
SELECT * FROM keyed WHERE k = 'xyz';
SELECT * FROM keyed WHERE k = 'c';
SELECT * FROM keyed ORDER BY k;
-- UPDATE: a trigger moving the row to another shard's value, or to NULL, fails; within the
-- shard it works.
UPDATE keyed SET v = 'move to DEF' WHERE k = 'abc';
\set VERBOSITY terse
UPDATE keyed SET v = 'move to null' WHERE k = 'abc';
\set VERBOSITY default
SELECT get_shard_id_for_distribution_column('keyed', 'xyz') = get_shard_id_for_distribution_column('keyed', 'XYZ') AS same_shard;
UPDATE keyed SET v = 'move to XYZ' WHERE k = 'xyz' RETURNING *;
SELECT * FROM keyed WHERE k = 'XYZ';
SELECT * FROM keyed ORDER BY k;

-- ALTER TABLE ... DISABLE TRIGGER ALL / USER leave the guard enabled, so enabling a trigger by
-- name afterwards cannot move rows unchecked.
ALTER TABLE keyed DISABLE TRIGGER ALL;
SELECT trg_shard_triggers('keyed');
ALTER TABLE keyed ENABLE TRIGGER lower_key;
ALTER TABLE keyed DISABLE TRIGGER USER, ENABLE TRIGGER lower_key;
SELECT trg_shard_triggers('keyed');
\set VERBOSITY terse
INSERT INTO keyed VALUES ('ABC', 'after disable all');
\set VERBOSITY default
ALTER TABLE keyed ENABLE TRIGGER USER;
-- The guard's name is not a trigger of the table: it cannot be created, renamed to or dropped.
CREATE TRIGGER tessera_shard_range_guard BEFORE INSERT ON keyed FOR EACH ROW EXECUTE FUNCTION trg.lower_key();
ALTER TRIGGER rekey ON keyed RENAME TO tessera_shard_range_guard;
DROP TRIGGER IF EXISTS tessera_shard_range_guard ON keyed;
SELECT trg_shard_triggers('keyed');

-- A move: the moved shard has the guard, with its range.
SELECT citus_move_shard_placement(s.shardid, '127.0.0.1', p.nodeport, '127.0.0.1',
           CASE WHEN p.nodeport = :worker_1_port THEN :worker_2_port ELSE :worker_1_port END)
  FROM pg_dist_shard s JOIN pg_dist_shard_placement p USING (shardid)
 WHERE s.logicalrelid = 'keyed'::regclass AND s.shardid = get_shard_id_for_distribution_column('keyed', 'ABC');
SELECT trg_shard_triggers('keyed');
\set VERBOSITY terse
INSERT INTO keyed VALUES ('ABC', 'after move');
\set VERBOSITY default
INSERT INTO keyed VALUES ('A', 'after move');
-- A split between the hashes of 'XYZ' and 'xyz': the new shards check their new ranges, so the
-- trigger's change that stayed in the old shard now leaves the new one and fails; 'C' and 'c'
-- stay together.
SELECT citus_split_shard_by_split_points(s.shardid,
           ARRAY[least(worker_hash('XYZ'::text), worker_hash('xyz'::text))::text],
           ARRAY[n.nodeid, n.nodeid])
  FROM pg_dist_shard s JOIN pg_dist_shard_placement p USING (shardid)
  JOIN pg_dist_node n ON n.nodeport = p.nodeport
 WHERE s.logicalrelid = 'keyed'::regclass AND s.shardid = get_shard_id_for_distribution_column('keyed', 'XYZ');
SELECT count(*) AS shards FROM pg_dist_shard WHERE logicalrelid = 'keyed'::regclass;
SELECT get_shard_id_for_distribution_column('keyed', 'xyz') = get_shard_id_for_distribution_column('keyed', 'XYZ') AS same_shard;
SELECT trg_shard_triggers('keyed');
\set VERBOSITY terse
INSERT INTO keyed VALUES ('XYZ', 'after split');
\set VERBOSITY default
INSERT INTO keyed VALUES ('C', 'after split');
SELECT * FROM keyed ORDER BY k, v;
-- Every row is in the shard its key routes to: reads by key find them all.
SELECT (SELECT count(*) FROM keyed WHERE k = 'a') + (SELECT count(*) FROM keyed WHERE k = 'abc') +
       (SELECT count(*) FROM keyed WHERE k = 'c') + (SELECT count(*) FROM keyed WHERE k = 'XYZ')
       = (SELECT count(*) FROM keyed) AS all_found;
-- undistribute_table brings the rows back without the guard; the table's triggers stay.
SELECT undistribute_table('keyed');
SELECT tgname FROM pg_trigger WHERE tgrelid = 'keyed'::regclass ORDER BY 1;
SELECT count(*) FROM keyed;
\set SHOW_CONTEXT errors

-- An enum distribution column: PostgreSQL hashes an enum value by its label's OID, which differs
-- on the workers, so each shard's guard lists the labels of its range instead; labels added or
-- renamed later reach the guards too.
CREATE TYPE trg_mood AS ENUM ('calm', 'glad', 'sad', 'cross');
CREATE TABLE moods (mood trg_mood, n int);
SELECT create_distributed_table('moods', 'mood', shard_count => 4, colocate_with => 'none');
SELECT bool_and(result <> hashenum('glad'::trg_mood)::text) AS worker_hash_differs
FROM run_command_on_workers($$SELECT hashenum('glad'::trg.trg_mood)$$);
CREATE FUNCTION trg.bump() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.n := NEW.n + 1; RETURN NEW; END$$;
CREATE TRIGGER bump BEFORE INSERT OR UPDATE ON moods FOR EACH ROW EXECUTE FUNCTION trg.bump();
INSERT INTO moods SELECT m, 0 FROM unnest(enum_range(NULL::trg_mood)) m;
ALTER TYPE trg_mood ADD VALUE 'bored';
INSERT INTO moods VALUES ('bored', 0);
ALTER TYPE trg_mood RENAME VALUE 'glad' TO 'happy';
INSERT INTO moods VALUES ('happy', 10);
UPDATE moods SET n = n + 1;
SELECT * FROM moods ORDER BY mood, n;
SELECT count(*) FROM moods WHERE mood = 'happy';
-- An array of enums has no label list: refused.
CREATE TABLE mood_sets (moods trg_mood[], n int);
SELECT create_distributed_table('mood_sets', 'moods', shard_count => 2, colocate_with => 'none');
CREATE TRIGGER bump BEFORE INSERT ON mood_sets FOR EACH ROW EXECUTE FUNCTION trg.bump();
DROP TABLE moods, mood_sets;
DROP TYPE trg_mood;

-- Off again: existing triggers can still be dropped, also with their function (CASCADE: the
-- workers drop the distributed function with CASCADE too).
RESET citus.enable_unsafe_triggers;
DROP TRIGGER normalise ON items;
SELECT trg_shard_triggers('items');
DROP FUNCTION trg.upper_code() CASCADE;
SELECT trg_shard_triggers('ref');
INSERT INTO ref VALUES ('d', 'lower case kept');
SELECT * FROM ref ORDER BY code;

SET client_min_messages TO warning;
DROP SCHEMA trg CASCADE;
DROP FUNCTION public.trg_shard_triggers(regclass), public.trg_compare();
