#!/usr/bin/env bash
# ctest distributed_deadlocks: lock wait cycles that span nodes end within seconds with SQLSTATE
# 40P01 for the youngest transaction of the cycle, and the others commit: two transactions
# updating rows on two workers in opposite order, a cycle of three, a cycle through a lock the
# coordinator takes (reference table writes). A cycle within one worker still gets that node's
# own "deadlock detected"; with citus.distributed_deadlock_detection_factor = -1 only the
# distributed lock timeout ends a cycle; a long wait behind an idle transaction is not a cycle.
# An autocommit single-shard write (committed by its node, without BEGIN) in a cycle is found
# and cancelled there too, and its statement_timeout leaves nothing written.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=test_cluster.sh
source "$ROOT/test/test_cluster.sh"

test_script_begin distributed-deadlocks "${1:-$BUILD_DIR/test/distributed_deadlocks}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' RETURN
LOG="$TEST_CLUSTER_DIR/coordinator/logfile"

# Short deadlock_timeout everywhere (detection runs every 2 x 200 ms), and a distributed lock
# timeout long enough to tell detection from it.
for port in "$C" "$W1" "$W2"; do
    sql "$port" -c "ALTER SYSTEM SET deadlock_timeout = '200ms'" -c "SELECT pg_reload_conf()" >/dev/null
done
sql "$C" -c "ALTER SYSTEM SET tessera.distributed_lock_timeout = '20s'" -c "SELECT pg_reload_conf()" >/dev/null

sql "$C" <<'SQL' >/dev/null
CREATE TABLE accounts (id int PRIMARY KEY, v int NOT NULL);
SELECT create_distributed_table('accounts', 'id');
INSERT INTO accounts SELECT g, 0 FROM generate_series(1, 40) g;
CREATE TABLE settings (k int PRIMARY KEY, v int NOT NULL);
SELECT create_reference_table('settings');
INSERT INTO settings VALUES (1, 0);
SQL

# The n-th id (1-based) of accounts whose shard is on the worker at port $1.
key_on() {
    sql "$C" -c "SELECT a.id FROM accounts a JOIN citus_shards s
                   ON s.shardid = get_shard_id_for_distribution_column('accounts', a.id)
                 WHERE s.nodeport = $1 ORDER BY a.id OFFSET $2 - 1 LIMIT 1"
}
K1=$(key_on "$W1" 1)
K2=$(key_on "$W2" 1)
K3=$(key_on "$W2" 2)

# Runs psql on the coordinator with the remaining arguments (-c ...), stopping at the first
# error, output (with SQLSTATEs) into $WORK/$1.
session() {
    local out=$1
    shift
    "$BINDIR/psql" -X -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -h 127.0.0.1 -p "$C" -U postgres \
        -d regression "$@" >"$WORK/$out" 2>&1 || true
}
cancels() { grep -c "to end a distributed deadlock" "$LOG" || true; }
# The values of the accounts with the ids listed in $1, in that order.
values() {
    sql "$C" -c "SELECT string_agg(v::text, ',' ORDER BY array_position(ARRAY[$1], id))
                 FROM accounts WHERE id IN ($1)"
}
reset_rows() { sql "$C" -c "UPDATE accounts SET v = 0; UPDATE settings SET v = 0" >/dev/null; }

step "two transactions, rows on two workers in opposite order"
before=$(cancels)
start=$SECONDS
session a.out -c "BEGIN" -c "UPDATE accounts SET v = 1 WHERE id = $K1" -c "SELECT pg_sleep(1)" \
    -c "UPDATE accounts SET v = 1 WHERE id = $K2" -c "COMMIT" &
sleep 0.3
session b.out -c "BEGIN" -c "UPDATE accounts SET v = 2 WHERE id = $K2" -c "SELECT pg_sleep(1)" \
    -c "UPDATE accounts SET v = 2 WHERE id = $K1" -c "COMMIT" &
wait
elapsed=$((SECONDS - start))
grep -q "ERROR:  40P01: canceling the transaction since it was involved in a distributed deadlock" \
    "$WORK/b.out" || fail "the younger transaction did not get the deadlock error: $(cat "$WORK/b.out")"
grep -q "^COMMIT" "$WORK/a.out" || fail "the older transaction did not commit: $(cat "$WORK/a.out")"
[ "$(values "$K1, $K2")" = "1,1" ] || fail "rows after the cycle: $(values "$K1, $K2")"
[ "$elapsed" -lt 10 ] || fail "the cycle took $elapsed s to end"
[ "$(cancels)" = $((before + 1)) ] || fail "expected one cancel in the log: $(grep "distributed deadlock" "$LOG")"

