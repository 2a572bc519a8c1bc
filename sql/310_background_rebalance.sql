-- The background rebalancer: citus_rebalance_start records a job (pg_dist_background_job) with
-- one task per shard group move (pg_dist_background_task) and returns at once; after its
-- transaction commits, a background worker (the job runner, src/operations/background_jobs.cpp)
-- runs the moves one after the other, each in its own transaction, and records every task's and
-- the job's state. One rebalance job at a time. citus_rebalance_status, citus_rebalance_wait and
-- citus_rebalance_stop follow the latest rebalance job; citus_job_wait and citus_job_cancel take
-- a job id. The catalogs, states and functions follow Citus's.
--
-- A job whose runner stopped (a coordinator crash or restart, a terminated worker) is finished by
-- the maintenance worker's next pass: a job that had not started is run, one that was running is
-- marked failed (a cancelled one cancelled), with its interrupted task in state error; the moves
-- that finished stay, the interrupted move was rolled back (or is completed by 2PC recovery).
-- citus_rebalance_start ends such a rebalance job itself when it finds one, and citus_job_wait,
-- citus_job_status, citus_rebalance_status and citus_job_list end a running (cancelling) job
-- whose runner is gone when they look at it (tessera.end_job_if_runner_gone), so that waiting on
-- it does not last until the next maintenance pass. A job still scheduled whose runner never
-- started is left to the maintenance pass, which starts one.

CREATE TYPE tessera.citus_job_status AS ENUM ('scheduled', 'running', 'finished', 'cancelling',
                                              'cancelled', 'failing', 'failed');
ALTER TYPE tessera.citus_job_status SET SCHEMA pg_catalog;
CREATE TYPE tessera.citus_task_status AS ENUM ('blocked', 'runnable', 'running', 'done',
                                               'cancelling', 'error', 'unscheduled', 'cancelled');
ALTER TYPE tessera.citus_task_status SET SCHEMA pg_catalog;

CREATE TABLE tessera.pg_dist_background_job (
    job_id bigserial NOT NULL PRIMARY KEY,
    state pg_catalog.citus_job_status NOT NULL DEFAULT 'scheduled',
    job_type name NOT NULL,
    description text NOT NULL,
    started_at timestamptz,
    finished_at timestamptz
);
ALTER TABLE tessera.pg_dist_background_job SET SCHEMA pg_catalog; -- with its sequence
GRANT SELECT ON pg_catalog.pg_dist_background_job TO public;
GRANT SELECT ON pg_catalog.pg_dist_background_job_job_id_seq TO public;

CREATE TABLE tessera.pg_dist_background_task (
    job_id bigint NOT NULL REFERENCES pg_catalog.pg_dist_background_job (job_id),
    task_id bigserial NOT NULL,
    owner regrole NOT NULL DEFAULT CURRENT_USER::regrole,
    pid integer,
    status pg_catalog.citus_task_status NOT NULL DEFAULT 'runnable',
    command text NOT NULL,
    retry_count integer,
    not_before timestamptz,
    message text NOT NULL DEFAULT '',
    nodes_involved integer[],
    PRIMARY KEY (job_id, task_id),
    UNIQUE (task_id)
);
ALTER TABLE tessera.pg_dist_background_task SET SCHEMA pg_catalog; -- with its sequence
GRANT SELECT ON pg_catalog.pg_dist_background_task TO public;
GRANT SELECT ON pg_catalog.pg_dist_background_task_task_id_seq TO public;

-- Plans the moves (by shard count, as rebalance_table_shards) and schedules them as a background
-- job; returns its id, or NULL (with a NOTICE) when there is nothing to move.
CREATE FUNCTION pg_catalog.citus_rebalance_start(rebalance_strategy name DEFAULT NULL,
                                                 drain_only boolean DEFAULT false,
                                                 shard_transfer_mode text DEFAULT 'auto')
    RETURNS bigint LANGUAGE C CALLED ON NULL INPUT VOLATILE
    AS 'MODULE_PATHNAME', 'citus_rebalance_start';
COMMENT ON FUNCTION pg_catalog.citus_rebalance_start(name, boolean, text)
    IS 'rebalance the shards of the cluster in a background job';
REVOKE ALL ON FUNCTION pg_catalog.citus_rebalance_start(name, boolean, text) FROM public;

-- Ends job job_id at once if it is running (or being cancelled) but its runner is gone (e.g.
-- terminated with pg_terminate_backend): a new runner, started here and waited for (at most 5 s),
-- marks it failed (cancelled) with its interrupted task in state error. Returns whether it
-- started one.
CREATE FUNCTION tessera.end_job_if_runner_gone(job_id bigint)
    RETURNS boolean LANGUAGE C STRICT VOLATILE
    AS 'MODULE_PATHNAME', 'tessera_end_job_if_runner_gone';

