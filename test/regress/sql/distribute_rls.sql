-- Row-level security on distributed and reference tables: ENABLE / FORCE ROW LEVEL SECURITY and
-- CREATE / ALTER / DROP POLICY reach every shard, the shards enforce them for the same role as
-- the coordinator, and settings that policies read (SET app.tenant_id) reach the workers'
-- sessions. Every query runs as the same role on a distributed table and on a LOCAL copy with
-- the same policies, and the rows must be equal row for row.
CREATE ROLE rls_owner LOGIN;
CREATE ROLE rls_app LOGIN;
CREATE ROLE rls_other LOGIN;
CREATE SCHEMA rls;
GRANT ALL ON SCHEMA rls TO rls_owner, rls_app, rls_other;
SET search_path TO rls, public;

CREATE TABLE products (tenant_id int, id int, name text, added_by text);
CREATE TABLE local_products (tenant_id int, id int, name text, added_by text);
INSERT INTO products VALUES (1, 1, 'apple', 'rls_app'), (1, 2, 'pear', 'rls_other'),
    (2, 3, 'plum', 'rls_app'), (2, 4, 'fig', 'rls_other'), (3, 5, 'kiwi', 'rls_other');
INSERT INTO local_products SELECT * FROM products;
-- A table with policies already is distributed with them.
ALTER TABLE products ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON products FOR ALL TO rls_app
    USING (tenant_id = current_setting('app.tenant_id')::int);
SELECT create_distributed_table('products', 'tenant_id', shard_count => 4);
ALTER TABLE local_products ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON local_products FOR ALL TO rls_app
    USING (tenant_id = current_setting('app.tenant_id')::int);
-- Policies made after distributing reach the shards.
CREATE POLICY own_rows ON products AS PERMISSIVE FOR SELECT TO rls_other
    USING (added_by = current_user);
CREATE POLICY own_rows ON local_products AS PERMISSIVE FOR SELECT TO rls_other
    USING (added_by = current_user);
ALTER TABLE products OWNER TO rls_owner;
ALTER TABLE local_products OWNER TO rls_owner;
GRANT SELECT, INSERT, UPDATE, DELETE ON products, local_products TO rls_app, rls_other;

-- What every shard has: its policies and flags.
CREATE FUNCTION public.rls_shard_policies(t regclass) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT DISTINCT result FROM run_command_on_shards(t, $cmd$
        SELECT (SELECT relrowsecurity || '/' || relforcerowsecurity FROM pg_class
                WHERE oid = '%1$s'::regclass) || ' ' ||
               coalesce((SELECT string_agg(polname || ' ' || polcmd::text || ' '
                                           || polpermissive || ' ' || polroles::regrole[]::text
                                           || ' ' || coalesce(pg_get_expr(polqual, polrelid), '-')
                                           || ' ' || coalesce(pg_get_expr(polwithcheck, polrelid), '-'),
                                           '; ' ORDER BY polname)
                         FROM pg_policy WHERE polrelid = '%1$s'::regclass), 'none')$cmd$)
    ORDER BY 1 $$;
SELECT rls_shard_policies('products');

-- Runs query `q` (its %s the table) on the distributed and the local table as the current role:
-- the row count if both give the same rows, else the differences.
CREATE FUNCTION public.rls_compare(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    missing bigint;
    extra bigint;
    total bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM ((%s) EXCEPT ALL (%s)) d',
                   format(q, 'rls.local_products'), format(q, 'rls.products')) INTO missing;
    EXECUTE format('SELECT count(*) FROM ((%s) EXCEPT ALL (%s)) d',
                   format(q, 'rls.products'), format(q, 'rls.local_products')) INTO extra;
    EXECUTE format('SELECT count(*) FROM (%s) d', format(q, 'rls.local_products')) INTO total;
    IF missing = 0 AND extra = 0 THEN
        RETURN 'same ' || total || ' rows';
    END IF;
    RETURN 'DIFFERENT: ' || missing || ' missing, ' || extra || ' extra';
END $$;
GRANT EXECUTE ON FUNCTION public.rls_compare(text) TO PUBLIC;

