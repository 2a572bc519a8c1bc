-- The connection manager: connections to workers are reused across statements, survive a local
-- abort, are cancelled with the statement, and take tessera.node_conninfo into account.

-- The first command on a new connection may fail without undoing the session settings sent
-- with it, and commands that refuse transaction blocks work on new connections too.
SET TimeZone = 'Asia/Tokyo';
SELECT success, result FROM run_command_on_workers('select 1/0');
SELECT success, result FROM run_command_on_workers('show timezone');
RESET TimeZone;
SELECT success, result FROM run_command_on_workers('vacuum pg_class');

-- Reuse: the same worker backends serve statement after statement.
CREATE TEMP TABLE first_pids AS
    SELECT nodeport, result AS pid FROM run_command_on_workers('select pg_backend_pid()');
SELECT count(*) FROM first_pids;
CREATE FUNCTION pg_temp.same_worker_backends() RETURNS boolean LANGUAGE sql AS $$
    SELECT count(*) = 2 FROM run_command_on_workers('select pg_backend_pid()') r
      JOIN first_pids f ON f.nodeport = r.nodeport AND f.pid = r.result
$$;
SELECT pg_temp.same_worker_backends();
SELECT count(*) FROM run_command_on_workers('select 1', parallel => false);
SELECT pg_temp.same_worker_backends();
-- A command that fails on the workers leaves the connections usable.
SELECT success FROM run_command_on_workers('select 1/0');
SELECT pg_temp.same_worker_backends();
-- So does a local error that aborts the transaction.
BEGIN;
SELECT count(*) FROM run_command_on_workers('select 1');
SELECT 1/0;
ROLLBACK;
SELECT pg_temp.same_worker_backends();
-- Within a transaction block too: each call gives its connections back when done.
BEGIN;
SELECT pg_temp.same_worker_backends();
SELECT pg_temp.same_worker_backends();
DO $$
BEGIN
    FOR i IN 1..20 LOOP
        PERFORM run_command_on_workers('select 1');
    END LOOP;
END $$;
SELECT pg_temp.same_worker_backends();
COMMIT;

-- Cancel: the statement timeout interrupts a long remote command and the cancel reaches the
-- workers; nothing is left running there.
SELECT success, result FROM run_command_on_workers($cmd$
    create function wait_until_no_sleepers() returns bigint language plpgsql as $f$
    declare
        running bigint;
    begin
        for i in 1..400 loop
            perform pg_stat_clear_snapshot();
            select count(*) into running from pg_stat_activity
             where state = 'active' and query like '%pg_sleep(30)%' and pid <> pg_backend_pid();
            exit when running = 0;
            perform pg_sleep(0.05);
        end loop;
        return running;
    end $f$
$cmd$);
SET statement_timeout = '500ms';
SELECT * FROM run_command_on_workers('select pg_sleep(30)');
RESET statement_timeout;
SELECT success, result AS still_running FROM run_command_on_workers('select wait_until_no_sleepers()');
-- The same without parallelism (the first worker's command is the one interrupted).
SET statement_timeout = '500ms';
SELECT * FROM run_command_on_workers('select pg_sleep(30)', parallel => false);
RESET statement_timeout;
SELECT success, result AS still_running FROM run_command_on_workers('select wait_until_no_sleepers()');
-- Cancelled inside a transaction block.
BEGIN;
SET LOCAL statement_timeout = '500ms';
SELECT * FROM run_command_on_workers('select pg_sleep(30)');
ROLLBACK;
SELECT success, result AS still_running FROM run_command_on_workers('select wait_until_no_sleepers()');
-- Afterwards everything works, and connections are reused again.
DROP TABLE first_pids;
CREATE TEMP TABLE first_pids AS
    SELECT nodeport, result AS pid FROM run_command_on_workers('select pg_backend_pid()');
SELECT pg_temp.same_worker_backends();
SELECT success, result FROM run_command_on_workers('drop function wait_until_no_sleepers()');

-- tessera.node_conninfo: extra libpq settings for node connections. It is reloadable
-- (PGC_SIGHUP), not settable per session.
SHOW tessera.node_conninfo;
SET tessera.node_conninfo = 'connect_timeout=5';
SELECT success, regexp_replace(result, ':[0-9]+:[0-9]+$', ':<pid>:<start>') AS result
  FROM run_command_on_workers('select current_setting(''application_name'')');
ALTER SYSTEM SET tessera.node_conninfo = 'application_name=tessera_test connect_timeout=5';
SELECT pg_reload_conf();
SELECT pg_sleep(1); -- the reload reaches this backend before its next statement
SHOW tessera.node_conninfo;
-- The pooled connections were opened with the old settings: new ones replace them.
SELECT success, regexp_replace(result, ':[0-9]+:[0-9]+$', ':<pid>:<start>') AS result
  FROM run_command_on_workers('select current_setting(''application_name'')');
SELECT pg_temp.same_worker_backends();
-- Invalid values are refused when set, with the reason.
ALTER SYSTEM SET tessera.node_conninfo = 'connect_timeout';
ALTER SYSTEM SET tessera.node_conninfo = 'no_such_option=1';
ALTER SYSTEM SET tessera.node_conninfo = 'host=elsewhere';
ALTER SYSTEM SET tessera.node_conninfo = 'dbname=other';
ALTER SYSTEM SET tessera.node_conninfo = 'user=someone_else';
SHOW tessera.node_conninfo;
ALTER SYSTEM RESET tessera.node_conninfo;
SELECT pg_reload_conf();
SELECT pg_sleep(1);
SHOW tessera.node_conninfo;
SELECT success, regexp_replace(result, ':[0-9]+:[0-9]+$', ':<pid>:<start>') AS result
  FROM run_command_on_workers('select current_setting(''application_name'')');