step "a cycle of three transactions"
reset_rows
before=$(cancels)
session a.out -c "BEGIN" -c "UPDATE accounts SET v = 1 WHERE id = $K1" -c "SELECT pg_sleep(1)" \
    -c "UPDATE accounts SET v = 1 WHERE id = $K2" -c "COMMIT" &
sleep 0.2
session b.out -c "BEGIN" -c "UPDATE accounts SET v = 2 WHERE id = $K2" -c "SELECT pg_sleep(1)" \
    -c "UPDATE accounts SET v = 2 WHERE id = $K3" -c "COMMIT" &
sleep 0.2
session c.out -c "BEGIN" -c "UPDATE accounts SET v = 3 WHERE id = $K3" -c "SELECT pg_sleep(1)" \
    -c "UPDATE accounts SET v = 3 WHERE id = $K1" -c "COMMIT" &
wait
grep -q "ERROR:  40P01: canceling the transaction since it was involved in a distributed deadlock" \
    "$WORK/c.out" || fail "the youngest transaction did not get the deadlock error: $(cat "$WORK/c.out")"
grep -q "^COMMIT" "$WORK/a.out" || fail "the first transaction did not commit: $(cat "$WORK/a.out")"
grep -q "^COMMIT" "$WORK/b.out" || fail "the second transaction did not commit: $(cat "$WORK/b.out")"
[ "$(values "$K1, $K2, $K3")" = "1,1,2" ] || fail "rows after the cycle: $(values "$K1, $K2, $K3")"
[ "$(cancels)" = $((before + 1)) ] || fail "expected one cancel in the log"

step "a cycle through a lock on the coordinator (reference table write)"
reset_rows
before=$(cancels)
# a writes the reference table (an ExclusiveLock on its shard on the coordinator), b a row on a
# worker; then a waits for b's row there and b for the reference table's lock here.
session a.out -c "BEGIN" -c "UPDATE settings SET v = v + 1" -c "SELECT pg_sleep(1)" \
    -c "UPDATE accounts SET v = 1 WHERE id = $K1" -c "COMMIT" &
sleep 0.3
session b.out -c "BEGIN" -c "UPDATE accounts SET v = 2 WHERE id = $K1" -c "SELECT pg_sleep(1)" \
    -c "UPDATE settings SET v = v + 10" -c "COMMIT" &
wait
grep -q "ERROR:  40P01: canceling the transaction since it was involved in a distributed deadlock" \
    "$WORK/b.out" || fail "the transaction waiting on the coordinator lock did not get the deadlock error: $(cat "$WORK/b.out")"
grep -q "^COMMIT" "$WORK/a.out" || fail "the other transaction did not commit: $(cat "$WORK/a.out")"
[ "$(values "$K1")" = 1 ] || fail "row after the cycle: $(values "$K1")"
[ "$(sql "$C" -c "SELECT v FROM settings")" = 1 ] || fail "reference row after the cycle"
[ "$(cancels)" = $((before + 1)) ] || fail "expected one cancel in the log"

step "a cycle within one worker is that worker's deadlock"
reset_rows
before=$(cancels)
session a.out -c "BEGIN" -c "UPDATE accounts SET v = 1 WHERE id = $K2" -c "SELECT pg_sleep(1)" \
    -c "UPDATE accounts SET v = 1 WHERE id = $K3" -c "COMMIT" &
sleep 0.3
session b.out -c "BEGIN" -c "UPDATE accounts SET v = 2 WHERE id = $K3" -c "SELECT pg_sleep(1)" \
    -c "UPDATE accounts SET v = 2 WHERE id = $K2" -c "COMMIT" &
wait
cat "$WORK/a.out" "$WORK/b.out" | grep -q "ERROR:  40P01: deadlock detected" ||
    fail "no 'deadlock detected' from the worker: $(cat "$WORK/a.out" "$WORK/b.out")"
[ "$(cat "$WORK/a.out" "$WORK/b.out" | grep -c "^COMMIT")" = 1 ] || fail "one transaction should commit"
[ "$(cancels)" = "$before" ] || fail "the detector cancelled a transaction of a same-node cycle"

step "a long wait behind an idle transaction is no deadlock"
reset_rows
before=$(cancels)
session a.out -c "BEGIN" -c "UPDATE accounts SET v = 1 WHERE id = $K1" -c '\! sleep 3' -c "COMMIT" &
sleep 0.3
session b.out -c "UPDATE accounts SET v = v + 10 WHERE id = $K1" &
session c.out -c "BEGIN" -c "UPDATE accounts SET v = v + 100 WHERE id = $K2" \
    -c "UPDATE accounts SET v = v + 100 WHERE id = $K1" -c "COMMIT" &
