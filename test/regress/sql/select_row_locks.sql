-- Row locks of SELECT on distributed tables: router queries and queries across shards send the
-- locking clause to the shards and run in the coordinated transaction, so the locks last until
-- the coordinator's transaction ends. The other session runs through dblink; ours waits at most
-- 300ms for a lock.
\set VERBOSITY terse
CREATE TABLE lock_jobs (id int PRIMARY KEY, state text NOT NULL);
SELECT create_distributed_table('lock_jobs', 'id', shard_count => 4);
INSERT INTO lock_jobs SELECT g, 'queued' FROM generate_series(1, 40) g;
CREATE TABLE lock_steps (job_id int, step int, PRIMARY KEY (job_id, step));
SELECT create_distributed_table('lock_steps', 'job_id', colocate_with => 'lock_jobs');
INSERT INTO lock_steps SELECT g, 1 FROM generate_series(1, 40) g;
CREATE TABLE lock_ref (id int PRIMARY KEY, label text);
SELECT create_reference_table('lock_ref');
INSERT INTO lock_ref VALUES (1, 'one');
CREATE EXTENSION IF NOT EXISTS dblink;
SELECT dblink_connect('other', format('host=127.0.0.1 port=%s dbname=%s user=%s',
                                      :coordinator_port, current_database(), current_user));
SET lock_timeout = '300ms';

-- A router query's lock lasts until the other session's transaction ends.
SELECT dblink_exec('other', 'BEGIN');
SELECT * FROM dblink('other', 'SELECT id FROM lock_jobs WHERE id = 1 FOR UPDATE') AS t(id int);
SELECT id FROM lock_jobs WHERE id = 1 FOR UPDATE NOWAIT;
-- NOWAIT's error is PostgreSQL's, without the distributed lock timeout's hint.
DO $$
DECLARE
    hint text;
BEGIN
    PERFORM id FROM lock_jobs WHERE id = 1 FOR UPDATE NOWAIT;
EXCEPTION WHEN lock_not_available THEN
    GET STACKED DIAGNOSTICS hint = PG_EXCEPTION_HINT;
    RAISE NOTICE 'error: %; hint: %', SQLERRM, coalesce(nullif(hint, ''), '(none)');
END
$$;
SELECT id FROM lock_jobs WHERE id = 1 FOR SHARE;
SELECT id FROM lock_jobs WHERE id = 2 FOR UPDATE NOWAIT;
SELECT dblink_exec('other', 'COMMIT');
SELECT id FROM lock_jobs WHERE id = 1 FOR UPDATE NOWAIT;

-- The same through a prepared statement (its shard found from the parameter at each execution,
-- also with a generic plan).
SELECT dblink_exec('other', 'PREPARE lock_one(int) AS SELECT id FROM lock_jobs WHERE id = $1 FOR UPDATE');
SELECT dblink_exec('other', 'SET plan_cache_mode = force_generic_plan');
SELECT dblink_exec('other', 'BEGIN');
SELECT * FROM dblink('other', 'EXECUTE lock_one(3)') AS t(id int);
SELECT id FROM lock_jobs WHERE id = 3 FOR UPDATE NOWAIT;
SELECT dblink_exec('other', 'COMMIT');
SELECT dblink_exec('other', 'RESET plan_cache_mode');
SELECT id FROM lock_jobs WHERE id = 3 FOR UPDATE NOWAIT;

