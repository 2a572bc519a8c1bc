-- NOLOGIN roles on distributed tables, the usual multi-tenant pattern (PostgREST, Supabase): an
-- application logs in as a LOGIN role and switches with SET ROLE / SET LOCAL ROLE to a NOLOGIN
-- role that the policies name, or calls SECURITY DEFINER functions owned by one. Worker
-- connections for such a role log in as the session user and set the role at connection start,
-- so the shards check the same privileges and apply the same policies as the coordinator. Every
-- statement runs on the distributed table and on a LOCAL copy, and both must answer alike.
CREATE ROLE nl_login LOGIN;
CREATE ROLE nl_app;
CREATE ROLE nl_owner;
CREATE ROLE nl_stranger;
GRANT nl_app, nl_owner TO nl_login;
CREATE SCHEMA nl;
GRANT USAGE ON SCHEMA nl TO PUBLIC;
SET search_path TO nl, public;

CREATE TABLE docs (tenant int, id int, body text);
SELECT create_distributed_table('docs', 'tenant', shard_count => 4);
CREATE TABLE local_docs (tenant int, id int, body text);
INSERT INTO docs SELECT i % 4, i, 'doc ' || i FROM generate_series(1, 40) i;
INSERT INTO local_docs SELECT * FROM docs;
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
ALTER TABLE local_docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON docs TO nl_app USING (tenant = current_setting('app.tenant')::int);
CREATE POLICY tenant ON local_docs TO nl_app USING (tenant = current_setting('app.tenant')::int);
CREATE POLICY two ON docs TO nl_owner, nl_stranger USING (tenant = 2);
CREATE POLICY two ON local_docs TO nl_owner, nl_stranger USING (tenant = 2);
GRANT SELECT, INSERT, UPDATE, DELETE ON docs, local_docs TO nl_app, nl_owner, nl_stranger;
-- No RLS, INSERT and SELECT only; a table the role may not read at all.
CREATE TABLE ledger (tenant int, amount int);
SELECT create_distributed_table('ledger', 'tenant', shard_count => 4);
GRANT SELECT, INSERT ON ledger TO nl_app;
CREATE TABLE secret (tenant int, x int);
SELECT create_distributed_table('secret', 'tenant');

