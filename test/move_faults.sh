#!/usr/bin/env bash
# ctest move_faults: shard moves, the rebalancer and citus_drain_node interrupted by faults never
# lose or duplicate a row and leave consistent metadata. A move (and a whole rebalance, and a
# drain) runs in one distributed transaction: when it fails, every placement stays where it was,
# no shard table is left behind on either worker, and a retry succeeds.
#
# The fault point tessera.test_fault = pause_during_shard_copy pauses every shard copy for 3 s
# once its first rows reached the target (and logs it), so the faults below hit both ends in the
# middle of their COPY:
#   1. the target worker stopped (pg_ctl stop -m immediate) during the copy
#   2. the source worker stopped during the copy
#   3. the move cancelled (pg_cancel_backend), and stopped by statement_timeout; the session's
#      connections stay usable (the retry runs in the same session)
#   4. rebalance_table_shards cancelled during its second move, and its target worker stopped
#      there: the whole rebalance rolls back (it is one transaction), rerunning it finishes the
#      job; row counts and checksums of every table (two colocated tables, another colocation
#      group, a reference table) are unchanged
#   5. writes running during moves (pgbench with prepared statements, and a loop of single-row
#      INSERTs): writes to the moving tables wait for the move (it locks them), then go on; every
#      acknowledged write is there exactly once and nothing else is. Reads (prepared and simple)
#      go on during the copies and across each switch (a source shard they may still read is
#      dropped later): none fails
#   6. citus_drain_node with a worker down (the drained node, then the target): a clear error,
#      shouldhaveshards and placements unchanged
#   7. a write acknowledged although its COMMIT PREPARED failed on the source worker (it is left
#      to recovery): the move refuses clearly instead of copying the shard without it; after
#      recovery it moves the shard with the write
#   8. clients that read a table, then lock and write its rows (deadlock_timeout 50 ms), during a
#      move of its shard: neither fails (the move does not wait for their reads at the switch; it
#      leaves the busy source shard in pg_dist_cleanup), no row lost or doubled. A transaction
#      that holds the table's lock across a move (8b) and a split (8d) reads and writes the new
#      shards (prepared statements with generic plans, PL/pgSQL, plain statements) with vanilla
#      READ COMMITTED's answers; the old shard stays until it ends, then
#      citus_cleanup_orphaned_resources() drops it, as the maintenance worker does after a
#      coordinator restart between the switch and the cleanup (8c). A REPEATABLE READ transaction
#      whose snapshot predates a move gets a serialization failure, not other rows (8e);
#      citus_remove_node after a drain drops the shards the drain left on the node (8f)
# Also: the move's backend terminated mid-copy (retry from a new session), a table of the
# shard's name already on the target (not made by a move: refused, with a hint), and
# get_rebalance_progress() from another session while a move is paused in each of its copies.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=test_cluster.sh
source "$ROOT/test/test_cluster.sh"

test_script_begin move-faults "${1:-$BUILD_DIR/test/move_faults}"

COORD_LOG="$TEST_CLUSTER_DIR/coordinator/logfile"
node_ctl() { as_pg_user "$BINDIR/pg_ctl" "$@"; }
stop_worker() { node_ctl stop -D "$TEST_CLUSTER_DIR/worker$1/data" -m immediate -w >/dev/null; }
start_worker() {
    node_ctl start -D "$TEST_CLUSTER_DIR/worker$1/data" -l "$TEST_CLUSTER_DIR/worker$1/logfile" -w >/dev/null
}
port_of() { echo $((C + $1)); }

