-- Roles and privileges across the cluster: role DDL reaches every worker in the coordinated
-- transaction, GRANT/REVOKE on distributed and reference tables reaches their shards, and new
-- shards get the table's owner and privileges.
-- CREATE ROLE with options (password included) reaches the workers.
CREATE ROLE tessera_test_app LOGIN PASSWORD 'secret' CONNECTION LIMIT 20;
CREATE USER tessera_test_other;
GRANT tessera_test_other TO tessera_test_app;
SELECT result FROM run_command_on_workers($$
    SELECT string_agg(rolname || ' login=' || rolcanlogin || ' limit=' || rolconnlimit
                      || ' password=' || (rolpassword IS NOT NULL), '; ' ORDER BY rolname)
    FROM pg_authid WHERE rolname LIKE 'tessera_test_%'$$);
SELECT result FROM run_command_on_workers($$
    SELECT pg_has_role('tessera_test_app', 'tessera_test_other', 'MEMBER')$$);

-- Tables made by the superuser; the privileges reach the shards.
CREATE TABLE roles_orders (id int PRIMARY KEY, amount int);
SELECT create_distributed_table('roles_orders', 'id', shard_count => 4);
CREATE TABLE roles_codes (code text PRIMARY KEY, label text);
SELECT create_reference_table('roles_codes');
CREATE TABLE roles_secret (id int, note text);
SELECT create_distributed_table('roles_secret', 'id', shard_count => 4);
INSERT INTO roles_secret VALUES (1, 'hidden');
GRANT SELECT, INSERT ON roles_orders, roles_codes TO tessera_test_app;
GRANT UPDATE (amount) ON roles_orders TO tessera_test_app WITH GRANT OPTION;

\c - - - :worker_1_port
SELECT regexp_replace(relname, '_[0-9]+$', '') AS shards_of,
       bool_and(has_table_privilege('tessera_test_app', oid, 'SELECT')) AS can_select,
       bool_and(has_table_privilege('tessera_test_app', oid, 'INSERT')) AS can_insert,
       bool_or(has_table_privilege('tessera_test_app', oid, 'DELETE')) AS can_delete,
       bool_and(has_any_column_privilege('tessera_test_app', oid, 'UPDATE WITH GRANT OPTION'))
           AS can_update_column
FROM pg_class WHERE relname ~ '^roles_(orders|codes|secret)_[0-9]+$' GROUP BY 1 ORDER BY 1;
\c - - - :coordinator_port

-- The application role reads and writes (router, multi-shard, reference table, join).
SET ROLE tessera_test_app;
INSERT INTO roles_orders VALUES (1, 10), (2, 20), (3, 30), (4, 40);
INSERT INTO roles_codes VALUES ('a', 'alpha');
SELECT * FROM roles_orders WHERE id = 2;
SELECT count(*), sum(amount) FROM roles_orders;
SELECT o.id, c.label FROM roles_orders o CROSS JOIN roles_codes c ORDER BY o.id;
UPDATE roles_orders SET amount = amount + 1 WHERE id = 1;
UPDATE roles_orders SET amount = amount + 1;
SELECT id, amount FROM roles_orders ORDER BY id;
-- Without a grant: refused by the coordinator (no worker context in the error).
SELECT * FROM roles_secret;
SELECT * FROM roles_secret WHERE id = 1;
DELETE FROM roles_orders WHERE id = 1;
-- Role DDL needs the right to do it, checked locally first.
CREATE ROLE tessera_test_nope;
RESET ROLE;

