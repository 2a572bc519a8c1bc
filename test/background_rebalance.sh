#!/usr/bin/env bash
# ctest background_rebalance: the background rebalancer (citus_rebalance_start and its job runner)
# on a real cluster. Every shard copy pauses 3 s (tessera.test_fault = pause_during_shard_copy,
# set for the role so that the job runner has it too), which leaves time to act mid-job:
#   1. start on an unbalanced cluster (worker 2 added after distributing) while a loop of
#      single-row INSERTs runs through the coordinator; the job runs, status shows it running, a
#      second start is refused naming the job; citus_rebalance_wait returns once it finished;
#      placements are balanced, every acknowledged INSERT is there exactly once, the other rows'
#      count and checksum are unchanged
#   2. citus_rebalance_stop mid-job: the running move is rolled back, the rest never start, the
#      job ends cancelled and citus_rebalance_wait says so; data intact; a new start finishes
#   3. the target worker stopped mid-move: the job fails (the failed task's error recorded, later
#      tasks unscheduled), citus_job_wait raises, the shard stays on the source, data intact
#   4. the coordinator stopped (immediate) mid-job: after the restart the maintenance worker
#      marks the job failed (its interrupted task in state error); data intact
#   5. the same with the maintenance worker off (recover_2pc_interval = -1): the job stays
#      running until the next citus_rebalance_start, which ends it (failed) and schedules the
#      rest; that job finishes the rebalance
#   6. the job runner terminated mid-move (pg_terminate_backend, maintenance worker off):
#      citus_rebalance_status shows the job failed at once (its task in state error) and
#      citus_job_wait raises instead of waiting; one found by citus_job_wait while a cancel was
#      under way ends cancelled; nothing moved, data intact
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=test_cluster.sh
source "$ROOT/test/test_cluster.sh"

test_script_begin background-rebalance "${1:-$BUILD_DIR/test/background_rebalance}"

COORD_LOG="$TEST_CLUSTER_DIR/coordinator/logfile"
node_ctl() { as_pg_user "$BINDIR/pg_ctl" "$@"; }
stop_worker() { node_ctl stop -D "$TEST_CLUSTER_DIR/worker$1/data" -m immediate -w >/dev/null; }
start_worker() {
    node_ctl start -D "$TEST_CLUSTER_DIR/worker$1/data" -l "$TEST_CLUSTER_DIR/worker$1/logfile" -w >/dev/null
}