-- One job with its task counts and, in details.tasks, the tasks that are running, failed or were
-- interrupted (state, command, message). raw is accepted for compatibility: the details are the
-- same either way. A job whose runner is gone is ended first (tessera.end_job_if_runner_gone).
CREATE FUNCTION pg_catalog.citus_job_status(job_id bigint, raw boolean DEFAULT false)
    RETURNS TABLE (job_id bigint, state pg_catalog.citus_job_status, job_type name,
                   description text, started_at timestamptz, finished_at timestamptz,
                   details jsonb)
    LANGUAGE sql STRICT VOLATILE
    SET search_path = pg_catalog
    AS $$
    SELECT tessera.end_job_if_runner_gone(citus_job_status.job_id);
    SELECT j.job_id, j.state, j.job_type, j.description, j.started_at, j.finished_at,
           jsonb_build_object(
               'task_state_counts',
               (SELECT coalesce(jsonb_object_agg(c.status, c.n), '{}'::jsonb)
                  FROM (SELECT t.status, count(*) AS n FROM pg_dist_background_task t
                         WHERE t.job_id = j.job_id GROUP BY t.status) c),
               'tasks',
               (SELECT coalesce(jsonb_agg(jsonb_build_object('task_id', t.task_id,
                                                             'state', t.status,
                                                             'command', t.command,
                                                             'message', t.message,
                                                             'retried', coalesce(t.retry_count, 0))
                                          ORDER BY t.task_id), '[]'::jsonb)
                  FROM pg_dist_background_task t
                 WHERE t.job_id = j.job_id AND t.status IN ('running', 'cancelling', 'error')))
      FROM pg_dist_background_job j
     WHERE j.job_id = citus_job_status.job_id
$$;

-- Every job, oldest first (jobs whose runner is gone ended first).
CREATE FUNCTION pg_catalog.citus_job_list()
    RETURNS TABLE (job_id bigint, state pg_catalog.citus_job_status, job_type name,
                   description text, started_at timestamptz, finished_at timestamptz)
    LANGUAGE sql VOLATILE
    SET search_path = pg_catalog
    AS $$
    SELECT tessera.end_job_if_runner_gone(j.job_id) FROM pg_dist_background_job j
     WHERE j.state IN ('running', 'cancelling', 'failing');
    SELECT job_id, state, job_type, description, started_at, finished_at
      FROM pg_dist_background_job ORDER BY job_id
$$;

-- citus_job_status of the latest rebalance job (no row if there never was one).
CREATE FUNCTION pg_catalog.citus_rebalance_status(raw boolean DEFAULT false)
    RETURNS TABLE (job_id bigint, state pg_catalog.citus_job_status, job_type name,
                   description text, started_at timestamptz, finished_at timestamptz,
                   details jsonb)
    LANGUAGE sql STRICT VOLATILE
    SET search_path = pg_catalog
    AS $$
    SELECT s.* FROM (SELECT max(j.job_id) AS job_id FROM pg_dist_background_job j
                      WHERE j.job_type = 'rebalance') latest,
                    citus_job_status(latest.job_id, raw) s
$$;

-- Waits until the job reaches desired_status or, without one, a final state (finished, failed,
-- cancelled). Raises an error when the job can no longer reach what was waited for: without
-- desired_status, when it failed or was cancelled. A job whose runner is gone is ended (failed,
-- or cancelled) rather than waited on forever.
CREATE FUNCTION pg_catalog.citus_job_wait(job_id bigint,
                                          desired_status pg_catalog.citus_job_status DEFAULT NULL)
    RETURNS void LANGUAGE plpgsql CALLED ON NULL INPUT VOLATILE
    SET search_path = pg_catalog
    AS $$
DECLARE
    job_state pg_catalog.citus_job_status;
    failure text;
