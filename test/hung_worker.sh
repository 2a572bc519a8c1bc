#!/usr/bin/env bash
# ctest hung_worker: a worker that hangs (its postmaster and every backend stopped with
# SIGSTOP: connections are accepted by the kernel but nothing ever answers) must not hang the
# coordinator. With tessera.node_conninfo = 'connect_timeout=3':
#   1. statement_timeout ends a statement waiting on the frozen worker within about the timeout
#      (single-shard and multi-shard SELECT, INSERT, COPY, a COMMIT whose PREPARE waits there):
#      the abort path must not block (a libpq PQcancel waits for the frozen postmaster forever);
#   2. pg_cancel_backend of the coordinator backend (Ctrl-C) ends such a statement promptly;
#   3. a new connection to the frozen worker fails after connect_timeout, or after
#      citus.node_connection_timeout when that is set;
#   4. sessions using only the other worker keep working, also while another session hangs,
#      and reference table reads fail over;
#   5. transaction recovery gives up on a worker that hangs mid-command (after 10 s) or cannot
#      be connected to (connect_timeout) and still resolves the other worker's prepared
#      transactions, in recover_prepared_transactions() and in the maintenance worker; a fast
#      stop of the coordinator is not held up;
#   6. connections to workers carry TCP keepalives that notice a vanished worker in minutes;
#   7. a node whose connection attempt timed out is not tried again for 5 s by that session
#      (statements fail at once, reference table reads fail over at once), and is used again
#      after that;
#   8. COMMIT PREPARED (after the local commit) and ROLLBACK TO SAVEPOINT on a frozen worker
#      give up after a few seconds with a warning instead of waiting 30 s.
# Every hung statement is also bounded by `timeout` so that a regression fails, not hangs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=test_cluster.sh
source "$ROOT/test/test_cluster.sh"

test_script_begin hung-worker "${1:-$BUILD_DIR/test/hung_worker}"

# Resumes every frozen worker, whatever happens, before the cluster is stopped.
thaw_all() {
    local w
    for w in worker1 worker2; do
        frozen_pids "$w" | xargs -r kill -CONT 2>/dev/null || true
    done
}
trap 'thaw_all; test_script_cleanup' EXIT

# The postmaster of worker NAME (worker1 / worker2) and all its children.
frozen_pids() {
    local pm
    pm=$(head -n 1 "$TEST_CLUSTER_DIR/$1/data/postmaster.pid" 2>/dev/null) || return 0
    [ -n "$pm" ] || return 0
    echo "$pm"
    pgrep -P "$pm" || true
}
freeze() { frozen_pids "$1" | xargs -r kill -STOP; }
thaw() { frozen_pids "$1" | xargs -r kill -CONT; }
# The same, for psql's \! inside a session (the shell there knows no functions).
cat >"$OUTDIR/freeze.sh" <<EOF
#!/usr/bin/env bash
pm=\$(head -n 1 "$TEST_CLUSTER_DIR/\$1/data/postmaster.pid")
{ echo "\$pm"; pgrep -P "\$pm"; } | xargs -r kill -STOP
EOF
chmod 755 "$OUTDIR/freeze.sh"

# Runs psql on the coordinator with stdin as the script, bounded by `timeout LIMIT`; sets OUT
# (output) and SECS (seconds taken). Never fails by itself.
run_timed() {
    local limit=$1 start end
    start=$(date +%s%N)
    OUT=$(timeout "$limit" "$BINDIR/psql" -X -q -At -h 127.0.0.1 -p "$C" -U postgres -d regression 2>&1) || true
    end=$(date +%s%N)
    SECS=$(((end - start) / 1000000000))
}
# run_timed, then: the output must match PATTERN (grep -E) and it must have taken at most MAX s.
expect_within() {
    local max=$1 pattern=$2 what=$3
    run_timed 60
    echo "$what: ${SECS}s: $(echo "$OUT" | tr '\n' ' ' | cut -c1-200)"
    grep -qE "$pattern" <<<"$OUT" || fail "$what: expected /$pattern/, got: $OUT"
    [ "$SECS" -le "$max" ] || fail "$what: took ${SECS}s, more than ${max}s"
}

step "setup (coordinator $C, workers $W1 $W2)"
sql "$C" -c "ALTER SYSTEM SET tessera.recover_2pc_interval = -1" \
    -c "ALTER SYSTEM SET tessera.node_conninfo = 'connect_timeout=3'" \
    -c "SELECT pg_reload_conf()" >/dev/null