wait
for f in a b c; do
    if grep -q ERROR "$WORK/$f.out"; then fail "session $f failed: $(cat "$WORK/$f.out")"; fi
done
[ "$(values "$K1, $K2")" = "111,100" ] || fail "rows after the waits: $(values "$K1, $K2")"
[ "$(cancels)" = "$before" ] || fail "the detector cancelled a wait behind an idle transaction"

step "a cycle through an autocommit single-shard write (committing on its node by itself)"
reset_rows
before=$(cancels)
# a holds a row on worker 1, then waits here for the table lock b's autocommit UPDATE holds while
# b waits there for a's row. b, the youngest, is cancelled on its node (nothing written).
session a.out -c "BEGIN" -c "UPDATE accounts SET v = 1 WHERE id = $K1" -c "SELECT pg_sleep(1)" \
    -c "LOCK TABLE accounts IN SHARE MODE" -c "COMMIT" &
sleep 0.3
session b.out -c "SET citus.log_remote_commands = on" -c "UPDATE accounts SET v = v + 10 WHERE id = $K1" &
wait
grep -q "set_config('lock_timeout'" "$WORK/b.out" ||
    fail "the autocommit UPDATE went in a transaction block: $(cat "$WORK/b.out")"
grep -q "ERROR:  40P01: canceling the transaction since it was involved in a distributed deadlock" \
    "$WORK/b.out" || fail "the autocommit write did not get the deadlock error: $(cat "$WORK/b.out")"
grep -q "^COMMIT" "$WORK/a.out" || fail "the other transaction did not commit: $(cat "$WORK/a.out")"
[ "$(values "$K1")" = 1 ] || fail "row after the cycle: $(values "$K1")"
[ "$(cancels)" = $((before + 1)) ] || fail "expected one cancel in the log"

step "statement_timeout of an autocommit write waiting for a row: nothing written"
reset_rows
session a.out -c "BEGIN" -c "UPDATE accounts SET v = 1 WHERE id = $K1" -c '\! sleep 1.5' -c "COMMIT" &
sleep 0.3
session b.out -c "SET statement_timeout = '400ms'" -c "UPDATE accounts SET v = v + 10 WHERE id = $K1" &
wait
grep -q "ERROR:  57014: canceling statement due to statement timeout" "$WORK/b.out" ||
    fail "no statement timeout: $(cat "$WORK/b.out")"
grep -q "^COMMIT" "$WORK/a.out" || fail "the holder did not commit: $(cat "$WORK/a.out")"
[ "$(values "$K1")" = 1 ] || fail "a timed out autocommit write was written: $(values "$K1")"

step "factor -1: only the distributed lock timeout ends a cycle"
reset_rows
before=$(cancels)
sql "$C" -c "ALTER SYSTEM SET citus.distributed_deadlock_detection_factor = -1" \
    -c "SELECT pg_reload_conf()" >/dev/null
sleep 0.5
export PGOPTIONS="-c tessera.distributed_lock_timeout=2500"
session a.out -c "BEGIN" -c "UPDATE accounts SET v = 1 WHERE id = $K1" -c "SELECT pg_sleep(1)" \
    -c "UPDATE accounts SET v = 1 WHERE id = $K2" -c "COMMIT" &
sleep 0.3
session b.out -c "BEGIN" -c "UPDATE accounts SET v = 2 WHERE id = $K2" -c "SELECT pg_sleep(1)" \
    -c "UPDATE accounts SET v = 2 WHERE id = $K1" -c "COMMIT" &
wait
unset PGOPTIONS
cat "$WORK/a.out" "$WORK/b.out" | grep -q "ERROR:  55P03: canceling statement due to lock timeout" ||
    fail "no lock timeout with detection off: $(cat "$WORK/a.out" "$WORK/b.out")"
if cat "$WORK/a.out" "$WORK/b.out" | grep -q "distributed deadlock"; then
    fail "detection ran although the factor is -1"
fi
[ "$(cancels)" = "$before" ] || fail "the detector cancelled a transaction with the factor at -1"
sql "$C" -c "ALTER SYSTEM RESET citus.distributed_deadlock_detection_factor" \
    -c "SELECT pg_reload_conf()" >/dev/null
if sql "$C" -c "ALTER SYSTEM SET citus.distributed_deadlock_detection_factor = 0.5" 2>"$WORK/err.out"; then
    fail "a factor below 1 was accepted"
fi
grep -q "invalid value" "$WORK/err.out" || fail "unexpected error for factor 0.5: $(cat "$WORK/err.out")"

echo "distributed_deadlocks: all checks passed"