-- A job queue: SKIP LOCKED splits the queued jobs between the sessions. Across shards each
-- shard's query locks its first LIMIT (+ OFFSET) rows in the query's order, so the other
-- session holds more rows than it returned; ours skips them all, and gets other jobs.
SELECT dblink_exec('other', 'BEGIN');
CREATE TEMP TABLE other_locked AS
SELECT * FROM dblink('other', 'SELECT id FROM lock_jobs WHERE state = ''queued'' ORDER BY id
                                LIMIT 3 FOR UPDATE SKIP LOCKED') AS t(id int);
SELECT * FROM other_locked ORDER BY id;
BEGIN;
CREATE TEMP TABLE ours AS
SELECT id FROM lock_jobs WHERE state = 'queued' ORDER BY id LIMIT 3 FOR UPDATE SKIP LOCKED;
SELECT count(*) AS ours, count(*) FILTER (WHERE id IN (SELECT id FROM other_locked)) AS shared
FROM ours;
UPDATE lock_jobs SET state = 'running' WHERE id IN (SELECT id FROM ours);
COMMIT;
-- Rows the other session holds: NOWAIT fails at once, a lock that waits ends at lock_timeout
-- (FOR KEY SHARE too: it conflicts with FOR UPDATE).
SELECT id FROM lock_jobs WHERE state = 'queued' FOR UPDATE NOWAIT;
SELECT id FROM lock_jobs WHERE state = 'queued' FOR NO KEY UPDATE;
SELECT id FROM lock_jobs WHERE state = 'queued' FOR KEY SHARE;
SELECT dblink_exec('other', 'COMMIT');
SELECT id, state FROM lock_jobs WHERE state = 'running' ORDER BY id FOR UPDATE NOWAIT;

-- FOR NO KEY UPDATE does not conflict with FOR KEY SHARE.
SELECT dblink_exec('other', 'BEGIN');
SELECT count(*) FROM dblink('other', 'SELECT id FROM lock_jobs WHERE id > 30 FOR NO KEY UPDATE')
    AS t(id int);
SELECT id FROM lock_jobs WHERE id > 35 ORDER BY id FOR KEY SHARE NOWAIT;
SELECT id FROM lock_jobs WHERE id > 35 ORDER BY id FOR SHARE NOWAIT;
SELECT dblink_exec('other', 'ROLLBACK');

-- An UPDATE whose subquery locks rows across shards and skips those held by the other session.
SELECT dblink_exec('other', 'BEGIN');
SELECT * FROM dblink('other', 'SELECT id FROM lock_jobs WHERE state = ''queued'' ORDER BY id
                                LIMIT 2 FOR UPDATE SKIP LOCKED') AS t(id int);
WITH taken AS (
    UPDATE lock_jobs SET state = 'running'
    WHERE id IN (SELECT id FROM lock_jobs WHERE state = 'queued' ORDER BY id LIMIT 2
                 FOR UPDATE SKIP LOCKED)
    RETURNING id, state)
SELECT * FROM taken ORDER BY id;
SELECT dblink_exec('other', 'ROLLBACK');

-- A multi-shard lock that waits takes the shards' write locks on the coordinator until its
-- transaction ends (as multi-shard writes do): other multi-shard locks that wait, and
-- multi-shard writes, queue there (no lock wait cycle across nodes); locks that skip or fail at
-- once, and single-shard statements, do not.
SELECT dblink_exec('other', 'BEGIN');
SELECT * FROM dblink('other', 'SELECT id FROM lock_jobs WHERE state = ''queued'' ORDER BY id
                                LIMIT 2 FOR UPDATE') AS t(id int);
SELECT id FROM lock_jobs WHERE state = 'done' FOR UPDATE;
UPDATE lock_jobs SET state = state WHERE state = 'done';
SELECT id FROM lock_jobs WHERE state = 'done' FOR UPDATE SKIP LOCKED;
SELECT id FROM lock_jobs WHERE id = 40 FOR UPDATE;
SELECT dblink_exec('other', 'ROLLBACK');

-- Locked in an autocommit statement: released when it ends.
SELECT id FROM lock_jobs WHERE state = 'running' ORDER BY id FOR UPDATE;
SELECT count(*) FROM dblink('other', 'SELECT id FROM lock_jobs FOR UPDATE NOWAIT') AS t(id int);

-- Lock rows across shards, then write them in the same transaction: the writes use the
-- connections that hold the locks and do not wait on them; the other session skips the rows.
BEGIN;
SELECT j.id, s.step FROM lock_jobs j JOIN lock_steps s ON s.job_id = j.id
WHERE j.id > 34 ORDER BY j.id FOR UPDATE OF j;
UPDATE lock_jobs SET state = 'done' WHERE id > 34;
UPDATE lock_steps SET step = 2 WHERE job_id > 34;
SELECT count(*) FROM dblink('other', 'SELECT job_id FROM lock_steps FOR UPDATE SKIP LOCKED')
    AS t(id int);
SELECT count(*) FROM dblink('other', 'SELECT id FROM lock_jobs FOR UPDATE SKIP LOCKED')
    AS t(id int);
COMMIT;
SELECT state, count(*) FROM lock_jobs GROUP BY state ORDER BY state;

-- Reference table rows are not locked across shards (one row, several copies); FOR UPDATE OF
-- the distributed table is.
SELECT j.id FROM lock_jobs j JOIN lock_ref r ON r.id = j.id FOR UPDATE;
SELECT j.id, r.label FROM lock_jobs j JOIN lock_ref r ON r.id = j.id FOR UPDATE OF j;
-- Shapes PostgreSQL does not lock, or Tessera cannot yet.
SELECT count(*) FROM lock_jobs FOR UPDATE;
SELECT DISTINCT state FROM lock_jobs FOR UPDATE;
SELECT * FROM (SELECT id FROM lock_jobs FOR UPDATE) s WHERE id > 38;
SELECT id FROM lock_jobs WHERE id IN (SELECT job_id FROM lock_steps) FOR UPDATE;
-- Each shard's query locks at most LIMIT rows: LockRows below its Limit.
CREATE FUNCTION lock_plan(query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        RETURN NEXT regexp_replace(regexp_replace(line, 'port=[0-9]+', 'port=N'),
                                   '_[0-9]{6,}', '_N', 'g');
    END LOOP;
END
$$;
SELECT lock_plan($$SELECT id FROM lock_jobs WHERE state = 'done' ORDER BY id LIMIT 2 FOR UPDATE SKIP LOCKED$$);
DROP FUNCTION lock_plan(text);

-- In a read-only transaction, a locking read is refused as PostgreSQL refuses it, named by its
-- lock (router, across shards, reference table, in a subquery); a plain SELECT still runs.
\set VERBOSITY default
BEGIN READ ONLY;
SELECT id FROM lock_jobs WHERE id = 1 FOR UPDATE;
ROLLBACK;
BEGIN READ ONLY;
SELECT id FROM lock_jobs WHERE state = 'done' FOR SHARE;
ROLLBACK;
BEGIN READ ONLY;
SELECT id FROM lock_ref FOR NO KEY UPDATE;
ROLLBACK;
BEGIN READ ONLY;
SELECT * FROM (SELECT id FROM lock_jobs WHERE id = 2 FOR KEY SHARE) s;
ROLLBACK;
BEGIN READ ONLY;
SELECT count(*) FROM lock_jobs;
COMMIT;
\set VERBOSITY terse

RESET lock_timeout;
SELECT dblink_disconnect('other');
DROP EXTENSION dblink;
DROP TABLE lock_steps, lock_jobs, lock_ref;
