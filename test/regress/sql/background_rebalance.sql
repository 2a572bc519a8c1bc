-- The background rebalancer: citus_rebalance_start schedules a job whose moves a background
-- worker runs; status, wait, stop and the generic job functions. (Timing-dependent cases, i.e.
-- a stop or a failure in the middle of a move and a coordinator restart, are in
-- test/background_rebalance.sh.)
CREATE FUNCTION bg_try(command text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE command;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLERRM;
END $$;

-- No job yet.
SELECT count(*) FROM citus_rebalance_status();
SELECT citus_rebalance_wait();
SELECT bg_try('SELECT citus_rebalance_stop()');
SELECT bg_try('SELECT citus_job_wait(12345)');
SELECT bg_try('SELECT citus_job_cancel(12345)');
SELECT bg_try($$SELECT citus_rebalance_start(rebalance_strategy => 'no_such_strategy')$$);
SELECT bg_try($$SELECT citus_rebalance_start(shard_transfer_mode => 'fastest')$$);

-- A balanced cluster: nothing to move, no job.
SELECT citus_rebalance_start() IS NULL AS no_job;
SELECT count(*) AS jobs FROM pg_dist_background_job;

-- A table created while worker 2 takes no shards: all 4 shards on worker 1.
SELECT citus_set_node_property('127.0.0.1', :worker_2_port, 'shouldhaveshards', false);
CREATE TABLE bg_items (id int PRIMARY KEY, v text);
SELECT create_distributed_table('bg_items', 'id', shard_count => 4, colocate_with => 'none');
CREATE TABLE bg_notes (item_id int REFERENCES bg_items (id), note text);
SELECT create_distributed_table('bg_notes', 'item_id', colocate_with => 'bg_items');
SELECT citus_set_node_property('127.0.0.1', :worker_2_port, 'shouldhaveshards', true);
INSERT INTO bg_items SELECT i, 'item ' || i FROM generate_series(1, 1000) i;
INSERT INTO bg_notes SELECT i % 1000 + 1, 'note ' || i FROM generate_series(1, 3000) i;
CREATE VIEW bg_layout AS
SELECT s.logicalrelid AS table_name,
       count(*) FILTER (WHERE n.nodeport = :worker_1_port) AS on_worker_1,
       count(*) FILTER (WHERE n.nodeport = :worker_2_port) AS on_worker_2
FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid) JOIN pg_dist_node n USING (groupid)
WHERE s.logicalrelid::text LIKE 'bg\_%'
GROUP BY s.logicalrelid ORDER BY s.logicalrelid::text;
CREATE VIEW bg_totals AS
SELECT 'items' AS t, count(*) AS rows, sum(hashtext(i::text)) AS checksum FROM bg_items i
UNION ALL SELECT 'notes', count(*), sum(hashtext(n::text)) FROM bg_notes n;
CREATE TABLE bg_before AS SELECT * FROM bg_totals;
SELECT * FROM bg_layout;

-- Scheduling happens in the caller's transaction: rolled back, no job and no runner; a second
-- start in the same transaction is refused, naming the first job, and so is
-- rebalance_table_shards.
BEGIN;
SELECT citus_rebalance_start();
SELECT bg_try('SELECT citus_rebalance_start()');
SELECT bg_try('SELECT rebalance_table_shards()');
ROLLBACK;
SELECT count(*) AS jobs FROM pg_dist_background_job;
SELECT count(*) AS tasks FROM pg_dist_background_task;

-- Stopped before its transaction commits: cancelled at once, its runner does nothing.
BEGIN;
SELECT citus_rebalance_start();
SELECT citus_rebalance_stop();
COMMIT;
SELECT job_id, state, job_type, description, started_at IS NULL AS never_started,
       finished_at IS NOT NULL AS finished, details
FROM citus_rebalance_status();
SELECT pg_sleep(0.5);
SELECT * FROM bg_layout;
SELECT citus_rebalance_wait();
SELECT bg_try('SELECT citus_job_wait(2)');

-- The real thing: two moves, run in the background; wait returns once they are done.
SELECT citus_rebalance_start();
SELECT citus_rebalance_wait();
SELECT job_id, state, job_type, description, started_at <= finished_at AS timed, details
FROM citus_rebalance_status();
SELECT task_id, owner, pid, status, command LIKE 'SELECT pg_catalog.citus_move_shard_placement(%' AS is_move,
       retry_count, not_before, message, cardinality(nodes_involved) AS nodes
FROM pg_dist_background_task WHERE job_id = 3 ORDER BY task_id;
SELECT * FROM bg_layout;
SELECT count(*) AS rows_changed FROM (SELECT * FROM bg_totals EXCEPT SELECT * FROM bg_before) d;
SELECT count(*) FROM bg_notes JOIN bg_items ON bg_items.id = bg_notes.item_id;

-- citus_job_wait and citus_job_cancel on ended jobs.
SELECT citus_job_wait(3);
SELECT citus_job_wait(3, 'finished');
SELECT bg_try($$SELECT citus_job_wait(3, 'cancelled')$$);
SELECT bg_try('SELECT citus_job_cancel(3)');
SELECT job_id, state, job_type FROM citus_job_list();
SELECT citus_rebalance_start() IS NULL AS nothing_left;

-- Only superusers schedule or cancel jobs; everyone may look.
CREATE ROLE bg_user;
SET ROLE bg_user;
SELECT bg_try('SELECT citus_rebalance_start()');
SELECT bg_try('SELECT citus_job_cancel(3)');
SELECT count(*) FROM citus_job_list();
RESET ROLE;
DROP ROLE bg_user;

DROP VIEW bg_totals, bg_layout;
DROP TABLE bg_before, bg_notes, bg_items;
DROP FUNCTION bg_try(text);
