#!/usr/bin/env bash
# ctest transaction_faults: distributed commits interrupted at their worst moments end consistent.
#   1. the coordinator backend exits after its local commit, before COMMIT PREPARED
#      (tessera.test_fault = exit_after_local_commit): the prepared transactions stay on the
#      workers until recover_prepared_transactions() commits them;
#   2. the same, then the coordinator server stops (-m immediate) and restarts: the maintenance
#      worker commits them by itself;
#   3. a failure after PREPARE, before the local commit (fail_before_local_commit): nothing stays;
#   4. a worker is killed (pg_ctl stop -m immediate) in the middle of a two-node transaction:
#      a clean error, and nothing is committed on the other worker;
#   6. recovery commits the prepared transactions of a transaction that committed locally and
#      has yet to send COMMIT PREPARED: that transaction finds them gone and says nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=test_cluster.sh
source "$ROOT/test/test_cluster.sh"

test_script_begin transaction-faults "${1:-$BUILD_DIR/test/transaction_faults}"

# Checks that `sql PORT -c QUERY` prints EXPECTED.
expect() {
    local port=$1 query=$2 expected=$3 got
    got=$(sql "$port" -c "$query") || fail "query failed on port $port: $query"
    [ "$got" = "$expected" ] || fail "port $port: $query: expected '$expected', got '$got'"
}
rows() { sql "$1" -c "SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '-') FROM items"; }
prepared() { sql "$1" -c "SELECT count(*) FROM pg_prepared_xacts"; }
records() { sql "$C" -c "SELECT count(*) FROM pg_dist_transaction"; }
node_ctl() { as_pg_user "$BINDIR/pg_ctl" "$@"; }

# A two-node transaction inserting `id` on both workers, with settings before it.
two_node_commit() {
    local id=$1 settings=$2
    sql "$C" <<EOF
$settings
BEGIN;
SELECT tessera.test_run_in_transaction('127.0.0.1', $W1, 'INSERT INTO items VALUES ($id)');
SELECT tessera.test_run_in_transaction('127.0.0.1', $W2, 'INSERT INTO items VALUES ($id)');
COMMIT;
SELECT 'session still alive';
EOF
}

step "setup (coordinator $C, workers $W1 $W2)"
sql "$C" -c "ALTER SYSTEM SET tessera.recover_2pc_interval = -1" -c "SELECT pg_reload_conf()" >/dev/null
for port in $W1 $W2; do sql "$port" -c "CREATE TABLE items (id int PRIMARY KEY)"; done
# The cluster's own setup (citus_add_node writes locally, so it prepares) may leave commit records
# for recovery: clear them, so that the counts below are this test's.
sql "$C" -c "SELECT recover_prepared_transactions()" >/dev/null

step "1. the coordinator backend exits after the local commit, before COMMIT PREPARED"
out=$(two_node_commit 1 "SET synchronous_commit = on; SET tessera.test_fault = 'exit_after_local_commit';" 2>&1) &&
    fail "the session survived the exit fault: $out"
grep -q "terminating connection" <<<"$out" || fail "unexpected session end: $out"
for port in $W1 $W2; do
    [ "$(prepared "$port")" = 1 ] || fail "worker $port: expected one prepared transaction left"
    [ "$(rows "$port")" = - ] || fail "worker $port: uncommitted rows visible"
done
[ "$(records)" = 2 ] || fail "expected 2 commit records, got $(records)"
expect "$C" "SELECT recover_prepared_transactions()" 2
for port in $W1 $W2; do
    [ "$(prepared "$port")" = 0 ] || fail "worker $port: prepared transaction left after recovery"
    [ "$(rows "$port")" = 1 ] || fail "worker $port: row 1 not committed by recovery"
done
[ "$(records)" = 0 ] || fail "commit records not cleaned up"

step "2. the same, then the coordinator server stops (immediate) and restarts; the maintenance worker recovers"
two_node_commit 2 "SET synchronous_commit = on; SET tessera.test_fault = 'exit_after_local_commit';" >/dev/null 2>&1 &&
    fail "the session survived the exit fault"
[ "$(prepared "$W1")" = 1 ] && [ "$(prepared "$W2")" = 1 ] || fail "expected prepared transactions left"
node_ctl stop -D "$TEST_CLUSTER_DIR/coordinator/data" -m immediate -w >/dev/null
node_ctl start -D "$TEST_CLUSTER_DIR/coordinator/data" -l "$TEST_CLUSTER_DIR/coordinator/logfile" -w >/dev/null
sql "$C" -c "ALTER SYSTEM SET tessera.recover_2pc_interval = 200" -c "SELECT pg_reload_conf()" >/dev/null
for _ in $(seq 1 150); do
    [ "$(prepared "$W1")" = 0 ] && [ "$(prepared "$W2")" = 0 ] && break
    sleep 0.2
done
for port in $W1 $W2; do
    [ "$(prepared "$port")" = 0 ] || fail "worker $port: the maintenance worker left a prepared transaction"
    [ "$(rows "$port")" = "1,2" ] || fail "worker $port: expected rows 1,2, got $(rows "$port")"
done
grep -q "tessera recovered 2 prepared transactions" "$TEST_CLUSTER_DIR/coordinator/logfile" ||
    fail "no recovery message in the coordinator log"
for _ in $(seq 1 50); do [ "$(records)" = 0 ] && break; sleep 0.2; done
[ "$(records)" = 0 ] || fail "commit records not cleaned up by the maintenance worker"
sql "$C" -c "ALTER SYSTEM SET tessera.recover_2pc_interval = -1" -c "SELECT pg_reload_conf()" >/dev/null