sql "$C" <<'SQL'
CREATE TABLE t (key int PRIMARY KEY, v int);
SELECT create_distributed_table('t', 'key', shard_count => 4);
INSERT INTO t SELECT g, g FROM generate_series(1, 100) g;
CREATE TABLE r (k int PRIMARY KEY, name text);
SELECT create_reference_table('r');
INSERT INTO r VALUES (1, 'one'), (2, 'two');
SQL
keys_on() {
    sql "$C" -c "SELECT string_agg(k::text, ',' ORDER BY k) FROM generate_series(1, 100) k
                 WHERE (SELECT n.nodeport FROM pg_dist_placement p JOIN pg_dist_node n USING (groupid)
                        WHERE p.shardid = get_shard_id_for_distribution_column('t', k)) = $1"
}
K1_LIST=$(keys_on "$W1")
K2_LIST=$(keys_on "$W2")
K1=${K1_LIST%%,*}
K2=${K2_LIST%%,*}
[ -n "$K1" ] && [ -n "$K2" ] || fail "keys on both workers expected: '$K1_LIST' '$K2_LIST'"
K1B=$(echo "$K1_LIST" | cut -d, -f2)
echo "key $K1 on worker 1, key $K2 on worker 2"
TIMEOUT_ERR="canceling statement due to statement timeout"
# A session prologue: open connections to both workers, then freeze worker 2 (psql \!).
WARM="SELECT count(*) FROM t;
BEGIN; SELECT v FROM t WHERE key = $K1; SELECT v FROM t WHERE key = $K2; COMMIT;
\\! $OUTDIR/freeze.sh worker2"

step "1. statement_timeout while worker 2 is frozen mid-session"
for stmt in "SELECT v FROM t WHERE key = $K2" \
            "SELECT count(*) FROM t" \
            "INSERT INTO t VALUES (1000 + $K2, 0)" \
            "UPDATE t SET v = v + 1"; do
    expect_within 12 "$TIMEOUT_ERR" "$stmt" <<EOF
$WARM
SET statement_timeout = '2s';
$stmt;
EOF
    thaw worker2
done
expect_within 12 "$TIMEOUT_ERR" "COPY" <<EOF
$WARM
SET statement_timeout = '2s';
COPY t FROM STDIN;
$((K1 + 2000))	1
$((K2 + 2000))	1
\\.
EOF
thaw worker2
expect_within 12 "$TIMEOUT_ERR" "COMMIT with PREPARE on the frozen worker" <<EOF
SELECT count(*) FROM t;
BEGIN;
INSERT INTO t VALUES ($((K1 + 3000)), 1);
INSERT INTO t VALUES ($((K2 + 3000)), 1);
\\! $OUTDIR/freeze.sh worker2
SET LOCAL statement_timeout = '2s';
COMMIT;
EOF
thaw worker2
# A transaction whose remote transaction on the frozen worker is idle: the ROLLBACK (no
# statement_timeout applies there, interrupts are held) must not wait long for it.
expect_within 8 "ROLLBACK" "ROLLBACK with an idle remote transaction on the frozen worker" <<EOF
\\set QUIET off
BEGIN;
UPDATE t SET v = v + 1 WHERE key = $K2;
UPDATE t SET v = v + 1 WHERE key = $K1;
\\! $OUTDIR/freeze.sh worker2
SELECT v FROM t WHERE key = $K1;
ROLLBACK;
EOF
thaw worker2
# The same with both workers frozen: their ROLLBACKs are sent at once and share one 3 s
# deadline (one after the other they took 6 s).
expect_within 5 "ROLLBACK" "ROLLBACK with idle remote transactions on two frozen workers" <<EOF
\\set QUIET off
BEGIN;
UPDATE t SET v = v + 1 WHERE key = $K2;
UPDATE t SET v = v + 1 WHERE key = $K1;
\\! $OUTDIR/freeze.sh worker1
\\! $OUTDIR/freeze.sh worker2
ROLLBACK;
EOF
thaw worker1
thaw worker2
# Nothing of the failed statements stayed behind; every worker answers again.
[ "$(sql "$C" -c "SELECT count(*) FROM t WHERE key > 100")" = 0 ] || fail "rows of failed statements left"
sql "$C" -c "SELECT recover_prepared_transactions()" >/dev/null
for port in $W1 $W2; do
    [ "$(sql "$port" -c "SELECT count(*) FROM pg_prepared_xacts")" = 0 ] || fail "prepared transactions left on $port"