-- REVOKE: denied on the coordinator, and the shards lost the privilege too.
REVOKE INSERT ON roles_orders FROM tessera_test_app;
REVOKE GRANT OPTION FOR UPDATE (amount) ON roles_orders FROM tessera_test_app CASCADE;
SET ROLE tessera_test_app;
INSERT INTO roles_orders VALUES (9, 90);
SELECT count(*) FROM roles_orders;
RESET ROLE;
SELECT result FROM run_command_on_workers($$
    SELECT bool_or(has_table_privilege('tessera_test_app', oid, 'INSERT')) || ' '
           || bool_and(has_table_privilege('tessera_test_app', oid, 'SELECT')) || ' '
           || bool_or(has_column_privilege('tessera_test_app', oid, 'amount',
                                           'UPDATE WITH GRANT OPTION')) || ' '
           || bool_and(has_column_privilege('tessera_test_app', oid, 'amount', 'UPDATE'))
    FROM pg_class WHERE relname ~ '^roles_orders_[0-9]+$'$$);

-- GRANT ... ON ALL TABLES IN SCHEMA and GRANT USAGE ON SCHEMA.
CREATE SCHEMA roles_schema;
SELECT success FROM run_command_on_workers($$CREATE SCHEMA roles_schema$$);
CREATE TABLE roles_schema.items (id int, name text);
SELECT create_distributed_table('roles_schema.items', 'id', shard_count => 2);
INSERT INTO roles_schema.items VALUES (1, 'one'), (2, 'two');
SET ROLE tessera_test_app;
SELECT count(*) FROM roles_schema.items;
RESET ROLE;
GRANT USAGE ON SCHEMA roles_schema TO tessera_test_app;
GRANT SELECT ON ALL TABLES IN SCHEMA roles_schema TO tessera_test_app;
SET ROLE tessera_test_app;
SELECT count(*) FROM roles_schema.items;
SELECT name FROM roles_schema.items WHERE id = 2;
RESET ROLE;
SELECT result FROM run_command_on_workers($$
    SELECT has_schema_privilege('tessera_test_app', 'roles_schema', 'USAGE')$$);
REVOKE USAGE ON SCHEMA roles_schema FROM tessera_test_app;
SELECT result FROM run_command_on_workers($$
    SELECT has_schema_privilege('tessera_test_app', 'roles_schema', 'USAGE')$$);

-- A table distributed after its grants (and owned by another role): the shards get both.
CREATE TABLE roles_later (id int, secret text);
GRANT SELECT, DELETE ON roles_later TO tessera_test_app;
GRANT INSERT ON roles_later TO PUBLIC;
GRANT SELECT (id) ON roles_later TO tessera_test_other;
ALTER TABLE roles_later OWNER TO tessera_test_other;
SELECT create_distributed_table('roles_later', 'id', shard_count => 2);
SELECT result FROM run_command_on_workers($$
    SELECT string_agg(DISTINCT pg_get_userbyid(relowner) || ' '
                      || has_table_privilege('tessera_test_app', oid, 'SELECT') || ' '
                      || has_table_privilege('tessera_test_app', oid, 'DELETE') || ' '
                      || has_table_privilege('tessera_test_app', oid, 'UPDATE') || ' '
                      || has_table_privilege('public', oid, 'INSERT') || ' '
                      || has_column_privilege('tessera_test_other', oid, 'id', 'SELECT') || ' '
                      || has_column_privilege('tessera_test_other', oid, 'secret', 'SELECT'),
                      ', ')
    FROM pg_class WHERE relname ~ '^roles_later_[0-9]+$'$$);
SET ROLE tessera_test_app;
INSERT INTO roles_later VALUES (1, 'x'), (2, 'y');
DELETE FROM roles_later WHERE id = 1;
SELECT * FROM roles_later;
RESET ROLE;
DROP TABLE roles_later;

-- ALTER ROLE: options, SET, RENAME; the renamed role keeps working.
ALTER ROLE tessera_test_app CONNECTION LIMIT 7;
ALTER ROLE tessera_test_app SET work_mem = '5MB';
ALTER ROLE tessera_test_app PASSWORD 'other';
ALTER ROLE tessera_test_app RENAME TO tessera_test_app2;
SELECT result FROM run_command_on_workers($$
    SELECT rolname || ' ' || rolconnlimit || ' ' || array_to_string(rolconfig, ',')
    FROM pg_roles WHERE rolname LIKE 'tessera_test_app%'$$);