step "3. failure after PREPARE, before the local commit: nothing stays"
out=$(two_node_commit 3 "SET tessera.test_fault = 'fail_before_local_commit';" 2>&1) &&
    fail "the commit succeeded despite the fault"
grep -q "tessera.test_fault: failing after prepare" <<<"$out" || fail "unexpected error: $out"
for port in $W1 $W2; do
    [ "$(prepared "$port")" = 0 ] || fail "worker $port: prepared transaction left behind"
    [ "$(rows "$port")" = "1,2" ] || fail "worker $port: row 3 committed"
done
[ "$(records)" = 0 ] || fail "commit records left behind"

step "4. a worker is killed in the middle of a two-node transaction"
cat >"$OUTDIR/stop_worker2.sh" <<EOF
#!/usr/bin/env bash
source "$ROOT/scripts/lib.sh"
as_pg_user "$BINDIR/pg_ctl" stop -D "$TEST_CLUSTER_DIR/worker2/data" -m immediate -w >/dev/null
EOF
out=$(sql "$C" 2>&1 <<EOF
BEGIN;
SELECT tessera.test_run_in_transaction('127.0.0.1', $W1, 'INSERT INTO items VALUES (4)');
SELECT tessera.test_run_in_transaction('127.0.0.1', $W2, 'INSERT INTO items VALUES (4)');
\! bash "$OUTDIR/stop_worker2.sh"
COMMIT;
EOF
) && fail "the commit succeeded with a dead worker: $out"
echo "$out"
grep -qE "ERROR: .*(node 127.0.0.1:$W2|connection)" <<<"$out" || fail "no clean error naming the lost node"
[ "$(prepared "$W1")" = 0 ] || fail "worker 1: prepared transaction left behind"
[ "$(rows "$W1")" = "1,2" ] || fail "worker 1: row 4 committed although worker 2 died"
[ "$(records)" = 0 ] || fail "a commit record was written"
node_ctl start -D "$TEST_CLUSTER_DIR/worker2/data" -l "$TEST_CLUSTER_DIR/worker2/logfile" -w >/dev/null
expect "$C" "SELECT recover_prepared_transactions()" 0
[ "$(rows "$W2")" = "1,2" ] || fail "worker 2: row 4 committed"
[ "$(prepared "$W2")" = 0 ] || fail "worker 2: prepared transaction left behind"

step "5. a worker is killed before its command: the statement fails, the other worker keeps nothing"
out=$(sql "$C" 2>&1 <<EOF
BEGIN;
SELECT tessera.test_run_in_transaction('127.0.0.1', $W1, 'INSERT INTO items VALUES (5)');
SELECT tessera.test_run_in_transaction('127.0.0.1', $W2, 'INSERT INTO items VALUES (5)');
\! bash "$OUTDIR/stop_worker2.sh"
SELECT tessera.test_run_in_transaction('127.0.0.1', $W2, 'INSERT INTO items VALUES (6)');
COMMIT;
EOF
) && fail "the transaction succeeded with a dead worker: $out"
echo "$out"
[ "$(rows "$W1")" = "1,2" ] || fail "worker 1: row 5 committed although worker 2 died"
[ "$(prepared "$W1")" = 0 ] || fail "worker 1: prepared transaction left behind"
node_ctl start -D "$TEST_CLUSTER_DIR/worker2/data" -l "$TEST_CLUSTER_DIR/worker2/logfile" -w >/dev/null
[ "$(rows "$W2")" = "1,2" ] || fail "worker 2: rows 5/6 committed"

step "6. recovery commits while the committed transaction waits to send COMMIT PREPARED: no warning"
# (The fault pauses every commit for 3 s, the SET's too.) The recovery runs in the transaction's
# pause: once both workers hold its prepared transaction and worker 2's commit record is visible
# (the local commit is done). Polled, not slept, so that a loaded machine cannot move the
# recovery out of the pause.
(
    for _ in $(seq 1 300); do
        gid=$(sql "$W2" -c "SELECT gid FROM pg_prepared_xacts LIMIT 1")
        [ -n "$gid" ] && [ "$(prepared "$W1")" = 1 ] &&
            [ "$(sql "$C" -c "SELECT count(*) FROM pg_dist_transaction WHERE gid = '$gid'")" = 1 ] && break
        sleep 0.05
    done
    sql "$C" -c "SELECT recover_prepared_transactions()" >"$OUTDIR/recovered"
) &
out=$(two_node_commit 6 "SET tessera.test_fault = 'pause_before_commit_prepared';" 2>&1) ||
    fail "the commit failed: $out"
wait $!
[ "$(cat "$OUTDIR/recovered")" = 2 ] || fail "recovery did not commit both: $(cat "$OUTDIR/recovered")"
grep -q "session still alive" <<<"$out" || fail "the session did not go on: $out"
grep -q "WARNING" <<<"$out" && fail "a warning although everything committed: $out"
for port in $W1 $W2; do
    [ "$(rows "$port")" = "1,2,6" ] || fail "worker $port: expected rows 1,2,6, got $(rows "$port")"
done
expect "$C" "SELECT recover_prepared_transactions()" 0
[ "$(records)" = 0 ] || fail "commit records left behind"

crashes=$(test_cluster_crashes | grep -v "immediate" || true)
[ -z "$crashes" ] || fail "server crash: $crashes"
echo "transaction faults: ok"