# Every placement as shardid:port, in shard order.
placements() {
    sql "$C" -c "SELECT string_agg(p.shardid || ':' || n.nodeport, ' ' ORDER BY p.shardid, n.nodeport)
                   FROM pg_dist_placement p JOIN pg_dist_node n USING (groupid)"
}
# Row count and checksum (sum of the rows' hashes) of every table, read through the coordinator.
checksums() {
    sql "$C" -c "SELECT string_agg(x, ' ' ORDER BY x) FROM (
                   SELECT 'orders=' || count(*) || '/' || coalesce(sum(hashtext(t::text)::bigint), 0) x FROM orders t
                   UNION ALL SELECT 'items=' || count(*) || '/' || coalesce(sum(hashtext(t::text)::bigint), 0) FROM items t
                   UNION ALL SELECT 'events=' || count(*) || '/' || coalesce(sum(hashtext(t::text)::bigint), 0) FROM events t
                   UNION ALL SELECT 'ref=' || count(*) || '/' || coalesce(sum(hashtext(t::text)::bigint), 0) FROM ref t) s"
}
# The shard tables the metadata places on worker N, and the ones the worker really has.
expected_shard_tables() {
    sql "$C" -c "SELECT coalesce(string_agg(shard_name(s.logicalrelid, s.shardid), ' '
                                               ORDER BY shard_name(s.logicalrelid, s.shardid) COLLATE \"C\"), '')
                   FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid)
                   JOIN pg_dist_node n USING (groupid) WHERE n.nodeport = $(port_of "$1")"
}
actual_shard_tables() {
    sql "$(port_of "$1")" -c "SELECT coalesce(string_agg(relname, ' ' ORDER BY relname COLLATE \"C\"), '') FROM pg_class
                               WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace
                                 AND relname ~ '^(orders|items|events|counters|ref|accounts)_[0-9]+$'"
}
# Both workers up: every shard table is where the metadata says and nowhere else, no prepared
# transaction is left, and every table has the rows it had at the start (or `expected`).
check_consistent() {
    local expected=${1:-$BASELINE} w
    sql "$C" -c "SELECT recover_prepared_transactions()" >/dev/null
    # source shards of moves that found their tables in use wait for a deferred drop
    sql "$C" -c "SELECT citus_cleanup_orphaned_resources()" >/dev/null
    [ "$(sql "$C" -c "SELECT count(*) FROM pg_dist_cleanup")" = 0 ] || fail "pg_dist_cleanup not empty"
    for w in 1 2; do
        [ "$(actual_shard_tables "$w")" = "$(expected_shard_tables "$w")" ] ||
            fail "worker $w holds shard tables [$(actual_shard_tables "$w")], metadata says [$(expected_shard_tables "$w")]"
        [ "$(sql "$(port_of "$w")" -c "SELECT count(*) FROM pg_prepared_xacts")" = 0 ] ||
            fail "prepared transactions left on worker $w"
    done
    [ "$(checksums)" = "$expected" ] || fail "rows changed: $(checksums), expected $expected"
}
# The number of pauses at the fault point so far.
pauses() { grep -c "tessera.test_fault: pausing in the copy" "$COORD_LOG" || true; }
# Runs the SQL script `statement` on the coordinator in the background with the fault point on
# (psql carries on after errors), waits for pause number `nth` (counted from now), runs `action`,
# and leaves the output in $OUTDIR/fault.out.
with_fault() {
    local nth=$1 action=$2 statement=$3 start i
    start=$(pauses)
    { echo "SET tessera.test_fault = pause_during_shard_copy;"; echo "$statement"; } |
        "$BINDIR/psql" -X -q -At -h 127.0.0.1 -p "$C" -U postgres -d regression \
            -v ON_ERROR_STOP=0 >"$OUTDIR/fault.out" 2>&1 &
    local pid=$!
    for i in $(seq 1 300); do
        [ "$(pauses)" -ge $((start + nth)) ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    [ "$(pauses)" -ge $((start + nth)) ] || fail "the fault point was not reached: $(cat "$OUTDIR/fault.out")"
    eval "$action"
    wait "$pid" || true
}
# The statement's output holds an ERROR matching `pattern`.
expect_error() {
    grep -qE "ERROR: +$1" "$OUTDIR/fault.out" || fail "expected an error like '$1': $(cat "$OUTDIR/fault.out")"
    echo "error: $(grep ERROR "$OUTDIR/fault.out" | head -1)"
}
cancel_move() {
    sql "$C" -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity
                  WHERE query LIKE '%shard%' AND pid <> pg_backend_pid() AND backend_type = 'client backend'" >/dev/null
}
move_sql() { # shard from-worker to-worker
    echo "SELECT citus_move_shard_placement($1, '127.0.0.1', $(port_of "$2"), '127.0.0.1', $(port_of "$3"));"
}
node_of() { sql "$C" -c "SELECT n.nodeport FROM pg_dist_placement p JOIN pg_dist_node n USING (groupid) WHERE p.shardid = $1"; }

{
    sql "$C" <<'SQL'
CREATE TABLE orders (id int PRIMARY KEY, v bigint NOT NULL, note text);
SELECT create_distributed_table('orders', 'id', shard_count => 4);
CREATE TABLE items (order_id int REFERENCES orders (id), n int, qty int, PRIMARY KEY (order_id, n));
SELECT create_distributed_table('items', 'order_id', colocate_with => 'orders');
CREATE TABLE events (k int, v int);
SELECT create_distributed_table('events', 'k', shard_count => 4, colocate_with => 'none');
CREATE TABLE counters (id int PRIMARY KEY, n bigint NOT NULL);
SELECT create_distributed_table('counters', 'id', colocate_with => 'events');
CREATE TABLE ref (k int PRIMARY KEY, label text);
SELECT create_reference_table('ref');
INSERT INTO orders SELECT g, g * 7, repeat('x', 40) FROM generate_series(1, 20000) g;
INSERT INTO items SELECT g, n, g % 13 FROM generate_series(1, 20000) g, generate_series(1, 2) n;
INSERT INTO events SELECT g % 997, g FROM generate_series(1, 5000) g;
INSERT INTO counters SELECT g, 0 FROM generate_series(0, 7) g;
INSERT INTO ref SELECT g, 'r' || g FROM generate_series(1, 100) g;
SQL
} >/dev/null
BASELINE=$(checksums)
ORDER_SHARD=$(sql "$C" -c "SELECT min(shardid) FROM pg_dist_shard WHERE logicalrelid = 'orders'::regclass")
ITEM_SHARD=$(sql "$C" -c "SELECT min(shardid) FROM pg_dist_shard WHERE logicalrelid = 'items'::regclass")
[ "$(node_of "$ORDER_SHARD")" = "$W1" ] || fail "shard $ORDER_SHARD is expected on worker 1"
ORDER_KEY=$(sql "$C" -c "SELECT min(g) FROM generate_series(1, 1000) g
                          WHERE get_shard_id_for_distribution_column('orders', g) = $ORDER_SHARD")
check_consistent

step "1. the target worker stopped while a move copies: error, nothing moved; the retry works"
before=$(placements)
with_fault 1 "stop_worker 2" "$(move_sql "$ORDER_SHARD" 1 2)"
expect_error "(could not|connection to node).*127.0.0.1:$W2"
[ "$(placements)" = "$before" ] || fail "placements changed: $(placements)"
# the moving shard's rows are readable while the target is down, all rows once it is back
[ "$(sql "$C" -c "SELECT count(*) FROM orders WHERE id = $ORDER_KEY")" = 1 ] || fail "row $ORDER_KEY unreadable"
start_worker 2
check_consistent
sql "$C" -c "$(move_sql "$ORDER_SHARD" 1 2)" >/dev/null
[ "$(node_of "$ORDER_SHARD")" = "$W2" ] && [ "$(node_of "$ITEM_SHARD")" = "$W2" ] ||
    fail "the retried move did not move the shard group: $(placements)"
check_consistent

step "2. the source worker stopped while a move copies: error, nothing moved; the retry works"
before=$(placements)
with_fault 1 "stop_worker 2" "$(move_sql "$ORDER_SHARD" 2 1)"
expect_error "(could not|connection to node).*127.0.0.1:$W2"
[ "$(placements)" = "$before" ] || fail "placements changed: $(placements)"
start_worker 2
check_consistent
sql "$C" -c "$(move_sql "$ORDER_SHARD" 2 1)" >/dev/null
[ "$(node_of "$ORDER_SHARD")" = "$W1" ] || fail "the retried move failed: $(placements)"
check_consistent

step "3. a move cancelled, and one stopped by statement_timeout; the same session retries"
before=$(placements)
with_fault 1 cancel_move "$(move_sql "$ORDER_SHARD" 1 2)
RESET tessera.test_fault;
SELECT 'placements', string_agg(shardid || ':' || groupid, ' ' ORDER BY shardid) FROM pg_dist_placement;
$(move_sql "$ORDER_SHARD" 1 2)
SELECT 'moved', count(*) FROM orders;"
expect_error "canceling statement due to user request"
grep -q "^placements|" "$OUTDIR/fault.out" || fail "no placements: $(cat "$OUTDIR/fault.out")"
[ "$(grep -c ERROR "$OUTDIR/fault.out")" = 1 ] || fail "the retry in the same session failed: $(cat "$OUTDIR/fault.out")"
grep -q "^moved|20000$" "$OUTDIR/fault.out" || fail "rows after the retry: $(cat "$OUTDIR/fault.out")"
[ "$(node_of "$ORDER_SHARD")" = "$W2" ] || fail "the retried move failed: $(placements)"
check_consistent
before=$(placements)
with_fault 1 true "SET statement_timeout = '1s';
$(move_sql "$ORDER_SHARD" 2 1)
RESET statement_timeout;
RESET tessera.test_fault;
SELECT 'count', count(*) FROM items;"
expect_error "canceling statement due to statement timeout"
grep -q "^count|40000$" "$OUTDIR/fault.out" || fail "the same session after the timeout: $(cat "$OUTDIR/fault.out")"
[ "$(placements)" = "$before" ] || fail "placements changed: $(placements)"
check_consistent
sql "$C" -c "$(move_sql "$ORDER_SHARD" 2 1)" >/dev/null
check_consistent

step "3b. the move's backend terminated during the copy; a new session retries"
from=$([ "$(node_of "$ORDER_SHARD")" = "$W1" ] && echo 1 || echo 2)
to=$((3 - from))
before=$(placements)
with_fault 1 "sql \"\$C\" -c \"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%citus_move%' AND pid <> pg_backend_pid()\" >/dev/null" \
    "$(move_sql "$ORDER_SHARD" "$from" "$to")"
grep -qE "terminating connection|server closed the connection" "$OUTDIR/fault.out" ||
    fail "the terminated move: $(cat "$OUTDIR/fault.out")"
[ "$(placements)" = "$before" ] || fail "placements changed: $(placements)"
check_consistent
sql "$C" -c "$(move_sql "$ORDER_SHARD" "$from" "$to")" >/dev/null
[ "$(node_of "$ORDER_SHARD")" = "$(port_of "$to")" ] || fail "the retried move failed: $(placements)"
check_consistent

step "3c. a shard table of the same name already on the target (not made by a move): refused"
from=$to
to=$((3 - from))
before=$(placements)
sql "$(port_of "$to")" -c "CREATE TABLE $(sql "$C" -c "SELECT shard_name('orders'::regclass, $ORDER_SHARD)") (id int, v bigint, note text)" >/dev/null
rc=0
sql "$C" -c "$(move_sql "$ORDER_SHARD" "$from" "$to")" >"$OUTDIR/fault.out" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "a move over an existing table succeeded"
expect_error "target node 127.0.0.1:$(port_of "$to") already holds shard table"
[ "$(placements)" = "$before" ] || fail "placements changed: $(placements)"
sql "$(port_of "$to")" -c "DROP TABLE $(sql "$C" -c "SELECT shard_name('orders'::regclass, $ORDER_SHARD)")"
check_consistent

step "3d. get_rebalance_progress() while a move copies (paused at the fault point)"
from=$([ "$(node_of "$ORDER_SHARD")" = "$W1" ] && echo 1 || echo 2)
to=$((3 - from))
# One row per shard of the group being moved, as table:progress:status, and the other columns
# checked as booleans (sizes from the nodes, the source's unchanged since the start).
progress_rows() {
    sql "$C" -c "SELECT string_agg(table_name || ':' || progress || ':' || status || ':' ||
                   (sessionid = (SELECT pid FROM pg_stat_activity WHERE query LIKE '%citus_move_shard_placement%'
                                  AND backend_type = 'client backend' AND pid <> pg_backend_pid()))::text || ':' ||
                   (sourceport = $(port_of "$from") AND targetport = $(port_of "$to") AND sourcename = '127.0.0.1'
                    AND operation_type = 'move' AND source_lsn IS NULL AND target_lsn IS NULL)::text || ':' ||
                   (shard_size > 0 AND source_shard_size = shard_size)::text || ':' ||
                   CASE WHEN target_shard_size = 0 THEN 'empty' WHEN target_shard_size > 0 THEN 'some' END,
                   ' ' ORDER BY shardid) FROM get_rebalance_progress()"
}
# Waits (up to 10 s) until progress_rows prints a line matching the extended regex EXPECTED.
wait_progress() {
    local expected=$1 got
    for _ in $(seq 1 100); do
        got=$(progress_rows)
        [[ "$got" =~ ^$expected$ ]] && return 0
        sleep 0.1
    done
    fail "get_rebalance_progress: expected '$expected', got '$got'"
}
check_progress() {
    # the orders shard is being copied (its first rows are on the target), the items shard waits
    wait_progress "orders:1:copying data:true:true:true:some items:0:copying data:true:true:true:empty"
    local start
    start=$(pauses)
    for _ in $(seq 1 100); do
        [ "$(pauses)" -gt "$start" ] && break
        sleep 0.1
    done
    # the items shard is being copied (its first rows may still be in the target's COPY buffer);
    # the orders shard is copied, its size there is final
    wait_progress "orders:2:copying data:true:true:true:some items:1:copying data:true:true:true:(empty|some)"
    echo "ok: progress during both copies"
}
[ -z "$(progress_rows)" ] || fail "progress shown without a move: $(progress_rows)"
with_fault 1 check_progress "$(move_sql "$ORDER_SHARD" "$from" "$to")"
grep -q ERROR "$OUTDIR/fault.out" && fail "the observed move failed: $(cat "$OUTDIR/fault.out")"
[ "$(node_of "$ORDER_SHARD")" = "$(port_of "$to")" ] || fail "the observed move did not happen: $(placements)"
[ -z "$(progress_rows)" ] || fail "progress still shown after the move: $(progress_rows)"
check_consistent

step "4. rebalance_table_shards cancelled, or its target stopped, during its second move; rerunning it finishes"
# Every shard group on worker 1 first: the rebalance then moves two groups of each colocation
# group (orders+items, events+counters) to worker 2.
for s in $(sql "$C" -c "SELECT p.shardid FROM pg_dist_placement p JOIN pg_dist_node n USING (groupid)
                         JOIN pg_dist_shard s USING (shardid)
                        WHERE n.nodeport = $W2 AND s.logicalrelid IN ('orders'::regclass, 'events'::regclass)"); do
    sql "$C" -c "$(move_sql "$s" 2 1)" >/dev/null
done
[ "$(expected_shard_tables 2)" = "$(sql "$C" -c "SELECT shard_name('ref'::regclass, shardid) FROM pg_dist_shard WHERE logicalrelid = 'ref'::regclass")" ] ||
    fail "worker 2 still holds shards: $(expected_shard_tables 2)"
check_consistent
before=$(placements)
# a move copies two tables: pause 3 is the second move's first copy
with_fault 3 cancel_move "SELECT rebalance_table_shards();"
expect_error "canceling statement due to user request"
[ "$(placements)" = "$before" ] || fail "placements changed by the cancelled rebalance: $(placements)"
check_consistent
# the same with the target worker stopped during the second move
with_fault 3 "stop_worker 2" "SELECT rebalance_table_shards();"
expect_error "(could not|connection to node).*127.0.0.1:$W2"
[ "$(placements)" = "$before" ] || fail "placements changed by the failed rebalance: $(placements)"
start_worker 2
check_consistent
sql "$C" -c "SELECT rebalance_table_shards()" >/dev/null
[ "$(sql "$C" -c "SELECT count(*) FROM get_rebalance_table_shards_plan()")" = 0 ] ||
    fail "the rerun rebalance left work: $(sql "$C" -c "SELECT * FROM get_rebalance_table_shards_plan()")"
for table in orders items events counters; do
    [ "$(sql "$C" -c "SELECT count(*) FROM pg_dist_placement p JOIN pg_dist_node n USING (groupid)
                       JOIN pg_dist_shard s USING (shardid)
                      WHERE n.nodeport = $W2 AND s.logicalrelid = '$table'::regclass")" = 2 ] ||
        fail "$table is not balanced: $(placements)"
done
check_consistent

step "5. writes during moves: they wait for the move, then go on; none lost or duplicated"
cat >"$OUTDIR/writes.pgbench" <<'EOF'
\set k random(1, 100000)
BEGIN;
INSERT INTO events (k, v) VALUES (:k, -1);
UPDATE counters SET n = n + 1 WHERE id = :k % 8;
END;
EOF
rm -f "$OUTDIR/acked" "$OUTDIR/stop-writes"
touch "$OUTDIR/acked"
# single-row INSERTs of new orders, each acknowledged id logged
(
    i=100000
    while [ ! -e "$OUTDIR/stop-writes" ]; do
        i=$((i + 1))
        if sql "$C" -c "INSERT INTO orders VALUES ($i, $i, 'new')" >/dev/null 2>>"$OUTDIR/insert-errors"; then
            echo "$i" >>"$OUTDIR/acked"
        fi
    done
) &
writer=$!
"$BINDIR/pgbench" -n -h 127.0.0.1 -p "$C" -U postgres -M prepared -c 2 -T 16 \
    -f "$OUTDIR/writes.pgbench" regression >"$OUTDIR/pgbench.out" 2>&1 &
bench=$!
# reads of the moving tables go on during the copies and the switch; those that resolved their
# tasks with the old placements read a source shard the move leaves for a deferred drop, later
# ones read the new placements (no "shard gone" error)
cat >"$OUTDIR/reads.pgbench" <<'EOF'
\set k random(1, 20000)
SELECT count(*) FROM orders WHERE id = :k;
SELECT count(*), sum(v) FROM events;
EOF
"$BINDIR/pgbench" -n -h 127.0.0.1 -p "$C" -U postgres -M prepared -c 1 -T 16 \
    -f "$OUTDIR/reads.pgbench" regression >"$OUTDIR/pgbench-reads-prepared.out" 2>&1 &
reads_prepared=$!
"$BINDIR/pgbench" -n -h 127.0.0.1 -p "$C" -U postgres -M simple -c 1 -T 16 \
    -f "$OUTDIR/reads.pgbench" regression >"$OUTDIR/pgbench-reads-simple.out" 2>&1 &
reads_simple=$!
sleep 1
events_shard=$(sql "$C" -c "SELECT min(shardid) FROM pg_dist_shard WHERE logicalrelid = 'events'::regclass")
from=$([ "$(node_of "$events_shard")" = "$W1" ] && echo 1 || echo 2)
to=$((3 - from))
sql "$C" -c "SET tessera.test_fault = pause_during_shard_copy" -c "$(move_sql "$events_shard" "$from" "$to")" >/dev/null
from=$([ "$(node_of "$ORDER_SHARD")" = "$W1" ] && echo 1 || echo 2)
to=$((3 - from))
sql "$C" -c "SET tessera.test_fault = pause_during_shard_copy" -c "$(move_sql "$ORDER_SHARD" "$from" "$to")" >/dev/null
# and quick moves back and forth
for i in 1 2 3; do
    sql "$C" -c "$(move_sql "$ORDER_SHARD" "$to" "$from")" -c "$(move_sql "$ORDER_SHARD" "$from" "$to")" >/dev/null
done
sleep 1
touch "$OUTDIR/stop-writes"
wait "$writer"
rc=0
wait "$bench" || rc=$?
[ "$rc" -eq 0 ] || fail "pgbench failed: $(cat "$OUTDIR/pgbench.out")"
for mode in prepared simple; do
    rc=0
    if [ "$mode" = prepared ]; then wait "$reads_prepared" || rc=$?; else wait "$reads_simple" || rc=$?; fi
    [ "$rc" -eq 0 ] || fail "reads ($mode) failed: $(cat "$OUTDIR/pgbench-reads-$mode.out")"
done
[ ! -s "$OUTDIR/insert-errors" ] || fail "INSERTs failed during the moves: $(cat "$OUTDIR/insert-errors")"
committed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$OUTDIR/pgbench.out")
[ -n "$committed" ] && [ "$committed" -gt 0 ] || fail "pgbench: $(cat "$OUTDIR/pgbench.out")"
acked=$(wc -l <"$OUTDIR/acked")
echo "writes acknowledged: $committed pgbench transactions, $acked INSERTs"
[ "$(sql "$C" -c "SELECT count(*) FROM events WHERE v = -1")" = "$committed" ] ||
    fail "events: $(sql "$C" -c "SELECT count(*) FROM events WHERE v = -1") rows, $committed acknowledged"
[ "$(sql "$C" -c "SELECT sum(n) FROM counters")" = "$committed" ] ||
    fail "counters: $(sql "$C" -c "SELECT sum(n) FROM counters"), $committed acknowledged"
sort -n "$OUTDIR/acked" >"$OUTDIR/acked.sorted"
sql "$C" -c "SELECT id FROM orders WHERE id > 100000 ORDER BY id" >"$OUTDIR/present"
cmp -s "$OUTDIR/acked.sorted" "$OUTDIR/present" ||
    fail "new orders differ from the acknowledged INSERTs: $(diff "$OUTDIR/acked.sorted" "$OUTDIR/present" | head -5)"
[ "$(sql "$C" -c "SELECT count(*) FROM (SELECT id FROM orders GROUP BY id HAVING count(*) > 1) d")" = 0 ] ||
    fail "duplicate orders"
sql "$C" -c "DELETE FROM orders WHERE id > 100000; DELETE FROM events WHERE v = -1; UPDATE counters SET n = 0" >/dev/null
check_consistent

step "6. citus_drain_node with a worker down: a clear error, nothing half done"
before=$(placements)
stop_worker 2
rc=0
sql "$C" -c "SELECT citus_drain_node('127.0.0.1', $W2)" >"$OUTDIR/fault.out" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "draining a stopped worker succeeded"
expect_error "(could not|connection to node).*127.0.0.1:$W2"
rc=0
sql "$C" -c "SELECT citus_drain_node('127.0.0.1', $W1)" >"$OUTDIR/fault.out" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "draining towards a stopped worker succeeded"
expect_error "(could not|connection to node).*127.0.0.1:$W2"
[ "$(sql "$C" -c "SELECT string_agg(shouldhaveshards::text, ' ' ORDER BY nodeport) FROM pg_dist_node WHERE groupid <> 0")" = "true true" ] ||
    fail "shouldhaveshards changed by a failed drain"
[ "$(placements)" = "$before" ] || fail "placements changed by a failed drain: $(placements)"
start_worker 2
check_consistent
sql "$C" -c "SELECT citus_drain_node('127.0.0.1', $W2)" >/dev/null
[ "$(sql "$C" -c "SELECT count(*) FROM pg_dist_placement p JOIN pg_dist_node n USING (groupid)
                   JOIN pg_dist_partition t ON t.logicalrelid = (SELECT logicalrelid FROM pg_dist_shard s WHERE s.shardid = p.shardid)
                  WHERE n.nodeport = $W2 AND t.partmethod = 'h'")" = 0 ] || fail "the drain left shards: $(placements)"
check_consistent
step "7. a write whose COMMIT PREPARED failed on the source: the move refuses until recovery"
# shards on both workers again (the UPDATE below must be a two-phase commit); no periodic
# recovery meanwhile
sql "$C" -c "SELECT citus_set_node_property('127.0.0.1', $W2, 'shouldhaveshards', true)" \
    -c "SELECT rebalance_table_shards()" >/dev/null
check_consistent
sql "$C" -c "ALTER SYSTEM SET tessera.recover_2pc_interval = -1" -c "SELECT pg_reload_conf()" >/dev/null
w=$([ "$(node_of "$ORDER_SHARD")" = "$W1" ] && echo 1 || echo 2)
before_sum=$(sql "$C" -c "SELECT sum(v) FROM orders")
rows=$(sql "$C" -c "SELECT count(*) FROM orders")
sql "$C" -c "SET tessera.test_fault = pause_before_commit_prepared" -c "UPDATE orders SET v = v + 1" >"$OUTDIR/update.out" 2>&1 &
pid=$!
for i in $(seq 1 100); do
    [ "$(sql "$(port_of "$w")" -c "SELECT count(*) FROM pg_prepared_xacts")" -gt 0 ] && break
    sleep 0.05
done
[ "$(sql "$(port_of "$w")" -c "SELECT count(*) FROM pg_prepared_xacts")" -gt 0 ] ||
    fail "the UPDATE prepared nothing on worker $w: $(cat "$OUTDIR/update.out")"
stop_worker "$w"
wait "$pid" || fail "the UPDATE failed: $(cat "$OUTDIR/update.out")"
grep -q "will be committed by transaction recovery" "$OUTDIR/update.out" ||
    fail "the UPDATE's COMMIT PREPARED did not fail: $(cat "$OUTDIR/update.out")"
start_worker "$w"
before=$(placements)
# the move, then recovery (committing the UPDATE on the source): once the move has ended (it
# must refuse at once, not wait for the lock), or after 30 s if it still runs. Not a fixed sleep:
# on a loaded machine recovery could otherwise commit the UPDATE before the move even started.
rc=0
sql "$C" -c "$(move_sql "$ORDER_SHARD" "$w" $((3 - w)))" >"$OUTDIR/fault.out" 2>&1 &
pid=$!
for i in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
sql "$C" -c "SELECT recover_prepared_transactions()" >/dev/null
wait "$pid" || rc=$?
[ "$rc" -eq 0 ] || { cp "$OUTDIR/fault.out" "$OUTDIR/refused.out"; placements_after=$(placements);
                     sql "$C" -c "$(move_sql "$ORDER_SHARD" "$w" $((3 - w)))" >/dev/null; }
[ "$(sql "$C" -c "SELECT sum(v) - $before_sum FROM orders")" = "$rows" ] ||
    fail "the acknowledged UPDATE is lost: sum(v) grew by $(sql "$C" -c "SELECT sum(v) - $before_sum FROM orders"), expected $rows"
[ "$rc" -ne 0 ] || fail "the move copied a shard with a pending prepared write"
cp "$OUTDIR/refused.out" "$OUTDIR/fault.out"
expect_error "shard table .* on source node 127.0.0.1:$(port_of "$w") is locked by a prepared transaction"
[ "$placements_after" = "$before" ] || fail "placements changed by the refused move: $placements_after"
[ "$(node_of "$ORDER_SHARD")" = "$(port_of $((3 - w)))" ] || fail "the retried move failed: $(placements)"
sql "$C" -c "ALTER SYSTEM RESET tessera.recover_2pc_interval" -c "SELECT pg_reload_conf()" >/dev/null
# A psql session on the coordinator fed through a fifo (on fd 7), for statements interleaved with
# other sessions': session_open NAME, session_run NAME SQL (waits until the session ran it; its
# output is in $OUTDIR/NAME.out), session_close.
session_open() {
    rm -f "$OUTDIR/$1.in"
    mkfifo "$OUTDIR/$1.in"
    "$BINDIR/psql" -X -q -At -h 127.0.0.1 -p "$C" -U postgres -d regression -v ON_ERROR_STOP=0 \
        <"$OUTDIR/$1.in" >"$OUTDIR/$1.out" 2>&1 &
    SESSION_PID=$!
    exec 7>"$OUTDIR/$1.in"
}
SESSION_MARK=0
session_run() {
    local i
    SESSION_MARK=$((SESSION_MARK + 1))
    printf '%s\n\\echo mark-%s\n' "$2" "$SESSION_MARK" >&7
    for i in $(seq 1 600); do
        grep -q "^mark-$SESSION_MARK$" "$OUTDIR/$1.out" && return 0
        sleep 0.05
    done
    fail "session $1 did not run: $2: $(cat "$OUTDIR/$1.out")"
}
session_close() {
    exec 7>&-
    wait "$SESSION_PID" || true
}
# Runs `statement` (a move, split or drain) on the coordinator while another session's
# transaction holds a lock on the tables: it must finish without waiting for that transaction.
run_without_waiting() {
    timeout 90 "$BINDIR/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$C" -U postgres \
        -d regression -c "SET statement_timeout = '60s'" -c "$1" >/dev/null ||
        fail "did not finish while a transaction held a lock on the table: $1"
}
shard_exists_on() { # shard name, worker number
    sql "$(port_of "$2")" -c "SELECT to_regclass('$1') IS NOT NULL"
}

step "8. a move while clients read, then lock and write rows (deadlock_timeout 50 ms): no deadlock"
BASELINE=$(checksums) # step 7 changed orders
sql "$C" >/dev/null <<'SQL'
CREATE TABLE accounts (tenant int NOT NULL, id int NOT NULL, v bigint NOT NULL, PRIMARY KEY (tenant, id));
SELECT create_distributed_table('accounts', 'tenant', shard_count => 2, colocate_with => 'none');
INSERT INTO accounts SELECT g % 10, g, 0 FROM generate_series(1, 4000) g;
CREATE FUNCTION tenant_rows() RETURNS bigint LANGUAGE plpgsql AS
$$BEGIN RETURN (SELECT count(*) FROM accounts WHERE tenant = 1); END$$;
SQL
ACC_SHARD=$(sql "$C" -c "SELECT get_shard_id_for_distribution_column('accounts', 1)")
ACC_NAME=$(sql "$C" -c "SELECT shard_name('accounts', $ACC_SHARD)")
from=$([ "$(node_of "$ACC_SHARD")" = "$W1" ] && echo 1 || echo 2)
printf '%s\n' '\set k random(1, 4000)' 'BEGIN;' \
    'SELECT min(id) FROM accounts WHERE tenant = :k % 10;' \
    'SELECT v FROM accounts WHERE tenant = :k % 10 AND id = :k FOR UPDATE;' \
    'UPDATE accounts SET v = v + 1 WHERE tenant = :k % 10 AND id = :k;' \
    'COMMIT;' >"$OUTDIR/read_lock_write.pgbench"
PGOPTIONS="-c deadlock_timeout=50ms" "$BINDIR/pgbench" -n -h 127.0.0.1 -p "$C" -U postgres -M prepared \
    -c 2 -T 7 -f "$OUTDIR/read_lock_write.pgbench" regression >"$OUTDIR/pgbench-rlw.out" 2>&1 &
pgbench_pid=$!
sleep 1
# the copy pauses 3 s (fault point): the clients wait for the move's lock holding their reads'
with_fault 1 true "SET deadlock_timeout = '50ms';
$(move_sql "$ACC_SHARD" "$from" $((3 - from)))
SELECT 'moved', count(*) FROM pg_dist_cleanup;"
rc=0
wait "$pgbench_pid" || rc=$?
! grep -q ERROR "$OUTDIR/fault.out" || fail "the move failed: $(cat "$OUTDIR/fault.out")"
grep -q "^moved|1$" "$OUTDIR/fault.out" ||
    fail "the move should have left its busy source shard for a deferred drop: $(cat "$OUTDIR/fault.out")"
[ "$rc" -eq 0 ] && ! grep -qi "error" "$OUTDIR/pgbench-rlw.out" ||
    fail "the clients failed: $(cat "$OUTDIR/pgbench-rlw.out")"
[ "$(node_of "$ACC_SHARD")" = "$(port_of $((3 - from)))" ] || fail "the shard did not move: $(placements)"
done_tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$OUTDIR/pgbench-rlw.out")
[ "$(sql "$C" -c "SELECT count(*) || '/' || sum(v) FROM accounts")" = "4000/$done_tx" ] ||
    fail "accounts: $(sql "$C" -c "SELECT count(*) || '/' || sum(v) FROM accounts"), expected 4000/$done_tx"
echo "read-lock-write transactions during the move: $done_tx"
[ "$(shard_exists_on "$ACC_NAME" "$from")" = t ] || fail "the source shard was dropped under its readers"
sql "$C" -c "SELECT citus_cleanup_orphaned_resources()" >/dev/null
[ "$(shard_exists_on "$ACC_NAME" "$from")" = f ] || fail "the source shard is still there after cleanup"
check_consistent

step "8b. a transaction that holds the table's lock across a move reads and writes the new placement"
# p and q run with generic plans (q has no parameter; p six times first), tenant_rows() with
# PL/pgSQL's cached plan; then the same reads as plain statements.
session_open a
session_run a 'PREPARE p(int) AS SELECT count(*) FROM accounts WHERE tenant = $1;
PREPARE q AS SELECT count(*) FROM accounts;
EXECUTE p(1); EXECUTE p(1); EXECUTE p(1); EXECUTE p(1); EXECUTE p(1); EXECUTE p(1);
SELECT tenant_rows();
BEGIN;
\echo before
EXECUTE p(1);
EXECUTE q;
SELECT tenant_rows();
SELECT count(*) FROM accounts WHERE tenant = 1;'
from=$([ "$(node_of "$ACC_SHARD")" = "$W1" ] && echo 1 || echo 2)
# the move does not wait for the transaction (it used to, and deadlocked with its writes)
run_without_waiting "$(move_sql "$ACC_SHARD" "$from" $((3 - from)))"
sql "$C" -c "INSERT INTO accounts SELECT 1, g, 0 FROM generate_series(10001, 10100) g"
session_run a '\echo after
SELECT count(*) FROM accounts WHERE tenant = 1;
EXECUTE p(1);
EXECUTE q;
SELECT tenant_rows();
UPDATE accounts SET v = v + 1000 WHERE tenant = 1 AND id > 10000;
COMMIT;'
session_close
[ "$(sed -n '/^before$/,/^mark/p' "$OUTDIR/a.out" | grep -v '^mark-' | tr '\n' ' ')" = "before 400 4000 400 400 " ] ||
    fail "before the move: $(cat "$OUTDIR/a.out")"
# vanilla (READ COMMITTED): every statement sees the 100 rows committed after the move
[ "$(sed -n '/^after$/,$p' "$OUTDIR/a.out" | grep -v '^mark-' | tr '\n' ' ')" = "after 500 500 4100 500 " ] ||
    fail "after the move: $(cat "$OUTDIR/a.out")"
[ "$(sql "$C" -c "SELECT sum(v) FROM accounts WHERE id > 10000")" = 100000 ] ||
    fail "the transaction's UPDATE after the move was lost"
[ "$(shard_exists_on "$ACC_NAME" "$from")" = t ] || fail "the source shard was dropped under the transaction"

step "8c. the coordinator restarted between the switch and the cleanup: the maintenance worker drops the source shard"
[ "$(sql "$C" -c "SELECT count(*) FROM pg_dist_cleanup")" = 1 ] || fail "no deferred drop recorded"
node_ctl restart -D "$TEST_CLUSTER_DIR/coordinator/data" -l "$COORD_LOG" -m fast -w >/dev/null
for i in $(seq 1 200); do
    [ "$(sql "$C" -c "SELECT count(*) FROM pg_dist_cleanup")" = 0 ] && break
    sleep 0.1
done
[ "$(sql "$C" -c "SELECT count(*) FROM pg_dist_cleanup")" = 0 ] || fail "the maintenance worker did not clean up"
[ "$(shard_exists_on "$ACC_NAME" "$from")" = f ] || fail "the source shard is still there"
[ "$(shard_exists_on "$ACC_NAME" $((3 - from)))" = t ] || fail "the cleanup dropped the moved shard"
[ "$(sql "$C" -c "SELECT count(*) FROM accounts WHERE tenant = 1")" = 500 ] || fail "tenant 1 rows lost"
check_consistent
step "8d. a split while a transaction holds the table's lock: it does not wait, the transaction reads the new shards"
session_open b
session_run b 'BEGIN;
\echo before
SELECT count(*) FROM accounts WHERE tenant = 1;'
split_from=$([ "$(node_of "$ACC_SHARD")" = "$W1" ] && echo 1 || echo 2)
run_without_waiting "SELECT isolate_tenant_to_new_shard('accounts', 1)"
sql "$C" -c "INSERT INTO accounts SELECT 1, g, 0 FROM generate_series(10101, 10110) g"
session_run b '\echo after
SELECT count(*) FROM accounts WHERE tenant = 1;
SELECT count(*) FROM accounts;
UPDATE accounts SET v = v + 1 WHERE tenant = 1 AND id > 10100;
COMMIT;'
session_close
[ "$(sed -n '/^before$/,$p' "$OUTDIR/b.out" | grep -v '^mark-' | tr '\n' ' ')" = "before 500 after 510 4110 " ] ||
    fail "reads across the split: $(cat "$OUTDIR/b.out")"
[ "$(sql "$C" -c "SELECT sum(v) FROM accounts WHERE id > 10100")" = 10 ] || fail "the UPDATE after the split was lost"
[ "$(shard_exists_on "$ACC_NAME" "$split_from")" = t ] || fail "the split dropped the old shard under the transaction"
[ "$(sql "$C" -c "SELECT count(*) FROM pg_dist_cleanup")" = 1 ] || fail "no deferred drop recorded by the split"
sql "$C" -c "SELECT citus_cleanup_orphaned_resources()" >/dev/null
[ "$(shard_exists_on "$ACC_NAME" "$split_from")" = f ] || fail "the old shard is still there after cleanup"
check_consistent
step "8e. a REPEATABLE READ transaction whose snapshot predates a move: a serialization failure, not other rows"
session_open c
session_run c 'BEGIN ISOLATION LEVEL REPEATABLE READ;
\echo before
SELECT count(*) FROM accounts;'
rr_shard=$(sql "$C" -c "SELECT get_shard_id_for_distribution_column('accounts', 2)")
rr_from=$([ "$(node_of "$rr_shard")" = "$W1" ] && echo 1 || echo 2)
run_without_waiting "$(move_sql "$rr_shard" "$rr_from" $((3 - rr_from)))"
sql "$C" -c "INSERT INTO accounts SELECT 2, g, 0 FROM generate_series(10201, 10210) g"
session_run c '\echo after
SELECT count(*) FROM accounts WHERE tenant = 2;
ROLLBACK;'
session_close
cat "$OUTDIR/c.out"
grep -q "could not serialize access" "$OUTDIR/c.out" || fail "REPEATABLE READ across a move: $(cat "$OUTDIR/c.out")"
check_consistent
step "8f. citus_drain_node while a transaction reads a table, then citus_remove_node: the shards left on the node go with it"
session_open d
session_run d 'BEGIN;
SELECT count(*) FROM accounts; SELECT count(*) FROM orders; SELECT count(*) FROM events;'
run_without_waiting "SELECT citus_drain_node('127.0.0.1', $W2)"
[ "$(sql "$C" -c "SELECT count(*) > 0 FROM pg_dist_cleanup WHERE node_group_id =
                    (SELECT groupid FROM pg_dist_node WHERE nodeport = $W2)")" = t ] ||
    fail "the drain left no deferred drop on worker 2"
session_run d 'COMMIT;'
session_close
sql "$C" -c "SELECT citus_remove_node('127.0.0.1', $W2)" >/dev/null
[ "$(sql "$C" -c "SELECT count(*) FROM pg_dist_cleanup")" = 0 ] || fail "deferred drops left for the removed node"
[ "$(actual_shard_tables 2)" = "" ] || fail "worker 2 still holds shard tables: $(actual_shard_tables 2)"
[ "$(sql "$C" -c "SELECT count(*) FROM accounts")" = 4120 ] || fail "accounts rows after the drain: $(sql "$C" -c "SELECT count(*) FROM accounts")"
echo "move_faults: all passed"