# Placements per worker port, e.g. "W1=6 W2=6".
layout() {
    sql "$C" -c "SELECT string_agg('W' || (n.nodeport - $C) || '=' || c, ' ' ORDER BY n.nodeport)
                   FROM (SELECT groupid, count(*) c FROM pg_dist_placement p JOIN pg_dist_shard s USING (shardid)
                          JOIN pg_dist_partition d USING (logicalrelid) WHERE d.partmethod = 'h'
                          GROUP BY groupid) x JOIN pg_dist_node n USING (groupid)"
}
# Row count and checksum of the tables that only the setup writes to.
checksums() {
    sql "$C" -c "SELECT 'orders=' || (SELECT count(*) || '/' || sum(hashtext(t::text)::bigint) FROM orders t WHERE id <= 20000)
                   || ' items=' || (SELECT count(*) || '/' || sum(hashtext(t::text)::bigint) FROM items t)
                   || ' events=' || (SELECT count(*) || '/' || sum(hashtext(t::text)::bigint) FROM events t)"
}
# state of job $1
job_state() { sql "$C" -c "SELECT state FROM pg_dist_background_job WHERE job_id = $1"; }
# Waits until job $1 has a task in state running whose copy paused at least $2 times in all.
pauses() { grep -c "tessera.test_fault: pausing in the copy" "$COORD_LOG" || true; }
wait_pauses() {
    local want=$1 i
    for i in $(seq 1 400); do
        [ "$(pauses)" -ge "$want" ] && return 0
        sleep 0.05
    done
    fail "the job runner did not reach pause $want"
}
# Every shard table the metadata places on worker N exists there, and no other (once the source
# shards that moves left for a deferred drop, their tables being in use, are dropped).
check_shard_tables() {
    local w expected actual
    sql "$C" -c "SELECT citus_cleanup_orphaned_resources()" >/dev/null
    [ "$(sql "$C" -c "SELECT count(*) FROM pg_dist_cleanup")" = 0 ] || fail "pg_dist_cleanup not empty"
    for w in 1 2; do
        expected=$(sql "$C" -c "SELECT coalesce(string_agg(s.logicalrelid::text || '_' || s.shardid, ' '
                                   ORDER BY (s.logicalrelid::text || '_' || s.shardid) COLLATE \"C\"), '')
                                 FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid)
                                 JOIN pg_dist_node n USING (groupid), pg_dist_partition d
                                WHERE d.logicalrelid = s.logicalrelid AND d.partmethod = 'h'
                                  AND n.nodeport = $((C + w))")
        actual=$(sql "$((C + w))" -c "SELECT coalesce(string_agg(relname, ' ' ORDER BY relname COLLATE \"C\"), '')
                                        FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace
                                         AND relname ~ '^(orders|items|events)_[0-9]+$'")
        [ "$actual" = "$expected" ] ||
            fail "worker $w holds shard tables [$actual], the metadata says [$expected]"
    done
}

step "setup: tables on worker 1 only, then worker 2 added"
sql "$C" -c "SELECT citus_remove_node('127.0.0.1', $W2)" >/dev/null
sql "$C" <<'SQL'
CREATE TABLE orders (id bigint PRIMARY KEY, amount int, note text);
SELECT create_distributed_table('orders', 'id', shard_count => 6);
CREATE TABLE items (order_id bigint, n int, qty int, PRIMARY KEY (order_id, n));
SELECT create_distributed_table('items', 'order_id', colocate_with => 'orders');
CREATE TABLE events (k int, v int);
SELECT create_distributed_table('events', 'k', shard_count => 4, colocate_with => 'none');
INSERT INTO orders SELECT g, g * 7, repeat('x', 40) FROM generate_series(1, 20000) g;
INSERT INTO items SELECT g, n, g % 13 FROM generate_series(1, 20000) g, generate_series(1, 2) n;
INSERT INTO events SELECT g % 997, g FROM generate_series(1, 5000) g;
SQL
sql "$C" -c "SELECT citus_add_node('127.0.0.1', $W2)" >/dev/null
sql "$C" -c "ALTER ROLE postgres SET tessera.test_fault = 'pause_during_shard_copy'"
# The test cluster commits asynchronously; the coordinator stops below must not lose commits.
sql "$C" -c "ALTER SYSTEM SET synchronous_commit = on" -c "SELECT pg_reload_conf()" >/dev/null
BASELINE=$(checksums)
[ "$(layout)" = "W1=16" ] || fail "unexpected layout before rebalancing: $(layout)"

step "1. start, writes during the job, status, a second start refused, wait"
rm -f "$OUTDIR/acked" "$OUTDIR/stop-writes" "$OUTDIR/insert-errors"
touch "$OUTDIR/acked"
(
    i=100000
    while [ ! -e "$OUTDIR/stop-writes" ]; do
        i=$((i + 1))
        if sql "$C" -c "INSERT INTO orders VALUES ($i, $i, 'new')" >/dev/null 2>>"$OUTDIR/insert-errors"; then
            echo "$i" >>"$OUTDIR/acked"
        fi
    done
) &
WRITER=$!
start=$(pauses)
out=$(sql "$C" -c "SELECT citus_rebalance_start()" 2>&1)
JOB=$(echo "$out" | tail -n 1)
grep -q "NOTICE:  scheduled 5 moves as job $JOB" <<<"$out" || fail "no scheduling NOTICE: $out"
wait_pauses $((start + 1))
[ "$(job_state "$JOB")" = running ] || fail "job $JOB is $(job_state "$JOB") while moving"
status=$(sql "$C" -c "SELECT job_id, state, job_type, details->'task_state_counts'->>'running',
                             jsonb_array_length(details->'tasks') FROM citus_rebalance_status()")
[ "$status" = "$JOB|running|rebalance|1|1" ] || fail "citus_rebalance_status: $status"
out=$(sql "$C" -c "SELECT citus_rebalance_start()" 2>&1 || true)
grep -q "ERROR:  a rebalance is already running as job $JOB" <<<"$out" ||
    fail "second start not refused: $out"
sql "$C" -c "SELECT citus_rebalance_wait()"
touch "$OUTDIR/stop-writes"
wait "$WRITER"
[ "$(job_state "$JOB")" = finished ] || fail "job $JOB is $(job_state "$JOB")"
[ "$(sql "$C" -c "SELECT string_agg(DISTINCT status::text, ',') FROM pg_dist_background_task WHERE job_id = $JOB")" = done ] ||
    fail "not every task is done"
[ "$(sql "$C" -c "SELECT started_at <= finished_at FROM pg_dist_background_job WHERE job_id = $JOB")" = t ] ||
    fail "job times not recorded"
[ "$(layout)" = "W1=8 W2=8" ] || fail "not balanced: $(layout)"
[ ! -s "$OUTDIR/insert-errors" ] || fail "INSERTs failed during the job: $(cat "$OUTDIR/insert-errors")"
acked=$(wc -l <"$OUTDIR/acked")
[ "$acked" -gt 0 ] || fail "no INSERT was acknowledged during the job"
sort -n "$OUTDIR/acked" >"$OUTDIR/acked.sorted"
sql "$C" -c "SELECT id FROM orders WHERE id > 100000 ORDER BY id" >"$OUTDIR/present"
cmp -s "$OUTDIR/acked.sorted" "$OUTDIR/present" ||
    fail "new orders differ from the acknowledged INSERTs: $(diff "$OUTDIR/acked.sorted" "$OUTDIR/present" | head -5)"
echo "INSERTs acknowledged during the job: $acked, all present once"
[ "$(checksums)" = "$BASELINE" ] || fail "rows changed: $(checksums), expected $BASELINE"
check_shard_tables
sql "$C" -c "DELETE FROM orders WHERE id > 100000"

step "2. citus_rebalance_stop mid-job"
sql "$C" -c "SELECT citus_drain_node('127.0.0.1', $W2)" >/dev/null
sql "$C" -c "SELECT citus_set_node_property('127.0.0.1', $W2, 'shouldhaveshards', true)" >/dev/null
start=$(pauses)
JOB=$(sql "$C" -c "SELECT citus_rebalance_start()" 2>/dev/null)
wait_pauses $((start + 3)) # the second move is copying (a move of orders and items pauses twice)
sql "$C" -c "SELECT citus_rebalance_stop()"
out=$(sql "$C" -c "SELECT citus_rebalance_wait()" 2>&1 || true)
# the job may have ended before the wait started: then there is nothing to wait on
grep -q -e "ERROR:  background job $JOB was cancelled" -e "no ongoing rebalance" <<<"$out" ||
    fail "citus_rebalance_wait after stop: $out"
out=$(sql "$C" -c "SELECT citus_job_wait($JOB)" 2>&1 || true)
grep -q "ERROR:  background job $JOB was cancelled" <<<"$out" || fail "citus_job_wait after stop: $out"
[ "$(job_state "$JOB")" = cancelled ] || fail "job $JOB is $(job_state "$JOB") after stop"
tasks=$(sql "$C" -c "SELECT string_agg(status::text, ',' ORDER BY task_id) FROM pg_dist_background_task WHERE job_id = $JOB")
[ "$tasks" = "done,cancelled,cancelled,cancelled,cancelled" ] ||
    fail "tasks after stop: $tasks"
[ "$(layout)" = "W1=14 W2=2" ] || fail "after stop: $(layout), expected one shard group moved"
[ "$(checksums)" = "$BASELINE" ] || fail "rows changed: $(checksums), expected $BASELINE"
check_shard_tables
out=$(sql "$C" -c "SELECT citus_rebalance_stop()" 2>&1 || true)
grep -q "ERROR:  there is no ongoing rebalance to stop" <<<"$out" || fail "stop without a job: $out"

step "3. the target worker stopped mid-move: the job fails, nothing lost"
start=$(pauses)
JOB=$(sql "$C" -c "SELECT citus_rebalance_start()" 2>/dev/null)
wait_pauses $((start + 3))
stop_worker 2
out=$(sql "$C" -c "SELECT citus_job_wait($JOB)" 2>&1 || true)
grep -q "ERROR:  background job $JOB failed" <<<"$out" || fail "citus_job_wait on a failed job: $out"
[ "$(job_state "$JOB")" = failed ] || fail "job $JOB is $(job_state "$JOB")"
tasks=$(sql "$C" -c "SELECT string_agg(status::text, ',' ORDER BY task_id) FROM pg_dist_background_task WHERE job_id = $JOB")
[ "$tasks" = "done,error,unscheduled,unscheduled" ] ||
    fail "tasks after the failure: $tasks"
[ -n "$(sql "$C" -c "SELECT message FROM pg_dist_background_task WHERE job_id = $JOB AND status = 'error'")" ] ||
    fail "the failed task's error was not recorded"
start_worker 2
sql "$C" -c "SELECT recover_prepared_transactions()" >/dev/null
[ "$(layout)" = "W1=12 W2=4" ] || fail "after the failure: $(layout), expected one more shard group moved"
[ "$(checksums)" = "$BASELINE" ] || fail "rows changed: $(checksums), expected $BASELINE"
check_shard_tables

step "4. the coordinator stopped mid-job: the job is marked failed after the restart"
start=$(pauses)
JOB=$(sql "$C" -c "SELECT citus_rebalance_start()" 2>/dev/null)
wait_pauses $((start + 3)) # the second move (of events) is copying
node_ctl stop -D "$TEST_CLUSTER_DIR/coordinator/data" -m immediate -w >/dev/null
node_ctl start -D "$TEST_CLUSTER_DIR/coordinator/data" -l "$COORD_LOG" -w >/dev/null
for i in $(seq 1 200); do
    [ "$(job_state "$JOB" 2>/dev/null || true)" = failed ] && break
    sleep 0.1
done
[ "$(job_state "$JOB")" = failed ] || fail "job $JOB is $(job_state "$JOB") after the restart"
tasks=$(sql "$C" -c "SELECT string_agg(status::text, ',' ORDER BY task_id) FROM pg_dist_background_task WHERE job_id = $JOB")
[ "$tasks" = "done,error,unscheduled" ] || fail "tasks after the restart: $tasks"
sql "$C" -c "SELECT recover_prepared_transactions()" >/dev/null
[ "$(layout)" = "W1=10 W2=6" ] || fail "after the restart: $(layout)"
[ "$(checksums)" = "$BASELINE" ] || fail "rows changed: $(checksums), expected $BASELINE"
check_shard_tables

step "5. the coordinator stopped mid-job with the maintenance worker off: the next start ends the job"
sql "$C" -c "ALTER SYSTEM SET tessera.recover_2pc_interval = -1"
start=$(pauses)
OLD=$(sql "$C" -c "SELECT citus_rebalance_start()" 2>/dev/null)
wait_pauses $((start + 1))
node_ctl stop -D "$TEST_CLUSTER_DIR/coordinator/data" -m immediate -w >/dev/null
node_ctl start -D "$TEST_CLUSTER_DIR/coordinator/data" -l "$COORD_LOG" -w >/dev/null
sleep 2
[ "$(job_state "$OLD")" = running ] || fail "job $OLD is $(job_state "$OLD") with the maintenance worker off"
sql "$C" -c "ALTER ROLE postgres RESET tessera.test_fault"
JOB=$(sql "$C" -c "SELECT citus_rebalance_start()" 2>/dev/null)
[ "$(job_state "$OLD")" = failed ] || fail "the start left job $OLD $(job_state "$OLD")"
tasks=$(sql "$C" -c "SELECT string_agg(status::text, ',' ORDER BY task_id) FROM pg_dist_background_task WHERE job_id = $OLD")
[ "$tasks" = "error,unscheduled" ] || fail "tasks of the interrupted job: $tasks"
sql "$C" -c "ALTER SYSTEM RESET tessera.recover_2pc_interval" -c "SELECT pg_reload_conf()" >/dev/null
sql "$C" -c "SELECT citus_rebalance_wait()"
[ "$(job_state "$JOB")" = finished ] || fail "the last job is $(job_state "$JOB")"
[ "$(layout)" = "W1=8 W2=8" ] || fail "not balanced at the end: $(layout)"
[ "$(checksums)" = "$BASELINE" ] || fail "rows changed: $(checksums), expected $BASELINE"
check_shard_tables
step "6. the job runner terminated mid-move (maintenance worker off): status and wait end the job"
sql "$C" -c "ALTER SYSTEM SET tessera.recover_2pc_interval = -1" -c "SELECT pg_reload_conf()" >/dev/null
sql "$C" -c "SELECT citus_drain_node('127.0.0.1', $W2)" >/dev/null
sql "$C" -c "SELECT citus_set_node_property('127.0.0.1', $W2, 'shouldhaveshards', true)" >/dev/null
sql "$C" -c "ALTER ROLE postgres SET tessera.test_fault = 'pause_during_shard_copy'"
start=$(pauses)
JOB=$(sql "$C" -c "SELECT citus_rebalance_start()" 2>/dev/null)
wait_pauses $((start + 1))
[ "$(sql "$C" -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE backend_type = 'tessera job runner'")" = 1 ] ||
    fail "no job runner to terminate"
for i in $(seq 1 50); do
    [ "$(sql "$C" -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'tessera job runner'")" = 0 ] && break
    sleep 0.1
done
[ "$(job_state "$JOB")" = running ] || fail "job $JOB is $(job_state "$JOB") right after its runner was terminated"
status=$(sql "$C" -c "SELECT state FROM citus_rebalance_status()")
[ "$status" = failed ] || fail "citus_rebalance_status shows job $JOB $status after its runner was terminated"
tasks=$(sql "$C" -c "SELECT string_agg(status::text, ',' ORDER BY task_id) FROM pg_dist_background_task WHERE job_id = $JOB")
[ "$tasks" = "error,unscheduled,unscheduled,unscheduled,unscheduled" ] || fail "tasks of the job whose runner was terminated: $tasks"
out=$(sql "$C" -c "SET statement_timeout = '20s'" -c "SELECT citus_job_wait($JOB)" 2>&1 || true)
grep -q "ERROR:  background job $JOB failed" <<<"$out" || fail "citus_job_wait on the job whose runner was terminated: $out"
grep -q "runner stopped while this task ran" <<<"$out" || fail "citus_job_wait does not say the runner stopped: $out"
# The same found by citus_job_wait first, with a cancel under way: the job ends cancelled.
start=$(pauses)
JOB=$(sql "$C" -c "SELECT citus_rebalance_start()" 2>/dev/null)
wait_pauses $((start + 1))
sql "$C" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = 'tessera job runner'" >/dev/null
sql "$C" -c "UPDATE pg_dist_background_job SET state = 'cancelling' WHERE job_id = $JOB"
out=$(sql "$C" -c "SET statement_timeout = '20s'" -c "SELECT citus_job_wait($JOB)" 2>&1 || true)
grep -q "ERROR:  background job $JOB was cancelled" <<<"$out" || fail "citus_job_wait on the cancelling job without runner: $out"
[ "$(job_state "$JOB")" = cancelled ] || fail "job $JOB is $(job_state "$JOB")"
[ "$(layout)" = "W1=16" ] || fail "after the terminated runners: $(layout), expected nothing moved"
[ "$(checksums)" = "$BASELINE" ] || fail "rows changed: $(checksums), expected $BASELINE"
check_shard_tables
sql "$C" -c "ALTER ROLE postgres RESET tessera.test_fault"
sql "$C" -c "ALTER SYSTEM RESET tessera.recover_2pc_interval" -c "SELECT pg_reload_conf()" >/dev/null
sql "$C" -c "SELECT citus_rebalance_start()" >/dev/null 2>&1
sql "$C" -c "SELECT citus_rebalance_wait()"
[ "$(layout)" = "W1=8 W2=8" ] || fail "not balanced at the end: $(layout)"
[ "$(checksums)" = "$BASELINE" ] || fail "rows changed: $(checksums), expected $BASELINE"
check_shard_tables
echo "background_rebalance: all checks passed"