BEGIN
    IF job_id IS NULL THEN
        RAISE EXCEPTION 'job_id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    LOOP
        SELECT j.state INTO job_state FROM pg_dist_background_job j
         WHERE j.job_id = citus_job_wait.job_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'background job % does not exist', job_id
                USING ERRCODE = 'undefined_object';
        END IF;
        EXIT WHEN job_state = desired_status;
        -- A runner that is gone will not end the job: it is ended now, and read again.
        IF job_state IN ('running', 'cancelling', 'failing')
           AND tessera.end_job_if_runner_gone(job_id) THEN
            CONTINUE;
        END IF;
        IF job_state IN ('finished', 'failed', 'cancelled') THEN
            IF desired_status IS NOT NULL THEN
                RAISE EXCEPTION 'background job % reached state "%" instead of "%"',
                                job_id, job_state, desired_status
                    USING ERRCODE = 'object_not_in_prerequisite_state';
            END IF;
            IF job_state = 'failed' THEN
                SELECT t.message INTO failure FROM pg_dist_background_task t
                 WHERE t.job_id = citus_job_wait.job_id AND t.status = 'error'
                 ORDER BY t.task_id LIMIT 1;
                RAISE EXCEPTION 'background job % failed', job_id
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          DETAIL = coalesce('A task failed: ' || failure, 'No task error was recorded.'),
                          HINT = 'See SELECT * FROM citus_job_status(' || job_id || ');';
            ELSIF job_state = 'cancelled' THEN
                RAISE EXCEPTION 'background job % was cancelled', job_id
                    USING ERRCODE = 'object_not_in_prerequisite_state';
            END IF;
            EXIT;
        END IF;
        PERFORM pg_sleep(0.1);
    END LOOP;
END
$$;

-- Cancels a job that has not finished: tasks not started are cancelled, the running move is
-- interrupted (and rolled back); the job ends cancelled once its runner has stopped the move.
CREATE FUNCTION pg_catalog.citus_job_cancel(job_id bigint)
    RETURNS void LANGUAGE plpgsql STRICT VOLATILE
    SET search_path = pg_catalog
    AS $$
DECLARE
    job_state pg_catalog.citus_job_status;
    runner integer;
BEGIN
    SELECT j.state INTO job_state FROM pg_dist_background_job j
     WHERE j.job_id = citus_job_cancel.job_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'background job % does not exist', job_id
            USING ERRCODE = 'undefined_object';
    END IF;
    IF job_state IN ('finished', 'failed', 'cancelled') THEN
        RAISE EXCEPTION 'background job % has already ended (state "%")', job_id, job_state
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    UPDATE pg_dist_background_task t SET status = 'cancelled'
     WHERE t.job_id = citus_job_cancel.job_id AND t.status IN ('blocked', 'runnable');
    UPDATE pg_dist_background_task t SET status = 'cancelling'
     WHERE t.job_id = citus_job_cancel.job_id AND t.status = 'running'
    RETURNING t.pid INTO runner;
    IF job_state = 'scheduled' AND runner IS NULL THEN
        UPDATE pg_dist_background_job j SET state = 'cancelled', finished_at = now()
         WHERE j.job_id = citus_job_cancel.job_id;
    ELSE
        UPDATE pg_dist_background_job j SET state = 'cancelling'
         WHERE j.job_id = citus_job_cancel.job_id;
        -- The runner finds the job cancelling once this commits; interrupting its move now makes
        -- it roll the move back instead of finishing it.
        IF runner IS NOT NULL THEN
            PERFORM pg_cancel_backend(runner);
        END IF;
    END IF;
END
$$;
REVOKE ALL ON FUNCTION pg_catalog.citus_job_cancel(bigint) FROM public;

-- Waits for the ongoing rebalance job (see citus_job_wait); a WARNING if there is none.
CREATE FUNCTION pg_catalog.citus_rebalance_wait()
    RETURNS void LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog
    AS $$
DECLARE
    ongoing bigint;
BEGIN
    SELECT max(j.job_id) INTO ongoing FROM pg_dist_background_job j
     WHERE j.job_type = 'rebalance' AND j.state NOT IN ('finished', 'failed', 'cancelled');
    IF ongoing IS NULL THEN
        RAISE WARNING 'no ongoing rebalance that can be waited on';
        RETURN;
    END IF;
    PERFORM citus_job_wait(ongoing);
END
$$;

-- Cancels the ongoing rebalance job (see citus_job_cancel).
CREATE FUNCTION pg_catalog.citus_rebalance_stop()
    RETURNS void LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog
    AS $$
DECLARE
    ongoing bigint;
BEGIN
    SELECT max(j.job_id) INTO ongoing FROM pg_dist_background_job j
     WHERE j.job_type = 'rebalance' AND j.state NOT IN ('finished', 'failed', 'cancelled');
    IF ongoing IS NULL THEN
        RAISE EXCEPTION 'there is no ongoing rebalance to stop'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM citus_job_cancel(ongoing);
END
$$;
REVOKE ALL ON FUNCTION pg_catalog.citus_rebalance_stop() FROM public;
