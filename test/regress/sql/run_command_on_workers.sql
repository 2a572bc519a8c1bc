-- run_command_on_workers(command, parallel): one row per active worker, computed on that worker,
-- as the calling user, outside the coordinator's transaction.

-- Error messages name nodes with their ports, which change from run to run: mask them.
SELECT set_config('regress.worker_1_port', :'worker_1_port', false) IS NOT NULL AS set,
       set_config('regress.worker_2_port', :'worker_2_port', false) IS NOT NULL AS set;
CREATE FUNCTION pg_temp.mask_ports(message text) RETURNS text LANGUAGE sql AS $$
    SELECT replace(replace(message, current_setting('regress.worker_1_port'), '<worker_1_port>'),
                   current_setting('regress.worker_2_port'), '<worker_2_port>')
$$;

-- One row per worker, in node id order, each computed on its own server.
SELECT nodename, nodeport = :worker_1_port AS is_worker_1, nodeport = :worker_2_port AS is_worker_2,
       success, result::int = nodeport AS computed_there
  FROM run_command_on_workers('select current_setting(''port'')');
SELECT count(*) FROM run_command_on_workers('select 1', parallel => false);
SELECT nodeport = :worker_1_port AS is_worker_1, success, result::int = nodeport AS computed_there
  FROM run_command_on_workers('select current_setting(''port'')', false);

-- A failing command: success = false and the error text.
SELECT success, result FROM run_command_on_workers('select 1/0');
SELECT success, result FROM run_command_on_workers('selec 1');
SELECT success, result FROM run_command_on_workers('select * from no_such_table');
SELECT success, result FROM run_command_on_workers('select 1/0', false);
-- ... on one worker only: the other still succeeds.
SELECT nodeport = :worker_1_port AS is_worker_1, success, result
  FROM run_command_on_workers(format('select 10 / (current_setting(%L)::int - %s)', 'port',
                                     :worker_1_port));

-- A utility command reports its command tag.
SELECT success, result FROM run_command_on_workers('create table rcw_table (a int)');
SELECT success, result FROM run_command_on_workers('insert into rcw_table select generate_series(1, 5)');
SELECT success, result FROM run_command_on_workers('select count(*) from rcw_table');
SELECT success, result FROM run_command_on_workers('drop table rcw_table');

-- The result must be one value: several rows or columns are a failure; none is NULL.
SELECT success, result FROM run_command_on_workers('select generate_series(1, 2)');
SELECT success, result FROM run_command_on_workers('select 1, 2');
SELECT success, result FROM run_command_on_workers('select 1 where false');
SELECT success, result FROM run_command_on_workers('select null');
SELECT success, result FROM run_command_on_workers('');
-- Several statements: the last result counts; the first failure wins.
SELECT success, result FROM run_command_on_workers('select 1; select 2');
SELECT success, result FROM run_command_on_workers('select 1/0; select 2');
-- COPY through run_command_on_workers ends cleanly (it used to hang the backend).
SELECT success, result FROM run_command_on_workers('copy (select 1) to stdout');
SELECT success, result FROM run_command_on_workers('copy (select 1) to stdout', false);
SELECT success, result FROM run_command_on_workers('create table rcw_copy (a int)');
SELECT success, result FROM run_command_on_workers('copy rcw_copy from stdin');
SELECT success, result FROM run_command_on_workers('select count(*) from rcw_copy');
SELECT success, result FROM run_command_on_workers('drop table rcw_copy');

-- NULL arguments: the function is strict.
SELECT count(*) FROM run_command_on_workers(NULL);

-- The command runs outside the coordinator's transaction: a rollback here does not undo it, and
-- commands that refuse transaction blocks work.
BEGIN;
SELECT success, result FROM run_command_on_workers('create table rcw_outside (a int)');
ROLLBACK;
SELECT success, result FROM run_command_on_workers('select count(*) from pg_tables where tablename = ''rcw_outside''');
SELECT success, result FROM run_command_on_workers('drop table rcw_outside');
BEGIN;
SELECT success, result FROM run_command_on_workers('vacuum pg_class');
COMMIT;

-- Workers see the calling user, also after SET ROLE, and connections opened for one user are
-- never handed to another.
-- (CREATE ROLE and DROP ROLE reach the workers.)
CREATE ROLE rcw_user LOGIN;
CREATE ROLE rcw_nologin;
SELECT success, result FROM run_command_on_workers(
    $$select string_agg(rolname, ',' order by rolname) from pg_roles where rolname like 'rcw%'$$);
SELECT success, result FROM run_command_on_workers('select current_user');
SET ROLE rcw_user;
SELECT current_user;
SELECT success, result FROM run_command_on_workers('select current_user');
SELECT success, result FROM run_command_on_workers('select session_user');
-- Permissions are checked on the worker, for that user.
SELECT success, result FROM run_command_on_workers('create table rcw_denied (a int)');
RESET ROLE;
SELECT success, result FROM run_command_on_workers('select current_user');
SELECT success, result FROM run_command_on_workers('select session_user');
SET ROLE rcw_user;
SELECT success, result FROM run_command_on_workers('select current_user');
RESET ROLE;
SET SESSION AUTHORIZATION rcw_user;
SELECT success, result FROM run_command_on_workers('select current_user');
RESET SESSION AUTHORIZATION;
SELECT success, result FROM run_command_on_workers('select current_user');
-- A role that may not log in: the session user logs in on the workers and sets it.
SET ROLE rcw_nologin;
SELECT success, pg_temp.mask_ports(result) AS result
  FROM run_command_on_workers('select current_user');
RESET ROLE;
SELECT success, result FROM run_command_on_workers('select current_user');

DROP ROLE rcw_user;
DROP ROLE rcw_nologin;
SELECT success, result FROM run_command_on_workers(
    $$select count(*) from pg_roles where rolname like 'rcw%'$$);
