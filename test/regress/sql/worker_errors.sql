-- Errors and notices raised on workers read as PostgreSQL's own: shard names of tables, indexes
-- and index-backed constraints become the coordinator's names in the message, DETAIL, HINT and
-- the table / constraint fields; the SQLSTATE is the worker's. Every case runs on a distributed
-- schema (dist) and on a local copy (vanilla) to show that both say the same. Errors about
-- objects that exist or not on a worker keep the worker's names (see distribute_ddl).
\set SHOW_CONTEXT never
ALTER SEQUENCE pg_dist_shardid_seq RESTART 880000;
CREATE SCHEMA dist;
CREATE SCHEMA vanilla;

-- The same tables in both schemas.
CREATE FUNCTION make_tables(s text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SET LOCAL search_path TO %I', s);
    CREATE TABLE cur (code text PRIMARY KEY, EXCLUDE USING btree (lower(code) WITH =));
    CREATE TABLE owners (tenant int, id int, PRIMARY KEY (tenant, id));
    CREATE TABLE acc (tenant int, id int, email text NOT NULL, code text REFERENCES cur,
                      owner int, balance int CHECK (balance >= 0),
                      PRIMARY KEY (tenant, id), UNIQUE (tenant, email),
                      FOREIGN KEY (tenant, owner) REFERENCES owners);
    -- 56 characters: the shard names fit NAMEDATALEN exactly; 60: they are shortened
    CREATE TABLE name_of_fifty_six_characters_xxxxxxxxxxxxxxxxxxxxxxxxxx (k int PRIMARY KEY,
        v int CONSTRAINT v_is_small CHECK (v < 10));
    CREATE TABLE name_of_sixty_characters_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx (k int PRIMARY KEY,
        v int CONSTRAINT v_is_small CHECK (v < 10));
END $$;
SELECT make_tables('dist'), make_tables('vanilla');
SELECT create_reference_table('dist.cur');
SELECT create_distributed_table('dist.owners', 'tenant', shard_count => 4);
SELECT create_distributed_table('dist.acc', 'tenant', colocate_with => 'dist.owners');
SELECT create_distributed_table('dist.name_of_fifty_six_characters_xxxxxxxxxxxxxxxxxxxxxxxxxx', 'k', shard_count => 2);
SELECT create_distributed_table('dist.name_of_sixty_characters_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'k', shard_count => 2);
-- The shard names of each, as the workers have them: 63 characters, the longer one shortened.
SELECT logicalrelid::regclass::text = 'dist.name_of_sixty_characters_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' AS sixty,
       length(split_part(shard_name(logicalrelid, shardid), '.', 2)) AS length,
       shard_name(logicalrelid, shardid) LIKE '%' || shardid AS with_shard_id
  FROM pg_dist_shard WHERE logicalrelid::text LIKE 'dist.name_of%'
 ORDER BY 1, shardid;

-- Runs `stmt` in dist, then in vanilla; one row per schema with what failed, and how.
CREATE FUNCTION twice(stmt text) RETURNS TABLE (side text, state text, message text, detail text,
                                               table_name text, constraint_name text,
                                               column_name text)
LANGUAGE plpgsql AS $$
DECLARE
    s text;
BEGIN
    FOREACH s IN ARRAY ARRAY['dist', 'vanilla'] LOOP
        side := s;
        state := 'ok';
        message := NULL; detail := NULL; table_name := NULL; constraint_name := NULL;
        column_name := NULL;
        BEGIN
            EXECUTE format('SET LOCAL search_path TO %I', s);
            EXECUTE stmt;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                detail = PG_EXCEPTION_DETAIL, table_name = TABLE_NAME,
                constraint_name = CONSTRAINT_NAME, column_name = COLUMN_NAME;
        END;
        RETURN NEXT;
    END LOOP;
END $$;

SELECT * FROM twice($$INSERT INTO cur VALUES ('EUR'), ('USD')$$);
SELECT * FROM twice($$INSERT INTO owners VALUES (1, 1), (2, 2), (3, 3)$$);
SELECT * FROM twice($$INSERT INTO acc VALUES (1, 1, 'a@x', 'EUR', 1, 10), (2, 2, 'b@x', 'USD', 2, 5)$$);

-- unique: primary key, UNIQUE constraint
SELECT * FROM twice($$INSERT INTO acc VALUES (1, 1, 'c@x', 'EUR', 1, 0)$$);
SELECT * FROM twice($$INSERT INTO acc VALUES (1, 2, 'a@x', 'EUR', 1, 0)$$);
-- check, not-null (not the distribution column: the worker raises it)
SELECT * FROM twice($$INSERT INTO acc VALUES (1, 3, 'd@x', 'EUR', 1, -1)$$);
SELECT * FROM twice($$INSERT INTO acc VALUES (1, 3, NULL, 'EUR', 1, 1)$$);
-- foreign keys: to the reference table, to the colocated table, and the referenced side
SELECT * FROM twice($$INSERT INTO acc VALUES (1, 3, 'd@x', 'GBP', 1, 1)$$);
SELECT * FROM twice($$INSERT INTO acc VALUES (3, 3, 'd@x', 'EUR', 9, 1)$$);
SELECT * FROM twice($$DELETE FROM cur WHERE code = 'USD'$$);
SELECT * FROM twice($$DELETE FROM owners WHERE tenant = 1$$);
-- exclusion (reference table)
SELECT * FROM twice($$INSERT INTO cur VALUES ('eur')$$);
-- the error of a later row of a multi-row INSERT over several shards
SELECT * FROM twice($$INSERT INTO acc VALUES (3, 7, 'e@x', 'EUR', 3, 1), (2, 7, 'b@x', 'EUR', 2, 1)$$);
-- UPDATE, INSERT ... ON CONFLICT
SELECT * FROM twice($$UPDATE acc SET balance = balance - 8 WHERE tenant = 2$$);
SELECT * FROM twice($$UPDATE acc SET email = 'a@x' WHERE tenant = 1 AND id = 1 OR tenant = 2$$);
SELECT * FROM twice($$INSERT INTO acc VALUES (1, 1, 'z@x', 'EUR', 1, 0) ON CONFLICT (tenant, id) DO UPDATE SET balance = -5$$);
SELECT * FROM twice($$INSERT INTO acc VALUES (1, 9, 'a@x', 'EUR', 1, 0) ON CONFLICT (tenant, id) DO NOTHING$$);
-- long names: the shortened shard names are recognised too
SELECT * FROM twice($$INSERT INTO name_of_fifty_six_characters_xxxxxxxxxxxxxxxxxxxxxxxxxx VALUES (1, 1), (1, 2)$$);
SELECT * FROM twice($$INSERT INTO name_of_fifty_six_characters_xxxxxxxxxxxxxxxxxxxxxxxxxx VALUES (2, 10)$$);
SELECT * FROM twice($$INSERT INTO name_of_sixty_characters_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx VALUES (1, 1), (1, 2)$$);
SELECT * FROM twice($$INSERT INTO name_of_sixty_characters_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx VALUES (2, 10)$$);
-- DDL checked by the workers against the shards' rows
SELECT * FROM twice($$ALTER TABLE acc ADD CONSTRAINT rich CHECK (balance > 7)$$);
SELECT * FROM twice($$INSERT INTO acc VALUES (1, 4, 'f@x', 'EUR', 1, 9)$$);
SELECT * FROM twice($$CREATE UNIQUE INDEX acc_tenant_code_idx ON acc (tenant, code)$$);

-- User constraints named exactly like shard names are not shard names and stay as they are
-- (the relation name next to them is rewritten): "acc_<shard id>" for acc's own shard, and
-- "owners_pkey_<shard id>" (the name of an index of a shard of owners) on acc.
SELECT 'acc_' || get_shard_id_for_distribution_column('dist.acc', 1) AS acc_lookalike,
       'owners_pkey_' || get_shard_id_for_distribution_column('dist.owners', 1) AS owners_lookalike \gset
SELECT count(*) AS shard_names FROM run_command_on_placements('dist.acc', $$SELECT '%s'$$)
 WHERE result IN ('dist.' || :'acc_lookalike');
SELECT count(*) AS index_names FROM run_command_on_placements('dist.owners',
       $$SELECT string_agg(indexrelid::regclass::text, ',') FROM pg_index WHERE indrelid = '%s'::regclass$$)
 WHERE result = 'dist.' || :'owners_lookalike';
ALTER TABLE dist.acc ADD CONSTRAINT :"acc_lookalike" CHECK (balance < 100),
                     ADD CONSTRAINT :"owners_lookalike" CHECK (balance < 200);
ALTER TABLE vanilla.acc ADD CONSTRAINT :"acc_lookalike" CHECK (balance < 100),
                        ADD CONSTRAINT :"owners_lookalike" CHECK (balance < 200);
SELECT * FROM twice($$UPDATE acc SET balance = 100 WHERE tenant = 1 AND id = 1$$);
SELECT * FROM twice($$UPDATE acc SET balance = 200 WHERE tenant = 1 AND id = 1$$);
ALTER TABLE dist.acc DROP CONSTRAINT :"acc_lookalike";
ALTER TABLE vanilla.acc DROP CONSTRAINT :"acc_lookalike";
SELECT * FROM twice($$UPDATE acc SET balance = 200 WHERE tenant = 1 AND id = 1$$);

-- As the client sees them (psql), with COPY.
SET search_path TO dist;
INSERT INTO acc VALUES (1, 1, 'c@x', 'EUR', 1, 0);
\copy acc FROM stdin (FORMAT csv)
1,5,f@x,EUR,1,1
1,1,g@x,EUR,1,1
\.
\copy acc FROM stdin (FORMAT csv)
2,5,f@x,JPY,2,1
\.
SET search_path TO vanilla;
INSERT INTO acc VALUES (1, 1, 'c@x', 'EUR', 1, 0);
\copy acc FROM stdin (FORMAT csv)
1,5,f@x,EUR,1,1
1,1,g@x,EUR,1,1
\.
\copy acc FROM stdin (FORMAT csv)
2,5,f@x,JPY,2,1
\.
RESET search_path;

-- Notices and warnings of functions and triggers run on the workers reach the client once, at
-- their level, with shard names rewritten.
CREATE FUNCTION public.noisy(v int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
    RAISE NOTICE 'noisy %', v USING DETAIL = 'the value is ' || v;
    IF v > 1 THEN
        RAISE WARNING 'big %', v;
    END IF;
    RETURN v;
END $$;
SELECT create_distributed_function('public.noisy(int)');
SELECT noisy(balance) FROM dist.acc WHERE tenant = 2;
SELECT noisy(balance) FROM vanilla.acc WHERE tenant = 2;
SET citus.enable_unsafe_triggers TO on;
CREATE FUNCTION public.tell() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE NOTICE 'row % of "%"', NEW.id, TG_TABLE_NAME;
    RETURN NEW;
END $$;
CREATE TRIGGER tell BEFORE INSERT ON dist.owners FOR EACH ROW EXECUTE FUNCTION public.tell();
CREATE TRIGGER tell BEFORE INSERT ON vanilla.owners FOR EACH ROW EXECUTE FUNCTION public.tell();
INSERT INTO dist.owners VALUES (2, 20);
INSERT INTO vanilla.owners VALUES (2, 20);
-- a notice before the error comes before it
INSERT INTO dist.owners VALUES (2, 2);
INSERT INTO vanilla.owners VALUES (2, 2);
-- also those of COPY into shards (rows of one shard: in their order), before the COPY's tag or
-- its error
COPY dist.owners FROM STDIN;
3	30
3	31
\.
COPY vanilla.owners FROM STDIN;
3	30
3	31
\.
COPY dist.owners FROM STDIN;
3	32
3	30
\.
COPY vanilla.owners FROM STDIN;
3	32
3	30
\.
RESET citus.enable_unsafe_triggers;

-- A statement failing on several shards reports PostgreSQL's error for it: a multi-row INSERT,
-- an INSERT ... SELECT whose rows the coordinator routes and a COPY the error of the first row
-- (input line) that fails, a multi-shard UPDATE / DELETE (no order in PostgreSQL either) the
-- first failing shard's. Each statement runs several times (each time in a subtransaction): the
-- shard that answers first must not decide.
CREATE TABLE dist.mr (k int PRIMARY KEY, v int CHECK (v > 0));
CREATE TABLE vanilla.mr (k int PRIMARY KEY, v int CHECK (v > 0));
SELECT create_distributed_table('dist.mr', 'k', shard_count => 8);
INSERT INTO dist.mr SELECT g, 1 FROM generate_series(1, 20) g;
INSERT INTO vanilla.mr SELECT g, 1 FROM generate_series(1, 20) g;
-- where the keys used below live: shard index, and whether on the first worker
SELECT k, (SELECT count(*) FROM pg_dist_shard x
            WHERE x.logicalrelid = 'dist.mr'::regclass AND x.shardid < s.shardid) AS shard_index,
       n.nodeport = :worker_1_port AS on_worker_1
  FROM unnest(ARRAY[1, 2, 5, 7, 9, 33, 57, 100, 101, 102, 103, 106]) k,
       LATERAL (SELECT get_shard_id_for_distribution_column('dist.mr', k) AS shardid) s
  JOIN pg_dist_placement p USING (shardid) JOIN pg_dist_node n USING (groupid)
 ORDER BY shard_index, k;
-- Runs `stmt` `times` times in dist, then as often in vanilla; one row per schema and distinct
-- error (message, detail and, for COPY, the input line), with how often it came.
CREATE FUNCTION repeated(stmt text, times int DEFAULT 6)
RETURNS TABLE (side text, answers int, error text) LANGUAGE plpgsql AS $$
DECLARE
    s text;
    errors text[];
    message text;
    detail text;
    context text;
BEGIN
    FOREACH s IN ARRAY ARRAY['dist', 'vanilla'] LOOP
        errors := ARRAY[]::text[];
        FOR i IN 1 .. times LOOP
            BEGIN
                EXECUTE format('SET LOCAL search_path TO %I', s);
                EXECUTE stmt;
                errors := errors || 'no error'::text;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL,
                    context = PG_EXCEPTION_CONTEXT;
                context := split_part(context, E'\n', 1);
                errors := errors || (message || ' | ' || detail ||
                                     CASE WHEN context LIKE 'COPY %' THEN ' | ' || context
                                          ELSE '' END);
            END;
        END LOOP;
        RETURN QUERY SELECT s, count(*)::int, e FROM unnest(errors) e GROUP BY e ORDER BY e;
    END LOOP;
END $$;
-- the check violation of the first row, not the duplicate key of the second (same worker,
-- lower shard), and the other way round
SELECT * FROM repeated('INSERT INTO mr VALUES (100, -1), (1, 5)');
SELECT * FROM repeated('INSERT INTO mr VALUES (1, 5), (100, -1)');
-- the same over two workers
SELECT * FROM repeated('INSERT INTO mr VALUES (101, -1), (2, 5)');
SELECT * FROM repeated('INSERT INTO mr VALUES (2, 5), (101, -1)');
-- three failing rows on three shards (rows 2, 3, 4; row 2's shard is the last of them)
SELECT * FROM repeated('INSERT INTO mr VALUES (106, 1), (102, -2), (5, 2), (9, 3)');
-- INSERT ... SELECT routed by the coordinator, two bad rows: 33 first (lower shard), then 57
-- first (higher shard). The second shows the known difference (docs/architecture.md): the
-- error is that of the failed task (shard) whose first row comes first: shard 0's first row (79)
-- comes before shard 4's (62), though its bad row (33) comes after 57. Vanilla says 57.
SELECT * FROM repeated('INSERT INTO mr SELECT g, CASE WHEN g IN (57, 33) THEN -g ELSE 1 END
                          FROM generate_series(21, 80) g');
SELECT * FROM repeated('INSERT INTO mr SELECT g, CASE WHEN g IN (57, 33) THEN -g ELSE 1 END
                          FROM generate_series(21, 80) g ORDER BY g DESC');
-- multi-shard UPDATE failing on shards 2 (k = 7), 6 (k = 2) and 7 (k = 9): the first shard's
-- error each time (vanilla's depends on the order of its rows on disk, not shown)
SELECT answers, error FROM repeated('UPDATE mr SET v = -k WHERE k IN (2, 7, 9)') WHERE side = 'dist';
-- COPY with two bad lines on different shards: the first bad line, also inside a transaction
-- block (one connection per worker, whose shards take turns)
\set bad_file '/tmp/tessera_worker_errors_' :coordinator_port '.txt'
-- bad lines 2 (shard 4) and 4 (shard 0), one worker
COPY (SELECT * FROM (VALUES ('106', '1'), ('100', '-1'), ('103', '1'), ('33', '-3')) v) TO :'bad_file';
SELECT * FROM repeated(format('COPY mr FROM %L', :'bad_file'));
BEGIN;
SELECT * FROM repeated(format('COPY mr FROM %L', :'bad_file'));
ROLLBACK;
-- bad lines 2 (shard 3) and 3 (shard 4), two workers
COPY (SELECT * FROM (VALUES ('106', '1'), ('103', '-3'), ('57', '-5')) v) TO :'bad_file';
SELECT * FROM repeated(format('COPY mr FROM %L', :'bad_file'));
BEGIN;
SELECT * FROM repeated(format('COPY mr FROM %L', :'bad_file'));
ROLLBACK;
-- the same at top level (one connection per shard): bad lines 2 (shard 4) and 3 (shard 0), a
-- check violation and a duplicate key
COPY dist.mr FROM STDIN;
106	1
100	-1
1	1
\.
COPY dist.mr FROM STDIN;
106	1
100	-1
1	1
\.
COPY dist.mr FROM STDIN;
106	1
100	-1
1	1
\.
COPY vanilla.mr FROM STDIN;
106	1
100	-1
1	1
\.
SELECT count(*), sum(v) FROM dist.mr;

DROP SCHEMA dist CASCADE;
DROP SCHEMA vanilla CASCADE;
DROP FUNCTION make_tables(text), twice(text), noisy(int), tell(), repeated(text, int);