done

step "2. pg_cancel_backend (Ctrl-C) while worker 2 is frozen"
sql "$C" -c "SELECT count(*) FROM t" >/dev/null # shards reachable again
(
    expect_within 10 "canceling statement due to user request" "cancelled multi-shard SELECT" <<EOF
$WARM
SELECT count(*) FROM t;
EOF
) &
CANCELLED=$!
# Wait until the session runs its statement, then cancel it.
for _ in $(seq 1 40); do
    pid=$(sql "$C" -c "SELECT pid FROM pg_stat_activity WHERE query = 'SELECT count(*) FROM t;' AND state = 'active' AND pid <> pg_backend_pid()")
    [ -n "$pid" ] && break
    sleep 0.25
done
[ -n "$pid" ] || { thaw worker2; wait "$CANCELLED" || true; fail "the session to cancel never started its statement"; }
sleep 1
sql "$C" -c "SELECT pg_cancel_backend($pid)" >/dev/null
wait "$CANCELLED" || { thaw worker2; fail "cancel of a statement on the frozen worker"; }
thaw worker2

step "3./4. new connections to the frozen worker time out; the other worker works on"
freeze worker2
expect_within 8 "could not connect to node 127.0.0.1:$W2" "new connection to the frozen worker" <<EOF
SELECT v FROM t WHERE key = $K2;
EOF
# citus.node_connection_timeout (1 s here) bounds it instead of connect_timeout (3 s).
expect_within 2 "could not connect to node 127.0.0.1:$W2" "citus.node_connection_timeout bounds a new connection" <<EOF
SET citus.node_connection_timeout = 1000;
SELECT count(*) FROM t;
EOF
expect_within 3 "^$K1\$" "single-shard SELECT on worker 1" <<EOF
SELECT v FROM t WHERE key = $K1;
EOF
expect_within 3 "^7\$" "INSERT and transaction on worker 1" <<EOF
BEGIN;
UPDATE t SET v = 7 WHERE key = $K1;
UPDATE t SET v = 7 WHERE key = $K1B;
SELECT v FROM t WHERE key = $K1;
ROLLBACK;
EOF
expect_within 8 "^2\$" "reference table read fails over" <<EOF
SELECT count(*) FROM r;
EOF
thaw worker2
freeze worker1
expect_within 8 "^2\$" "reference table read fails over from a frozen worker 1" <<EOF
SELECT count(*) FROM r;
SELECT count(*) FROM r;
EOF
thaw worker1
# A session hung on worker 2 (mid-session) does not hold up one on worker 1.
(
    expect_within 12 "$TIMEOUT_ERR" "hung session" <<EOF
$WARM
SET statement_timeout = '6s';
SELECT count(*) FROM t;
EOF
) &
HUNG=$!
sleep 2
expect_within 3 "^$K1B\$" "worker-1 session beside a hung one" <<EOF
SELECT v FROM t WHERE key = $K1B;
EOF
wait "$HUNG" || { thaw worker2; fail "hung session"; }
thaw worker2

step "7. a node whose connection attempt timed out is not tried again for 5 s"
sql "$C" -c "SELECT count(*) FROM t" >/dev/null # shards reachable again
# One session, no connection to worker 2 yet: the first statement waits connect_timeout (3 s),
# the next ones fail at once, and reference table reads use the other placement at once.
# Without the memory this takes at least 9 s.
expect_within 5 "last connection attempt, [0-9.]+ s ago, timed out" "repeated statements on a frozen worker" <<EOF
\\! $OUTDIR/freeze.sh worker2
SELECT v FROM t WHERE key = $K2;
SELECT v FROM t WHERE key = $K2;
SELECT count(*) FROM r;
SELECT count(*) FROM t;
SELECT count(*) FROM r;
EOF
[ "$(echo "$OUT" | grep -c "could not connect to node 127.0.0.1:$W2")" -ge 3 ] ||
    fail "every statement on the frozen worker should fail: $OUT"