-- Runs `q` (its %s the table) on docs and on local_docs as the current role and tells what each
-- did: its rows (as text, sorted) or its row count, or its SQLSTATE and error; the node's address
-- is masked and shard names shown as the table's.
CREATE FUNCTION public.nl_both(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    outcome text[];
    result text;
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['nl.docs', 'nl.local_docs'] LOOP
        BEGIN
            IF q ~* '^\s*select|returning' THEN
                EXECUTE format('WITH w AS (%s) SELECT coalesce(string_agg(w::text, '' '' ORDER BY w::text), ''none'') FROM w',
                               format(q, t)) INTO result;
            ELSE
                EXECUTE format(q, t);
                GET DIAGNOSTICS result = ROW_COUNT;
                result := result || ' rows';
            END IF;
        EXCEPTION WHEN OTHERS THEN
            result := SQLSTATE || ' ' || regexp_replace(regexp_replace(SQLERRM, '_[0-9]+"', '"'),
                                                        'local_docs', 'docs');
        END;
        outcome := outcome || result;
    END LOOP;
    IF outcome[1] = outcome[2] THEN
        RETURN outcome[1];
    END IF;
    RETURN 'DIFFERENT: ' || outcome[1] || ' | ' || outcome[2];
END $$;
-- Runs `q` and gives its SQLSTATE and error (node addresses masked), or 'ok'.
CREATE FUNCTION public.nl_error(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ' ' || regexp_replace(SQLERRM, '127\.0\.0\.1:[0-9]+', 'NODE', 'g');
END $$;
GRANT EXECUTE ON FUNCTION public.nl_both(text), public.nl_error(text) TO PUBLIC;

-- SECURITY DEFINER functions owned by NOLOGIN roles: nl_owner (granted to nl_login) and
-- nl_stranger (granted to no one).
CREATE FUNCTION nl.owner_reads(t regclass) RETURNS text SECURITY DEFINER LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE format('SELECT current_user || '' '' || count(*) || '' '' || sum(id) FROM %s', t)
        INTO result;
    RETURN result;
END $$;
ALTER FUNCTION nl.owner_reads(regclass) OWNER TO nl_owner;
CREATE FUNCTION nl.owner_writes(t regclass, new_id int) RETURNS text SECURITY DEFINER
LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE format('INSERT INTO %s VALUES (2, $1, current_user)', t) USING new_id;
    EXECUTE format('UPDATE %s SET body = body || ''!'' WHERE id = $1', t) USING new_id;
    EXECUTE format('SELECT string_agg(body, '','' ORDER BY id) FROM %s WHERE id >= 1000', t)
        INTO result;
    RETURN result;
END $$;
ALTER FUNCTION nl.owner_writes(regclass, int) OWNER TO nl_owner;
CREATE FUNCTION nl.stranger_reads(t regclass) RETURNS text SECURITY DEFINER LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE format('SELECT count(*) FROM %s', t) INTO result;
    RETURN result;
END $$;
ALTER FUNCTION nl.stranger_reads(regclass) OWNER TO nl_stranger;

\c - nl_login
SET search_path TO nl, public;
SELECT session_user, current_user;
-- SET ROLE: router and multi-shard reads, writes, all with the tenant policy applied on the
-- shards for nl_app.
SET app.tenant = '1';
SET ROLE nl_app;
SELECT current_user, count(*), sum(id) FROM docs;
SELECT * FROM docs WHERE tenant = 1 AND id < 10 ORDER BY id;
SELECT nl_both('SELECT * FROM %s');
SELECT nl_both('SELECT * FROM %s WHERE tenant = 1');
SELECT nl_both('SELECT * FROM %s WHERE tenant = 2');
SELECT nl_both('SELECT tenant, count(*) FROM %s GROUP BY tenant');
-- The worker sessions: logged in as nl_login, running as nl_app.
SELECT DISTINCT result FROM run_command_on_workers('SELECT session_user || '' '' || current_user');
SELECT nl_both('INSERT INTO %s VALUES (1, 101, ''new'')');
SELECT nl_both('INSERT INTO %s VALUES (2, 102, ''other tenant'')');
SELECT nl_both('UPDATE %s SET body = body || ''+'' WHERE id IN (1, 2, 5) RETURNING id, body');
SELECT nl_both('UPDATE %s SET body = ''hidden'' WHERE tenant = 2');
SELECT nl_both('DELETE FROM %s WHERE id IN (13, 14) RETURNING id');
SELECT nl_both('SELECT * FROM %s');
-- Another tenant: the setting reaches the workers' sessions.
SET app.tenant = '3';
SELECT nl_both('SELECT * FROM %s');
-- COPY: to a table without RLS and out of one with it; COPY FROM into a table with RLS is
-- refused as PostgreSQL refuses it.
COPY ledger FROM STDIN;
1	10
2	20
3	30
\.
COPY (SELECT * FROM ledger ORDER BY tenant) TO STDOUT;
COPY (SELECT id FROM docs ORDER BY id) TO STDOUT;
\set VERBOSITY terse
COPY docs FROM STDIN;
\.
COPY local_docs FROM STDIN;
\.
-- Privileges the role lacks are refused as PostgreSQL refuses them.
SELECT * FROM secret;
UPDATE ledger SET amount = 0;
DELETE FROM ledger WHERE tenant = 1;
\set VERBOSITY default
RESET ROLE;
SELECT current_user, count(*) FROM ledger;

-- SET LOCAL ROLE in a transaction block: writes on both workers commit together (2PC) and the
-- transaction's reads see them; the role ends with the transaction.
BEGIN;
SET LOCAL ROLE nl_app;
SET LOCAL app.tenant = '2';
INSERT INTO ledger SELECT i, i * 100 FROM generate_series(1, 20) i;
SELECT count(*), sum(amount) FROM ledger;
SELECT nl_both('INSERT INTO %s VALUES (2, 201, ''in transaction'')');
SELECT nl_both('SELECT id, body FROM %s WHERE id > 100');
COMMIT;
SELECT current_user;
SELECT count(*), sum(amount) FROM ledger;
-- A rolled back transaction leaves nothing, and the role is gone with it.
BEGIN;
SET LOCAL ROLE nl_app;
INSERT INTO ledger SELECT i, 1 FROM generate_series(1, 20) i;
ROLLBACK;
SELECT current_user, count(*) FROM ledger;
-- Switching roles after the transaction used a node: the node's connection in the transaction
-- takes the new role on (SET LOCAL ROLE), so it sees the transaction's work, with the new role's
-- privileges and policies; switching back restores the old ones. Savepoints undo switches.
BEGIN;
INSERT INTO ledger SELECT i, 5 FROM generate_series(1, 20) i;
INSERT INTO docs VALUES (3, 500, 'tx'), (3, 501, 'tx');
INSERT INTO local_docs VALUES (3, 500, 'tx'), (3, 501, 'tx');
SET LOCAL ROLE nl_app;
SELECT current_user, count(*), sum(amount) FROM ledger;
SELECT nl_both('SELECT * FROM %s WHERE id >= 500');
SELECT nl_both('SELECT tenant, count(*) FROM %s GROUP BY tenant');
SELECT nl_both('UPDATE %s SET body = body || ''+'' WHERE id > 35');
SELECT nl_both('INSERT INTO %s VALUES (1, 502, ''no'')');
SELECT nl_error('SELECT count(*) FROM nl.secret');
SAVEPOINT s;
RESET ROLE;
SELECT current_user, count(*) FROM docs WHERE id >= 500;
ROLLBACK TO SAVEPOINT s;
SELECT current_user, nl_both('SELECT * FROM %s WHERE id > 35');
RESET ROLE;
SELECT current_user, nl_both('SELECT * FROM %s WHERE id > 35');
SELECT owner_reads('docs') AS distributed, owner_reads('local_docs') AS local;
ROLLBACK;
BEGIN;
SET LOCAL ROLE nl_app;
RESET ROLE;
SET LOCAL ROLE nl_app;
SELECT count(*) FROM ledger;
COMMIT;

-- SECURITY DEFINER functions owned by a NOLOGIN role the session user is a member of: run as
-- that role on the shards (its policy shows tenant 2 only).
SELECT owner_reads('docs') AS distributed, owner_reads('local_docs') AS local;
SELECT owner_writes('docs', 1000) AS distributed, owner_writes('local_docs', 1000) AS local;
SELECT owner_reads('docs') AS distributed, owner_reads('local_docs') AS local;
-- ... and one the session user is not a member of: the node cannot set the role.
SELECT stranger_reads('local_docs');
SELECT nl_error('SELECT nl.stranger_reads(''nl.docs'')');
\set VERBOSITY default
SET ROLE nl_stranger;
RESET ROLE;

\c - postgres
SET search_path TO nl, public;
-- A superuser may become any role, and the function of a role it is not granted runs.
SELECT stranger_reads('docs') AS distributed, stranger_reads('local_docs') AS local;
-- Back to the superuser after the transaction wrote as nl_app: its connection logged in as the
-- superuser, who sets either role.
BEGIN;
SET LOCAL ROLE nl_app;
INSERT INTO ledger SELECT i, 7 FROM generate_series(1, 20) i;
RESET ROLE;
SELECT count(*) FROM ledger;
SELECT stranger_reads('docs') AS distributed, stranger_reads('local_docs') AS local;
ROLLBACK;
-- Back from a role that logs in itself: its connection cannot become the superuser, and another
-- would not see the transaction's work there. Refused.
BEGIN;
SET LOCAL ROLE nl_login;
INSERT INTO ledger SELECT i, 7 FROM generate_series(1, 20) i;
RESET ROLE;
SELECT nl_error('SELECT count(*) FROM nl.ledger');
ROLLBACK;
-- SET SESSION AUTHORIZATION after writes: the node's session user would stay the superuser.
-- Refused too.
BEGIN;
INSERT INTO ledger SELECT i, 7 FROM generate_series(1, 20) i;
SET SESSION AUTHORIZATION nl_login;
SELECT nl_error('SELECT count(*) FROM nl.ledger');
ROLLBACK;
SELECT session_user, current_user;
-- SET SESSION AUTHORIZATION to a NOLOGIN role: the authenticated superuser logs in and sets it.
SET SESSION AUTHORIZATION nl_app;
SET app.tenant = '2';
SELECT session_user, current_user;
SELECT nl_both('SELECT * FROM %s WHERE id > 100');
SELECT DISTINCT result FROM run_command_on_workers('SELECT session_user || '' '' || current_user');
RESET SESSION AUTHORIZATION;
-- ... and to a LOGIN role, which then sets a NOLOGIN one.
SET SESSION AUTHORIZATION nl_login;
SET ROLE nl_app;
SELECT DISTINCT result FROM run_command_on_workers('SELECT session_user || '' '' || current_user');
SELECT nl_both('SELECT count(*) FROM %s');
RESET SESSION AUTHORIZATION;
SELECT current_user;
-- Everything as the owner sees it.
SELECT nl_both('SELECT tenant, count(*), sum(id), string_agg(body, '','' ORDER BY id) FILTER (WHERE id > 100 OR body ~ ''[!+]'') FROM %s GROUP BY tenant');

RESET search_path;
SET client_min_messages TO warning;
DROP SCHEMA nl CASCADE;
DROP FUNCTION public.nl_both(text), public.nl_error(text);
DROP ROLE nl_login, nl_app, nl_owner, nl_stranger;