SET ROLE tessera_test_app2;
SELECT count(*) FROM roles_orders;
SELECT amount FROM roles_orders WHERE id = 3;
RESET ROLE;

-- A worker error aborts the statement everywhere: the role exists on a worker only.
\c - - - :worker_2_port
CREATE ROLE tessera_test_clash;
\c - - - :coordinator_port
\set VERBOSITY terse
CREATE ROLE tessera_test_clash;
\set VERBOSITY default
SELECT count(*) FROM pg_roles WHERE rolname = 'tessera_test_clash';
SELECT result FROM run_command_on_workers($$
    SELECT count(*) FROM pg_roles WHERE rolname = 'tessera_test_clash'$$);
\c - - - :worker_2_port
DROP ROLE tessera_test_clash;
\c - - - :coordinator_port

-- Role DDL in a transaction that rolls back leaves no role anywhere.
BEGIN;
CREATE ROLE tessera_test_gone;
ALTER ROLE tessera_test_app2 CONNECTION LIMIT 1;
ROLLBACK;
SELECT result FROM run_command_on_workers($$
    SELECT count(*) || ' ' || (SELECT rolconnlimit FROM pg_roles
                               WHERE rolname = 'tessera_test_app2')
    FROM pg_roles WHERE rolname = 'tessera_test_gone'$$);
-- ... and one that commits with other distributed work.
BEGIN;
CREATE ROLE tessera_test_kept;
INSERT INTO roles_orders VALUES (10, 100);
COMMIT;
SELECT result FROM run_command_on_workers($$
    SELECT count(*) FROM pg_roles WHERE rolname = 'tessera_test_kept'$$);

-- DROP ROLE: refused while it holds privileges (locally), then works after REVOKE.
DROP ROLE tessera_test_app2;
REVOKE ALL ON roles_orders, roles_codes FROM tessera_test_app2;
REVOKE ALL ON ALL TABLES IN SCHEMA roles_schema FROM tessera_test_app2;
ALTER ROLE tessera_test_app2 RESET work_mem;
REVOKE tessera_test_other FROM tessera_test_app2;
DROP ROLE tessera_test_app2, tessera_test_other, tessera_test_kept;
DROP ROLE IF EXISTS tessera_test_app2;
SELECT result FROM run_command_on_workers($$
    SELECT count(*) FROM pg_roles WHERE rolname LIKE 'tessera_test_%'$$);

DROP TABLE roles_orders, roles_codes, roles_secret;
DROP SCHEMA roles_schema CASCADE;
-- DROP SCHEMA removed the schema on the workers too.
SELECT result AS schemas_left_on_workers
FROM run_command_on_workers($$SELECT count(*) FROM pg_namespace WHERE nspname = 'roles_schema'$$);

-- VALID UNTIL reaches the workers as this session reads it: US order under the default
-- DateStyle, day first under DMY (the worker connections use ISO, YMD themselves).
CREATE ROLE tessera_test_expiring VALID UNTIL '01/02/2030';
SET DateStyle = 'SQL, DMY';
ALTER ROLE tessera_test_expiring VALID UNTIL '03/04/2031 10:00';
RESET DateStyle;
SELECT rolvaliduntil FROM pg_roles WHERE rolname = 'tessera_test_expiring';
SELECT result FROM run_command_on_workers($$
    SELECT rolvaliduntil FROM pg_roles WHERE rolname = 'tessera_test_expiring'$$);
DROP ROLE tessera_test_expiring;

-- GRANT / REVOKE ON DATABASE on this database reach the workers (connections to them log into
-- the database of the same name as the calling user); other databases named are left alone
-- there. A REVOKE is refused while a worker is disabled; a GRANT reaches it when activated.
CREATE ROLE tessera_test_db LOGIN;
SELECT format('GRANT CREATE, TEMPORARY ON DATABASE %I, template1 TO tessera_test_db WITH GRANT OPTION',
              current_database()) \gexec
SELECT format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database()) \gexec
SELECT datacl FROM pg_database WHERE datname = current_database();
SELECT result FROM run_command_on_workers($$
    SELECT datacl FROM pg_database WHERE datname = current_database()$$) ORDER BY nodeport;