[ "$(echo "$OUT" | grep -c '^2$')" = 2 ] || fail "reference table reads should fail over: $OUT"
thaw worker2
# The memory expires: once the node answers again, the same session uses it.
cat >"$OUTDIR/thaw.sh" <<EOF
#!/usr/bin/env bash
pm=\$(head -n 1 "$TEST_CLUSTER_DIR/\$1/data/postmaster.pid")
{ echo "\$pm"; pgrep -P "\$pm"; } | xargs -r kill -CONT
EOF
chmod 755 "$OUTDIR/thaw.sh"
expect_within 14 "^$K2\$" "the node is used again after the memory expires" <<EOF
\\! $OUTDIR/freeze.sh worker2
SELECT v FROM t WHERE key = $K2;
\\! $OUTDIR/thaw.sh worker2
\\! sleep 5.5
SELECT v FROM t WHERE key = $K2;
EOF
thaw worker2

step "8. COMMIT PREPARED and ROLLBACK TO SAVEPOINT on a frozen worker are bounded"
SUM_BEFORE=$(sql "$C" -c "SELECT sum(v) FROM t WHERE key IN ($K1, $K2)")
# Worker 2 freezes after its PREPARE, before its COMMIT PREPARED: the commit returns with a
# warning after a few seconds (it waited 30 s before); recovery commits it later.
expect_within 14 "could not commit prepared transaction" "COMMIT PREPARED on the frozen worker" <<EOF
BEGIN;
UPDATE t SET v = v + 1 WHERE key IN ($K1, $K2);
SET LOCAL tessera.test_fault = 'pause_before_commit_prepared';
\\! (sleep 1; $OUTDIR/freeze.sh worker2) >/dev/null 2>&1 &
COMMIT;
EOF
thaw worker2
sql "$C" -c "SELECT recover_prepared_transactions()" >/dev/null
[ "$(sql "$C" -c "SELECT sum(v) FROM t WHERE key IN ($K1, $K2)")" = $((SUM_BEFORE + 2)) ] ||
    fail "the transaction committed with a warning is incomplete after recovery"
# An abort after both workers prepared, both frozen before their ROLLBACK PREPARED: the two are
# sent at once and share one 5 s deadline (3 s pause + 5 s; one after the other took 3 + 10 s),
# each with a warning; recovery rolls them back later.
expect_within 10 "could not roll back prepared transaction" "ROLLBACK PREPARED on two frozen workers" <<EOF
BEGIN;
UPDATE t SET v = v + 1 WHERE key IN ($K1, $K2);
SET LOCAL tessera.test_fault = 'pause_before_rollback_prepared';
\\! (sleep 1; $OUTDIR/freeze.sh worker1; $OUTDIR/freeze.sh worker2) >/dev/null 2>&1 &
COMMIT;
EOF
thaw worker1
thaw worker2
[ "$(echo "$OUT" | grep -c "could not roll back prepared transaction")" = 2 ] ||
    fail "one warning per frozen worker expected: $OUT"
sql "$C" -c "SELECT recover_prepared_transactions()" >/dev/null
for port in $W1 $W2; do
    [ "$(sql "$port" -c "SELECT count(*) FROM pg_prepared_xacts")" = 0 ] || fail "prepared transactions left on $port"
done
[ "$(sql "$C" -c "SELECT sum(v) FROM t WHERE key IN ($K1, $K2)")" = $((SUM_BEFORE + 2)) ] ||
    fail "the aborted transaction left changes after recovery"
# A subtransaction rollback that must keep earlier work on the frozen worker: the savepoint
# rollback is given up on after 3 s, with a warning; the transaction can then only roll back.
expect_within 10 "could not roll back to savepoint on node 127.0.0.1:$W2" "ROLLBACK TO SAVEPOINT on the frozen worker" <<EOF
BEGIN;
UPDATE t SET v = v + 1 WHERE key = $K2;
SAVEPOINT s;
UPDATE t SET v = v + 1 WHERE key = $K2;
\\! $OUTDIR/freeze.sh worker2
ROLLBACK TO SAVEPOINT s;
COMMIT;
EOF
grep -q "cannot commit: the transaction on node 127.0.0.1:$W2 was aborted" <<<"$OUT" ||
    fail "the transaction should not go on after the failed savepoint rollback: $OUT"
thaw worker2
[ "$(sql "$C" -c "SELECT sum(v) FROM t WHERE key IN ($K1, $K2)")" = $((SUM_BEFORE + 2)) ] ||
    fail "the rolled back transaction left changes"