-- Runs write `q` (its %s the table) on the distributed and on the local table as the current
-- role, and tells what each did: the rows it returned or counted, or its error (shard names
-- shown as the table's).
CREATE FUNCTION public.rls_write(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    outcome text[];
    result text;
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['rls.products', 'rls.local_products'] LOOP
        BEGIN
            IF q ~ 'RETURNING' THEN
                EXECUTE format('WITH w AS (%s) SELECT coalesce(string_agg(w::text, '' '' ORDER BY w::text), ''none'') FROM w',
                               format(q, t)) INTO result;
            ELSE
                EXECUTE format(q, t);
                GET DIAGNOSTICS result = ROW_COUNT;
                result := result || ' rows';
            END IF;
        EXCEPTION WHEN OTHERS THEN
            result := regexp_replace(regexp_replace(SQLERRM, '_[0-9]+"', '"'), 'local_products', 'products');
        END;
        outcome := outcome || result;
    END LOOP;
    IF outcome[1] = outcome[2] THEN
        RETURN outcome[1];
    END IF;
    RETURN 'DIFFERENT: ' || outcome[1] || ' | ' || outcome[2];
END $$;
GRANT EXECUTE ON FUNCTION public.rls_write(text) TO PUBLIC;

-- Tenant 1, then tenant 2 (session SET), through router, multi-shard and general plans.
SET ROLE rls_app;
SET app.tenant_id = '1';
SELECT * FROM products ORDER BY id;
SELECT rls_compare('SELECT * FROM %s');
SELECT rls_compare('SELECT * FROM %s WHERE tenant_id = 2');
SELECT rls_compare('SELECT * FROM %s WHERE tenant_id = 1');
SELECT rls_compare('SELECT tenant_id, count(*) FROM %s GROUP BY tenant_id');
SELECT rls_compare('SELECT p.id, q.name FROM %1$s p JOIN %1$s q USING (tenant_id)');
SET app.tenant_id = '2';
SELECT * FROM products ORDER BY id;
SELECT rls_compare('SELECT * FROM %s');
SELECT rls_compare('SELECT id FROM %s ORDER BY id LIMIT 1');
-- SET LOCAL lasts for the transaction; rolled back, the session's value is back.
BEGIN;
SET LOCAL app.tenant_id = '3';
SELECT * FROM products ORDER BY id;
SELECT rls_compare('SELECT * FROM %s');
ROLLBACK;
SELECT * FROM products ORDER BY id;
BEGIN;
SET app.tenant_id = '1';
SELECT string_agg(id::text, ',' ORDER BY id) AS ids FROM products;
ROLLBACK;
SELECT string_agg(id::text, ',' ORDER BY id) AS ids FROM products;
BEGIN;
SAVEPOINT s;
SET LOCAL app.tenant_id = '1';
SELECT string_agg(id::text, ',' ORDER BY id) AS ids FROM products;
ROLLBACK TO SAVEPOINT s;
SELECT string_agg(id::text, ',' ORDER BY id) AS ids FROM products;
COMMIT;
-- set_config, then a tenant without rows.
SELECT set_config('app.tenant_id', '3', false);
SELECT * FROM products ORDER BY id;
SELECT set_config('app.tenant_id', '9', false);
SELECT rls_compare('SELECT * FROM %s');
-- COPY TO applies the policies, as a query would; COPY FROM is refused, as by PostgreSQL.
SET app.tenant_id = '2';
COPY products TO STDOUT;
COPY (SELECT id FROM products ORDER BY id) TO STDOUT;
COPY products FROM STDIN;
\.
COPY local_products FROM STDIN;
\.
-- Writes: the shards check the policies (USING, and WITH CHECK for the new rows) for the same
-- role, as PostgreSQL does on the local table. Each statement runs on both tables.
RESET ROLE;
CREATE POLICY not_forbidden ON products AS RESTRICTIVE FOR UPDATE TO rls_app
    USING (true) WITH CHECK (name <> 'forbidden');
CREATE POLICY not_forbidden ON local_products AS RESTRICTIVE FOR UPDATE TO rls_app
    USING (true) WITH CHECK (name <> 'forbidden');
SET ROLE rls_app;
SELECT rls_write('INSERT INTO %s VALUES (2, 6, ''lime'', ''rls_app'')');
SELECT rls_write('INSERT INTO %s VALUES (1, 7, ''cherry'', ''rls_app'')');
SELECT rls_write('INSERT INTO %s VALUES (2, 8, ''a'', ''rls_app''), (1, 9, ''b'', ''rls_app'')');
SELECT rls_write('INSERT INTO %s VALUES (2, 10, ''date'', ''rls_app'') RETURNING id, name');
SELECT rls_write('UPDATE %s SET name = name || ''!''');
SELECT rls_write('UPDATE %s SET name = ''x'' WHERE tenant_id = 1');
SELECT rls_write('UPDATE %s SET name = ''y'' WHERE id = 1');
SELECT rls_write('UPDATE %s SET name = ''forbidden'' WHERE id = 3');
SELECT rls_write('UPDATE %s SET id = id + 100 WHERE tenant_id = 2 RETURNING id');
SELECT rls_write('DELETE FROM %s WHERE id = 2');
SELECT rls_write('DELETE FROM %s WHERE id = 104 RETURNING name');
SELECT rls_write('DELETE FROM %s WHERE tenant_id = 1');
SELECT rls_write('INSERT INTO %s SELECT tenant_id, id + 1000, name, added_by FROM %1$s');
SELECT rls_compare('SELECT * FROM %s');
RESET ROLE;
SELECT rls_compare('SELECT * FROM %s');
SET ROLE rls_app;
-- After RESET the setting is empty here and on the workers: the cast fails on both.
RESET app.tenant_id;
SELECT * FROM local_products;
SELECT * FROM products;
RESET ROLE;

-- Another role sees its own rows by current_user, whatever the tenant setting.
SET ROLE rls_other;
SET app.tenant_id = '1';
SELECT * FROM products ORDER BY id;
SELECT rls_compare('SELECT * FROM %s');
RESET ROLE;

-- The owner bypasses the policies unless FORCE; the superuser always.
SET ROLE rls_owner;
SELECT count(*) FROM products;
ALTER TABLE products FORCE ROW LEVEL SECURITY;
ALTER TABLE local_products FORCE ROW LEVEL SECURITY;
SELECT rls_shard_policies('products');
SELECT count(*) FROM products;
SELECT rls_compare('SELECT * FROM %s');
-- undistribute_table would read the shards as the owner the policies restrict.
SELECT undistribute_table('products');
RESET ROLE;
SELECT count(*) FROM products;
SELECT rls_compare('SELECT * FROM %s');

-- ALTER POLICY, renames and DROP POLICY reach the shards.
ALTER POLICY tenant_isolation ON products TO rls_app, rls_owner
    USING (tenant_id = current_setting('app.tenant_id')::int OR tenant_id = 3);
ALTER POLICY tenant_isolation ON local_products TO rls_app, rls_owner
    USING (tenant_id = current_setting('app.tenant_id')::int OR tenant_id = 3);
ALTER POLICY own_rows ON products RENAME TO added_rows;
ALTER POLICY own_rows ON local_products RENAME TO added_rows;
SELECT rls_shard_policies('products');
SET ROLE rls_owner;
SET app.tenant_id = '1';
SELECT rls_compare('SELECT * FROM %s');
SELECT id FROM products ORDER BY id;
RESET ROLE;
ALTER TABLE products NO FORCE ROW LEVEL SECURITY;
ALTER TABLE local_products NO FORCE ROW LEVEL SECURITY;
SET ROLE rls_owner;
SELECT rls_compare('SELECT * FROM %s');
RESET ROLE;

-- A shard move: the new placement has the policies.
SELECT citus_move_shard_placement(s.shardid, '127.0.0.1', :worker_1_port, '127.0.0.1', :worker_2_port)
FROM pg_dist_shard s JOIN pg_dist_shard_placement p USING (shardid)
WHERE s.logicalrelid = 'products'::regclass AND p.nodeport = :worker_1_port
ORDER BY s.shardminvalue::int LIMIT 1;
SELECT rls_shard_policies('products');
SET ROLE rls_app;
SET app.tenant_id = '2';
SELECT rls_compare('SELECT * FROM %s');
SET app.tenant_id = '1';
SELECT rls_compare('SELECT * FROM %s');
RESET ROLE;

-- Reference tables too.
CREATE TABLE tenants (tenant_id int PRIMARY KEY, label text);
INSERT INTO tenants VALUES (1, 'one'), (2, 'two'), (3, 'three');
SELECT create_reference_table('tenants');
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY visible ON tenants FOR SELECT TO PUBLIC
    USING (tenant_id::text = current_setting('app.tenant_id', true));
GRANT SELECT ON tenants TO rls_app;
SELECT rls_shard_policies('tenants');
SET ROLE rls_app;
SET app.tenant_id = '2';
SELECT * FROM tenants;
SELECT p.id, t.label FROM products p JOIN tenants t USING (tenant_id) ORDER BY 1;
RESET ROLE;
ALTER TABLE tenants DISABLE ROW LEVEL SECURITY;
DROP POLICY visible ON tenants;
SELECT rls_shard_policies('tenants');
SET ROLE rls_app;
SELECT count(*) FROM tenants;
RESET ROLE;

-- Refused: policies the workers could not evaluate as the coordinator does.
\set VERBOSITY default
CREATE POLICY by_subquery ON products USING (tenant_id IN (SELECT tenant_id FROM tenants));
CREATE FUNCTION rls.allowed(int) RETURNS bool LANGUAGE sql STABLE AS $$ SELECT $1 > 0 $$;
CREATE POLICY by_function ON products USING (rls.allowed(tenant_id));
ALTER POLICY tenant_isolation ON products USING (rls.allowed(tenant_id));
CREATE TABLE other (tenant_id int);
CREATE POLICY by_function ON other USING (rls.allowed(tenant_id));
SELECT create_distributed_table('other', 'tenant_id');
DROP TABLE other;
-- A distributed function may be called.
SELECT create_distributed_function('rls.allowed(int)');
CREATE POLICY by_function ON products AS RESTRICTIVE USING (rls.allowed(tenant_id));
CREATE POLICY by_function ON local_products AS RESTRICTIVE USING (rls.allowed(tenant_id));
SELECT rls_shard_policies('products');
SET ROLE rls_app;
SET app.tenant_id = '2';
SELECT rls_compare('SELECT * FROM %s');
RESET ROLE;
SELECT alter_distributed_table('products', shard_count => 2);
\set VERBOSITY terse

RESET search_path;
SET client_min_messages TO warning;
DROP SCHEMA rls CASCADE;
DROP FUNCTION public.rls_shard_policies(regclass), public.rls_compare(text), public.rls_write(text);
DROP ROLE rls_owner, rls_app, rls_other;