SELECT result FROM run_command_on_workers($$
    SELECT datacl FROM pg_database WHERE datname = 'template1'$$) ORDER BY nodeport;
SET client_min_messages TO warning;
SELECT citus_disable_node('127.0.0.1', :worker_2_port, synchronous => true);
RESET client_min_messages;
DO $$BEGIN
    EXECUTE format('REVOKE GRANT OPTION FOR CREATE ON DATABASE %I FROM tessera_test_db',
                   current_database());
EXCEPTION WHEN OTHERS THEN RAISE NOTICE '%', regexp_replace(SQLERRM, ':[0-9]+', ':N'); END$$;
SELECT format('GRANT CONNECT ON DATABASE %I TO tessera_test_db', current_database()) \gexec
SELECT 1 FROM citus_activate_node('127.0.0.1', :worker_2_port);
SELECT result FROM run_command_on_workers($$
    SELECT datacl FROM pg_database WHERE datname = current_database()$$) ORDER BY nodeport;
SELECT format('REVOKE ALL ON DATABASE %I FROM tessera_test_db', current_database()) \gexec
REVOKE ALL ON DATABASE template1 FROM tessera_test_db;
SELECT format('GRANT ALL ON DATABASE %I TO PUBLIC', current_database()) \gexec
SELECT datacl FROM pg_database WHERE datname = current_database();
SELECT result FROM run_command_on_workers($$
    SELECT datacl FROM pg_database WHERE datname = current_database()$$) ORDER BY nodeport;
DROP ROLE tessera_test_db;

-- A role that is no superuser drops its own schemas (a local table, a distributed table, a
-- distributed schema: Tessera's catalog rows go with them) and runs a migration that makes a
-- schema and its type again in one transaction, then one that rolls back.
CREATE ROLE tessera_test_migrator LOGIN;
SET SESSION AUTHORIZATION tessera_test_migrator;
CREATE SCHEMA mig_local;
CREATE TABLE mig_local.t (id int);
DROP SCHEMA mig_local CASCADE;
CREATE SCHEMA mig_dist;
CREATE TYPE mig_dist.k AS ENUM ('a');
CREATE TABLE mig_dist.t (id int PRIMARY KEY, k mig_dist.k);
SELECT create_distributed_table('mig_dist.t', 'id', shard_count => 2);
INSERT INTO mig_dist.t VALUES (1, 'a');
BEGIN;
DROP SCHEMA mig_dist CASCADE;
CREATE SCHEMA mig_dist;
CREATE TYPE mig_dist.k AS ENUM ('b', 'c');
CREATE TABLE mig_dist.t (id int PRIMARY KEY, k mig_dist.k);
SELECT create_distributed_table('mig_dist.t', 'id', shard_count => 2);
INSERT INTO mig_dist.t VALUES (1, 'c'), (2, 'b');
COMMIT;
SELECT * FROM mig_dist.t ORDER BY k;
BEGIN;
CREATE DOMAIN mig_dist.positive AS int CHECK (VALUE > 0);
CREATE TABLE mig_dist.u (id int PRIMARY KEY, v mig_dist.positive);
SELECT create_distributed_table('mig_dist.u', 'id', shard_count => 2);
ROLLBACK;
DROP SCHEMA mig_dist CASCADE;
CREATE SCHEMA mig_tenant;
CREATE TABLE mig_tenant.t (id int PRIMARY KEY);
SELECT citus_schema_distribute('mig_tenant');
DROP SCHEMA mig_tenant CASCADE;
RESET SESSION AUTHORIZATION;
SELECT count(*) AS distributed_schemas FROM pg_dist_schema;
SELECT result AS mig_objects_on_workers FROM run_command_on_workers($$
    SELECT count(*) FROM pg_type WHERE typname IN ('k', 'positive') AND typnamespace::regnamespace::text LIKE 'mig\_%'$$);
DROP ROLE tessera_test_migrator;