step "6. connections to workers carry TCP keepalives with a one-minute idle time"
expect_within 5 "keepalive," "keepalive timer of a worker connection" <<EOF
SELECT count(*) > 0 FROM t;
\\! ss -tnoH state established '( dport = :$W1 )'
EOF
timers=$(echo "$OUT" | grep -oE 'timer:\(keepalive,[^,]*' | sed 's/.*,//')
echo "keepalive timers: $(echo "$timers" | tr '\n' ' ')"
grep -qE '^[0-9.]+(ms|sec)$' <<<"$timers" || fail "no connection with a keepalive timer under a minute: $OUT"

step "5. recovery skips a frozen worker and resolves the other; fast stop is not held up"
SUM_BEFORE=$(sql "$C" -c "SELECT sum(v) FROM t WHERE key IN ($K1, $K2)")
# Leave prepared transactions on both workers: the session ends right after its local commit.
sql "$C" <<EOF >/dev/null 2>&1 || true
SET tessera.test_fault = 'exit_after_local_commit';
BEGIN;
UPDATE t SET v = v + 1 WHERE key IN ($K1, $K2);
COMMIT;
EOF
[ "$(sql "$W2" -c "SELECT count(*) FROM pg_prepared_xacts")" = 1 ] || fail "no prepared transaction left on worker 2"
# recover_prepared_transactions() on a connection to worker 1 that hangs mid-command: worker 1
# is given up on after the recovery command timeout (10 s) and worker 2 is still recovered.
expect_within 18 "^1\$" "recovery beside a worker hung mid-command" <<EOF
SELECT count(*) > 0 FROM t;
\\! $OUTDIR/freeze.sh worker1
SELECT recover_prepared_transactions();
EOF
grep -q "could not list prepared transactions on node 127.0.0.1:$W1" <<<"$OUT" ||
    fail "no warning about the hung worker 1: $OUT"
thaw worker1
[ "$(sql "$W2" -c "SELECT count(*) FROM pg_prepared_xacts")" = 0 ] || fail "worker 2 not recovered"
# Worker 1's share (it holds the row lock) is recovered once it answers again.
[ "$(sql "$C" -c "SELECT recover_prepared_transactions()")" = 1 ] || fail "worker 1 not recovered"
# Again, for the maintenance worker; worker 1 frozen before it connects.
sql "$C" <<EOF >/dev/null 2>&1 || true
SET tessera.test_fault = 'exit_after_local_commit';
BEGIN;
UPDATE t SET v = v + 1 WHERE key IN ($K1, $K2);
COMMIT;
EOF
[ "$(sql "$W2" -c "SELECT count(*) FROM pg_prepared_xacts")" = 1 ] || fail "no prepared transaction left on worker 2"
freeze worker1
sql "$C" -c "ALTER SYSTEM SET tessera.recover_2pc_interval = 1000" -c "SELECT pg_reload_conf()" >/dev/null
for _ in $(seq 1 40); do
    [ "$(sql "$W2" -c "SELECT count(*) FROM pg_prepared_xacts")" = 0 ] && break
    sleep 0.5
done
[ "$(sql "$W2" -c "SELECT count(*) FROM pg_prepared_xacts")" = 0 ] ||
    fail "recovery did not resolve worker 2's prepared transaction while worker 1 is frozen"
start=$(date +%s)
as_pg_user "$BINDIR/pg_ctl" stop -D "$TEST_CLUSTER_DIR/coordinator/data" -m fast -w -t 30 >/dev/null ||
    fail "the coordinator did not stop (fast) while worker 1 is frozen"
secs=$(($(date +%s) - start))
echo "fast stop: ${secs}s"
[ "$secs" -le 8 ] || fail "fast stop took ${secs}s"
thaw worker1
as_pg_user "$BINDIR/pg_ctl" start -D "$TEST_CLUSTER_DIR/coordinator/data" \
    -l "$TEST_CLUSTER_DIR/coordinator/logfile" -w >/dev/null
sql "$C" -c "SELECT recover_prepared_transactions()" >/dev/null
[ "$(sql "$C" -c "SELECT sum(v) FROM t WHERE key IN ($K1, $K2)")" = $((SUM_BEFORE + 4)) ] ||
    fail "committed transactions incomplete"
for port in $W1 $W2; do
    [ "$(sql "$port" -c "SELECT count(*) FROM pg_prepared_xacts")" = 0 ] || fail "prepared transactions left on $port"
done
crashes=$(test_cluster_crashes)
[ -z "$crashes" ] || fail "crashes: $crashes"
echo "hung_worker: all checks passed"
