#!/usr/bin/env bash
# ctest write_faults: a worker killed (pg_ctl stop -m immediate) in the middle of a write that
# spans shards on both workers gives a clean error, and nothing of the write is committed
# anywhere (checked on the surviving worker, and on the killed one after its restart, with no
# prepared transaction left behind). Writes: a multi-shard UPDATE, a COPY of many rows, an
# INSERT ... SELECT routed through the coordinator. Also: with a worker down, a COPY whose rows
# all go to the other worker works.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=test_cluster.sh
source "$ROOT/test/test_cluster.sh"

test_script_begin write-faults "${1:-$BUILD_DIR/test/write_faults}"

node_ctl() { as_pg_user "$BINDIR/pg_ctl" "$@"; }
kill_worker2() { node_ctl stop -D "$TEST_CLUSTER_DIR/worker2/data" -m immediate -w >/dev/null; }
start_worker2() {
    node_ctl start -D "$TEST_CLUSTER_DIR/worker2/data" -l "$TEST_CLUSTER_DIR/worker2/logfile" -w >/dev/null
}
# The shard tables of `table` on the worker at `port`, as one "SELECT sum(v), count(*)" query.
shard_totals() {
    local port=$1 table=$2 query
    query=$(sql "$C" -c "SELECT string_agg(format('SELECT v FROM %s', shard_name('$table'::regclass, s.shardid)), ' UNION ALL ')
                           FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid)
                           JOIN pg_dist_node n USING (groupid)
                          WHERE s.logicalrelid = '$table'::regclass AND n.nodeport = $port")
    sql "$port" -c "SELECT coalesce(sum(v), 0) || '/' || count(*) FROM ($query) x"
}
prepared() { sql "$1" -c "SELECT count(*) FROM pg_prepared_xacts"; }
# Runs `sql` on the coordinator in the background, kills worker 2 after `delay` seconds, and
# checks that the statement failed with an error (not a crash, not success).
write_with_kill() {
    local delay=$1 statement=$2 out="$OUTDIR/write.out" rc=0
    sql "$C" -c "$statement" >"$out" 2>&1 &
    local pid=$!
    sleep "$delay"
    kill_worker2
    wait "$pid" || rc=$?
    [ "$rc" -ne 0 ] || fail "the write succeeded although a worker was killed: $statement"
    grep -q "ERROR" "$out" || fail "no clean error: $(cat "$out")"
    echo "error: $(grep ERROR "$out" | head -1)"
}
# After the kill: worker 1 holds the old contents, worker 2 (restarted) too, and no prepared
# transaction is left on either after recovery.
check_unchanged() {
    local table=$1 w1=$2 w2=$3
    [ "$(shard_totals "$W1" "$table")" = "$w1" ] ||
        fail "worker 1 changed: $(shard_totals "$W1" "$table"), expected $w1"
    start_worker2
    sql "$C" -c "SELECT recover_prepared_transactions()" >/dev/null
    [ "$(shard_totals "$W2" "$table")" = "$w2" ] ||
        fail "worker 2 changed: $(shard_totals "$W2" "$table"), expected $w2"
    [ "$(prepared "$W1")" = 0 ] || fail "prepared transactions left on worker 1"
    [ "$(prepared "$W2")" = 0 ] || fail "prepared transactions left on worker 2"
}

sql "$C" <<'SQL'
CREATE TABLE accounts (id int PRIMARY KEY, v bigint NOT NULL);
SELECT create_distributed_table('accounts', 'id', shard_count => 8);
INSERT INTO accounts SELECT g, 1 FROM generate_series(1, 40) g;
CREATE TABLE loaded (id int PRIMARY KEY, v bigint);
SELECT create_distributed_table('loaded', 'id', shard_count => 8);
CREATE TABLE routed (k text, v bigint);
SELECT create_distributed_table('routed', 'k', shard_count => 8);
SQL
before1=$(shard_totals "$W1" accounts)
before2=$(shard_totals "$W2" accounts)

step "1. multi-shard UPDATE (slow rows on every shard), worker 2 killed half way"
write_with_kill 1.5 "UPDATE accounts SET v = v + 1000 WHERE pg_sleep(0.1) IS NOT NULL"
check_unchanged accounts "$before1" "$before2"

step "2. the same UPDATE inside BEGIN ... COMMIT with an earlier write on both workers"
write_with_kill 1.5 "BEGIN; UPDATE accounts SET v = v + 1; UPDATE accounts SET v = v + 1000 WHERE pg_sleep(0.1) IS NOT NULL; COMMIT"
check_unchanged accounts "$before1" "$before2"

step "3. COPY of 3M rows, worker 2 killed while the rows stream"
DATA="$OUTDIR/copy.txt"
sql "$C" -o "$DATA" -F $'\t' -c "SELECT g, g FROM generate_series(1, 3000000) g"
rc=0
{ echo "COPY loaded FROM STDIN;"; cat "$DATA"; echo '\.'; } | sql "$C" >"$OUTDIR/write.out" 2>&1 &
pid=$!
sleep 1
kill_worker2
wait "$pid" || rc=$?
[ "$rc" -ne 0 ] || fail "the COPY succeeded although a worker was killed"
grep -q ERROR "$OUTDIR/write.out" || fail "no clean error: $(cat "$OUTDIR/write.out")"
echo "error: $(grep ERROR "$OUTDIR/write.out" | head -1)"
check_unchanged loaded "0/0" "0/0"

step "3b. worker 2 down: a COPY whose rows all go to worker 1 works; one row for worker 2 fails it"
# Keys of 'loaded' whose shards are on worker 1 (the first 20) and on worker 2 (the first one).
keys_on() {
    sql "$C" -c "SELECT string_agg(g::text, ' ' ORDER BY g) FROM (
                   SELECT g FROM generate_series(1000, 2000) g
                    WHERE (SELECT n.nodeport FROM pg_dist_placement p JOIN pg_dist_node n USING (groupid)
                            WHERE p.shardid = get_shard_id_for_distribution_column('loaded', g)) = $1
                    ORDER BY g LIMIT $2) x"
}
live_keys=$(keys_on "$W1" 20)
dead_key=$(keys_on "$W2" 1)
kill_worker2
{ echo "COPY loaded FROM STDIN;"; for k in $live_keys; do printf '%s\t1\n' "$k"; done; echo '\.'; } |
    sql "$C" >"$OUTDIR/copy_live.out" 2>&1 || fail "COPY to worker 1 only failed: $(cat "$OUTDIR/copy_live.out")"
[ "$(shard_totals "$W1" loaded)" = "20/20" ] || fail "COPY to worker 1: $(shard_totals "$W1" loaded)"
rc=0
{ echo "COPY loaded FROM STDIN;"; printf '%s\t5\n' 2001 "$dead_key" 2003; echo '\.'; } |
    sql "$C" >"$OUTDIR/copy_dead.out" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "a COPY with a row for the stopped worker succeeded"
grep -q "ERROR: .*127.0.0.1:$W2" "$OUTDIR/copy_dead.out" ||
    fail "no error naming worker 2: $(cat "$OUTDIR/copy_dead.out")"
echo "error: $(grep ERROR "$OUTDIR/copy_dead.out" | head -1)"
check_unchanged loaded "20/20" "0/0"
sql "$C" -c "TRUNCATE loaded"

step "4. INSERT ... SELECT routed through the coordinator (slow SELECT), worker 2 killed"
write_with_kill 1.5 "INSERT INTO routed SELECT 'k' || id, v FROM accounts WHERE pg_sleep(0.05) IS NOT NULL"
check_unchanged routed "0/0" "0/0"

step "5. the cluster works after the faults"
sql "$C" -c "UPDATE accounts SET v = v + 1" >/dev/null
[ "$(sql "$C" -c "SELECT sum(v) FROM accounts")" = 80 ] || fail "update after the faults"
echo "write_faults: all passed"
