#!/usr/bin/env bash
# ctest failure_matrix: node failures the other fault tests leave out.
#   1. the coordinator killed (-m immediate) while a worker commits the only remote part of a
#      transaction that also wrote locally (DDL of a one-shard table): after the restart and
#      recovery the coordinator and the shard agree and the DDL can be run again; a single-shard
#      INSERT (no local write) still commits in one phase;
#   2. worker 2 killed while a statement waits on it (a lock held there), after worker 1 did its
#      part: INSERT into a reference table, TRUNCATE, CREATE INDEX, ALTER TABLE,
#      create_distributed_table / create_reference_table of a table with rows, undistribute_table
#      and DROP TABLE of a distributed table: a clean error,
#      nothing changed on either worker or in the catalogs, no prepared transaction or orphaned
#      shard table left, and the same statement works once worker 2 is back;
#   2b. with worker 2 already down: create_distributed_table, create_reference_table, CREATE
#      INDEX, ALTER TABLE (distributed and reference), undistribute_table, DROP TABLE,
#      citus_move_shard_placement to it and citus_drain_node fail naming it and change nothing;
#   3. one session keeps its connections across an immediate restart of worker 2: its next
#      writes (multi-shard UPDATE, reference INSERT, TRUNCATE, DDL, COPY) work at once;
#   4. citus_remove_node of a stopped worker that still holds shards: refused, without first
#      trying to drop its reference table copies;
#   5. the same worker drained, then removed while stopped (a warning: its reference copies stay
#      there), started: citus_add_node replaces the stale copies (rows, columns and the foreign
#      key of another reference table's copy as on worker 1) and leaves its other tables alone;
#      a rolled-back citus_add_node leaves the stale copies untouched; the removal deletes the
#      node group's commit records, and a prepared transaction left on the node makes
#      citus_add_node fail clearly (not wait for its locks).
# Worker 2 is stopped with pg_ctl stop -m immediate; each step orders itself by polling for the
# state it needs (a backend waiting for a lock, a commit waiting for synchronous replication).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=test_cluster.sh
source "$ROOT/test/test_cluster.sh"

test_script_begin failure-matrix "${1:-$BUILD_DIR/test/failure_matrix}"

node_ctl() { as_pg_user "$BINDIR/pg_ctl" "$@"; }
kill_node() { node_ctl stop -D "$TEST_CLUSTER_DIR/$1/data" -m immediate -w >/dev/null; }
start_node() { node_ctl start -D "$TEST_CLUSTER_DIR/$1/data" -l "$TEST_CLUSTER_DIR/$1/logfile" -w >/dev/null; }
# Checks that `sql PORT -c QUERY` prints EXPECTED.
expect() {
    local port=$1 query=$2 expected=$3 got
    got=$(sql "$port" -c "$query" 2>&1) || fail "query failed on port $port: $query: $got"
    [ "$got" = "$expected" ] || fail "port $port: $query: expected '$expected', got '$got'"
}
# Waits (up to 30 s) until `sql PORT -c QUERY` prints a number above 0.
wait_for() {
    local port=$1 query=$2 n
    for _ in $(seq 1 300); do
        n=$(sql "$port" -c "$query" 2>/dev/null || echo 0)
        [ "${n:-0}" -gt 0 ] && return 0
        sleep 0.1
    done
    fail "timed out waiting on port $port for: $query"
}
prepared() { sql "$1" -c "SELECT count(*) FROM pg_prepared_xacts"; }
# No prepared transaction left on a worker after recovery, and no commit record.
nothing_prepared() {
    sql "$C" -c "SELECT recover_prepared_transactions()" >/dev/null
    [ "$(prepared "$W1")" = 0 ] || fail "prepared transactions left on worker 1"
    [ "$(prepared "$W2")" = 0 ] || fail "prepared transactions left on worker 2"
    expect "$C" "SELECT count(*) FROM pg_dist_transaction" 0
}
# Names and columns of every table and index on a node (the shards), as one line.
node_objects() {
    sql "$1" -c "SELECT coalesce(string_agg(c.relname || '(' || (SELECT string_agg(a.attname, ',' ORDER BY a.attnum)
                   FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) || ')',
                   ' ' ORDER BY c.relname), '')
                   FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i')"
}
# Everything that must not change when a statement fails: both workers' objects, the catalogs,
# the coordinator's columns and indexes, and the contents.
state() {
    echo "w1: $(node_objects "$W1")"
    echo "w2: $(node_objects "$W2")"
    echo "c: $(node_objects "$C")"
    sql "$C" -c "SELECT logicalrelid::text || ':' || partmethod::text FROM pg_dist_partition ORDER BY 1"
    sql "$C" -c "SELECT count(*) FROM pg_dist_shard"
    sql "$C" -c "SELECT count(*) FROM pg_dist_placement"
    sql "$C" -c "SELECT (SELECT count(*) || '/' || sum(v) FROM events) || ' ' || (SELECT count(*) || '/' || sum(rate) FROM rates)"
    sql "$C" -c "SELECT count(*) FROM staged"
}

step "setup (coordinator $C, workers $W1 $W2)"
sql "$C" -c "ALTER SYSTEM SET tessera.recover_2pc_interval = -1" -c "SELECT pg_reload_conf()" >/dev/null
# Nodes are killed here: a commit acknowledged just before must survive it. --fast clusters
# commit asynchronously (a kill then loses the last ~0.6 s of commits, e.g. the set-up's rows,
# which made step 2 compare an emptied table with itself).
for port in "$C" "$W1" "$W2"; do
    sql "$port" -c "ALTER SYSTEM SET synchronous_commit = on" -c "SELECT pg_reload_conf()" >/dev/null
done
sql "$C" <<'SQL'
CREATE TABLE events (id int PRIMARY KEY, v int NOT NULL);
SELECT create_distributed_table('events', 'id', shard_count => 4);
INSERT INTO events SELECT g, g FROM generate_series(1, 400) g;
CREATE TABLE rates (code int PRIMARY KEY, rate int NOT NULL);
SELECT create_reference_table('rates');
INSERT INTO rates SELECT g, g FROM generate_series(1, 20) g;
CREATE TABLE single (id int PRIMARY KEY, v int);
SELECT create_distributed_table('single', 'id', shard_count => 1);
INSERT INTO single VALUES (1, 1);
-- a local table with rows, distributed in step 2; its foreign key to the reference table makes
-- the shards on worker 2 wait for the lock held there
CREATE TABLE staged (id int PRIMARY KEY, code int REFERENCES rates (code), v int);
INSERT INTO staged SELECT g, g % 20 + 1, g FROM generate_series(1, 2000) g;
SQL
# Shard names on worker 2 (for the locks held there) and the node of the one-shard table.
EVENTS_SHARD2=$(sql "$C" -c "SELECT shard_name('events'::regclass, s.shardid) FROM pg_dist_shard s
                 JOIN pg_dist_placement p USING (shardid) JOIN pg_dist_node n USING (groupid)
                 WHERE s.logicalrelid = 'events'::regclass AND n.nodeport = $W2 ORDER BY s.shardid LIMIT 1")
RATES_SHARD=$(sql "$C" -c "SELECT shard_name('rates'::regclass, shardid) FROM pg_dist_shard WHERE logicalrelid = 'rates'::regclass")
SINGLE_SHARD=$(sql "$C" -c "SELECT shard_name('single'::regclass, shardid) FROM pg_dist_shard WHERE logicalrelid = 'single'::regclass")
SINGLE_PORT=$(sql "$C" -c "SELECT n.nodeport FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid)
                JOIN pg_dist_node n USING (groupid) WHERE s.logicalrelid = 'single'::regclass")
{ [ -n "$EVENTS_SHARD2" ] && [ -n "$RATES_SHARD" ]; } || fail "shards not found"

step "1. the coordinator killed while the one-shard table's worker commits its DDL"
# The worker's commits wait for a synchronous standby that does not exist: the DDL's remote
# transaction (one-phase COMMIT, or PREPARE TRANSACTION) is durable there but not acknowledged.
sql "$SINGLE_PORT" -c "ALTER SYSTEM SET synchronous_standby_names = 'nobody'" \
    -c "SELECT pg_reload_conf()" >/dev/null
sql "$C" -c "ALTER TABLE single ADD COLUMN note text" >"$OUTDIR/ddl.out" 2>&1 &
pid=$!
wait_for "$SINGLE_PORT" "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep'"
kill_node coordinator
wait "$pid" && fail "the DDL succeeded although the coordinator was killed"
sql "$SINGLE_PORT" -c "ALTER SYSTEM RESET synchronous_standby_names" \
    -c "SELECT pg_reload_conf()" >/dev/null
# The worker's backend finishes its COMMIT / PREPARE (only then is a prepared transaction listed
# and free for recovery), then sees its client gone and exits.
wait_for "$SINGLE_PORT" "SELECT (count(*) = 0)::int FROM pg_stat_activity WHERE application_name LIKE 'tessera:%'"
start_node coordinator
nothing_prepared
# What the set-up committed survived the crash (step 2 distributes these rows).
expect "$C" "SELECT count(*) || '/' || sum(v) FROM staged" "2000/2001000"
expect "$C" "SELECT count(*) FROM pg_attribute WHERE attrelid = 'single'::regclass AND attname = 'note'" 0
expect "$SINGLE_PORT" "SELECT count(*) FROM pg_attribute WHERE attrelid = '$SINGLE_SHARD'::regclass AND attname = 'note'" 0
sql "$C" -c "ALTER TABLE single ADD COLUMN note text" >/dev/null || fail "the DDL again after the crash"
expect "$SINGLE_PORT" "SELECT count(*) FROM pg_attribute WHERE attrelid = '$SINGLE_SHARD'::regclass AND attname = 'note'" 1
# A single-shard INSERT writes nothing locally: one phase, no commit record.
nothing_prepared
expect "$C" "INSERT INTO single VALUES (2, 2, 'x') RETURNING id" 2
expect "$C" "SELECT count(*) FROM pg_dist_transaction" 0

step "2. worker 2 killed while a statement waits for a lock there"
# Runs STATEMENT on the coordinator while a session on worker 2 holds LOCKED in ACCESS
# EXCLUSIVE mode; once one of Tessera's backends waits for a lock there, worker 2 is killed.
# The statement must fail cleanly and change nothing; after worker 2's restart it works.
kill_while_waiting() {
    local locked=$1 statement=$2 before out="$OUTDIR/statement.out"
    before=$(state)
    sql "$W2" -c "BEGIN" -c "LOCK TABLE $locked IN ACCESS EXCLUSIVE MODE" -c "SELECT pg_sleep(60)" \
        >/dev/null 2>&1 &
    wait_for "$W2" "SELECT count(*) FROM pg_locks WHERE relation = '$locked'::regclass AND mode = 'AccessExclusiveLock' AND granted"
    sql "$C" -c "$statement" >"$out" 2>&1 &
    local pid=$!
    wait_for "$W2" "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'tessera:%' AND wait_event_type = 'Lock'"
    kill_node worker2
    wait "$pid" && fail "succeeded although worker 2 was killed: $statement"
    grep -q "ERROR: .*127.0.0.1:$W2" "$out" || fail "no error naming worker 2: $statement: $(cat "$out")"
    start_node worker2
    nothing_prepared
    [ "$(state)" = "$before" ] || fail "changed by the failed statement: $statement: $(diff <(echo "$before") <(state))"
    sql "$C" -c "$statement" >/dev/null || fail "failed after worker 2 came back: $statement"
    echo "ok: $statement"
}
kill_while_waiting "$RATES_SHARD" "INSERT INTO rates VALUES (100, 100)"
kill_while_waiting "$EVENTS_SHARD2" "TRUNCATE events"
sql "$C" -c "INSERT INTO events SELECT g, g FROM generate_series(1, 400) g" >/dev/null
kill_while_waiting "$EVENTS_SHARD2" "CREATE INDEX events_v ON events (v)"
kill_while_waiting "$EVENTS_SHARD2" "ALTER TABLE events ADD COLUMN w int DEFAULT 7"
kill_while_waiting "$RATES_SHARD" "SELECT create_distributed_table('staged', 'id', shard_count => 4)"
sql "$C" -c "SELECT undistribute_table('staged')" >/dev/null 2>&1 ||
    sql "$C" -c "DROP TABLE staged; CREATE TABLE staged (id int PRIMARY KEY, code int REFERENCES rates (code), v int);
                 INSERT INTO staged SELECT g, g % 20 + 1, g FROM generate_series(1, 2000) g" >/dev/null
kill_while_waiting "$RATES_SHARD" "SELECT create_reference_table('staged')"
expect "$C" "SELECT count(*) || '/' || sum(v) FROM staged" "2000/2001000"
expect "$W1" "SELECT count(*) FROM pg_class WHERE relname LIKE 'staged\\_%' AND relkind = 'r'" 1
expect "$W2" "SELECT count(*) FROM pg_class WHERE relname LIKE 'staged\\_%' AND relkind = 'r'" 1
# A distributed table undistributed, then dropped (each waits for its shard on worker 2).
gone_shard2() {
    sql "$C" -c "SELECT shard_name('gone'::regclass, s.shardid) FROM pg_dist_shard s
                 JOIN pg_dist_placement p USING (shardid) JOIN pg_dist_node n USING (groupid)
                 WHERE s.logicalrelid = 'gone'::regclass AND n.nodeport = $W2 ORDER BY s.shardid LIMIT 1"
}
sql "$C" -c "CREATE TABLE gone (id int PRIMARY KEY, v int)" -c "SELECT create_distributed_table('gone', 'id', shard_count => 4)" \
    -c "INSERT INTO gone SELECT g, g FROM generate_series(1, 100) g" >/dev/null
kill_while_waiting "$(gone_shard2)" "SELECT undistribute_table('gone')"
expect "$C" "SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'gone'::regclass" 0
sql "$C" -c "SELECT create_distributed_table('gone', 'id', shard_count => 4)" >/dev/null
kill_while_waiting "$(gone_shard2)" "DROP TABLE gone"
expect "$W1" "SELECT count(*) FROM pg_class WHERE relname LIKE 'gone\\_%'" 0
expect "$W2" "SELECT count(*) FROM pg_class WHERE relname LIKE 'gone\\_%'" 0

step "2b. metadata operations with worker 2 already down: a clean error naming it, no trace"
sql "$C" -c "CREATE TABLE fresh (id int PRIMARY KEY, v int); INSERT INTO fresh VALUES (1, 1)" >/dev/null
before=$(state)
EVENTS_SHARD1=$(sql "$C" -c "SELECT s.shardid FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid)
                 JOIN pg_dist_node n USING (groupid) WHERE s.logicalrelid = 'events'::regclass AND n.nodeport = $W1
                 ORDER BY s.shardid LIMIT 1")
kill_node worker2
for statement in "SELECT create_distributed_table('fresh', 'id')" "SELECT create_reference_table('fresh')" \
    "CREATE INDEX events_w2down ON events (v)" "ALTER TABLE events ADD COLUMN w2down int" \
    "ALTER TABLE rates ADD COLUMN w2down int" "SELECT undistribute_table('events')" "DROP TABLE events" \
    "SELECT citus_move_shard_placement($EVENTS_SHARD1, '127.0.0.1', $W1, '127.0.0.1', $W2)" \
    "SELECT citus_drain_node('127.0.0.1', $W2)"; do
    out=$(sql "$C" -c "$statement" 2>&1) && fail "succeeded with worker 2 down: $statement"
    grep -q "ERROR: .*127.0.0.1:$W2" <<<"$out" || fail "no error naming worker 2: $statement: $out"
done
start_node worker2
nothing_prepared
[ "$(state)" = "$before" ] || fail "changed by the failed statements: $(diff <(echo "$before") <(state))"
expect "$C" "SELECT count(*) FROM fresh" 1
sql "$C" -c "DROP TABLE fresh" >/dev/null

step "3. one session across an immediate restart of worker 2: its next writes work at once"
cat >"$OUTDIR/restart_worker2.sh" <<EOF
#!/usr/bin/env bash
source "$ROOT/scripts/lib.sh"
as_pg_user "$BINDIR/pg_ctl" stop -D "$TEST_CLUSTER_DIR/worker2/data" -m immediate -w >/dev/null
as_pg_user "$BINDIR/pg_ctl" start -D "$TEST_CLUSTER_DIR/worker2/data" -l "$TEST_CLUSTER_DIR/worker2/logfile" -w >/dev/null
EOF
for statement in "UPDATE events SET v = v + 1" "INSERT INTO rates VALUES (200, 200)" "TRUNCATE staged" \
    "ALTER TABLE events ADD COLUMN x int" "COPY events (id, v) FROM PROGRAM 'echo 1000,1' WITH (FORMAT csv)" \
    "BEGIN; UPDATE events SET v = v - 1; INSERT INTO rates VALUES (201, 201); COMMIT"; do
    out=$(sql "$C" 2>&1 <<SQL
SELECT count(*) FROM events;
UPDATE rates SET rate = rate;
\! bash $OUTDIR/restart_worker2.sh
$statement;
SQL
) || fail "after worker 2 restarted: $statement: $out"
done
expect "$C" "SELECT count(*) || '/' || sum(v) FROM events" "401/80200"
expect "$C" "SELECT count(*) FROM rates WHERE code >= 200" 2
expect "$W1" "SELECT count(*) FROM $RATES_SHARD" "$(sql "$W2" -c "SELECT count(*) FROM $RATES_SHARD")"
nothing_prepared

step "4. citus_remove_node of a stopped worker that holds shards: refused before anything else"
before=$(sql "$C" -c "SELECT count(*) FROM pg_dist_node")/$(sql "$C" -c "SELECT count(*) FROM pg_dist_placement")
kill_node worker2
out=$(sql "$C" -c "SELECT citus_remove_node('127.0.0.1', $W2)" 2>&1) && fail "removed a node that holds shards: $out"
grep -q "ERROR: .*cannot remove node 127.0.0.1:$W2: it holds" <<<"$out" || fail "unclear error: $out"
grep -q WARNING <<<"$out" && fail "a warning before the refusal: $out"
start_node worker2
[ "$(sql "$C" -c "SELECT count(*) FROM pg_dist_node")/$(sql "$C" -c "SELECT count(*) FROM pg_dist_placement")" = "$before" ] ||
    fail "catalogs changed by a refused citus_remove_node"
expect "$C" "SELECT count(*) FROM events" 401

step "5. a worker removed while stopped keeps stale reference copies; adding it back replaces them"
sql "$C" -c "SELECT citus_drain_node('127.0.0.1', $W2)" >/dev/null
expect "$C" "SELECT count(*) FROM pg_dist_placement p JOIN pg_dist_node n USING (groupid)
             JOIN pg_dist_partition t ON t.logicalrelid = (SELECT logicalrelid FROM pg_dist_shard s WHERE s.shardid = p.shardid)
             WHERE n.nodeport = $W2 AND t.partmethod <> 'n'" 0
# a table of worker 2's own, not a shard: it must survive
sql "$W2" -c "SET synchronous_commit = on" -c "CREATE TABLE w2_own (x int); INSERT INTO w2_own VALUES (1)" >/dev/null
W2_GROUP=$(sql "$C" -c "SELECT groupid FROM pg_dist_node WHERE nodeport = $W2")
# the drain's commit records for worker 2 (regular recovery is off here)
[ "$(sql "$C" -c "SELECT count(*) FROM pg_dist_transaction WHERE groupid = $W2_GROUP")" -gt 0 ] ||
    fail "no commit record of worker 2 to check"
kill_node worker2
out=$(sql "$C" -c "SELECT citus_remove_node('127.0.0.1', $W2)" 2>&1) || fail "removing the stopped worker: $out"
grep -q "WARNING: .*could not drop the reference table copies" <<<"$out" || fail "no warning: $out"
# writes and DDL the stale copies miss
sql "$C" -c "INSERT INTO rates SELECT g, g FROM generate_series(300, 309) g" -c "ALTER TABLE rates ADD COLUMN note text" >/dev/null
start_node worker2
[ "$(sql "$W2" -c "SELECT count(*) FROM pg_class WHERE oid IN ('$RATES_SHARD'::regclass, '$(sql "$C" -c "SELECT shard_name('staged'::regclass, shardid) FROM pg_dist_shard WHERE logicalrelid = 'staged'::regclass")'::regclass)")" = 2 ] ||
    fail "the stale copies are not on worker 2"
stale=$(sql "$W2" -c "SELECT count(*) FROM $RATES_SHARD")
# a prepared transaction of this cluster left on the node (its commit records went with the
# removal): citus_add_node refuses clearly instead of waiting for its lock on a stale copy
expect "$C" "SELECT count(*) FROM pg_dist_transaction WHERE groupid = $W2_GROUP" 0
orphan="tessera_$(sql "$C" -c "SELECT oid FROM pg_database WHERE datname = current_database()")_1_1_1"
sql "$W2" -c "BEGIN" -c "LOCK TABLE $RATES_SHARD" -c "PREPARE TRANSACTION '$orphan'" >/dev/null
out=$(sql "$C" -c "SET statement_timeout = '20s'" -c "SELECT citus_add_node('127.0.0.1', $W2)" 2>&1) &&
    fail "added a node holding a prepared transaction: $out"
grep -q "ERROR: .*cannot add node 127.0.0.1:$W2: it holds prepared transaction $orphan" <<<"$out" ||
    fail "unclear error: $out"
sql "$W2" -c "ROLLBACK PREPARED '$orphan'" >/dev/null
# a failed (here: rolled back) addition leaves the stale copies as they were
sql "$C" -c "BEGIN" -c "SELECT citus_add_node('127.0.0.1', $W2)" -c "ROLLBACK" >/dev/null
expect "$W2" "SELECT count(*) FROM $RATES_SHARD" "$stale"
expect "$C" "SELECT count(*) FROM pg_dist_node WHERE nodeport = $W2" 0
out=$(sql "$C" -c "SELECT citus_add_node('127.0.0.1', $W2)" 2>&1) || fail "adding the worker back: $out"
nothing_prepared
for table in rates staged; do
    shard=$(sql "$C" -c "SELECT shard_name('$table'::regclass, shardid) FROM pg_dist_shard WHERE logicalrelid = '$table'::regclass")
    copy="SELECT (SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = '$shard'::regclass
                    AND attnum > 0 AND NOT attisdropped) || ' ' || (SELECT md5(string_agg(r::text, ';' ORDER BY r::text)) FROM $shard r)"
    [ "$(sql "$W2" -c "$copy")" = "$(sql "$W1" -c "$copy")" ] || fail "worker 2's copy of $table differs from worker 1's"
done
expect "$W2" "SELECT count(*) FROM $RATES_SHARD WHERE code >= 300" 10
expect "$W2" "SELECT count(*) FROM w2_own" 1
# the foreign key of staged's copy to the rates copy is there again
fk="SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = '$(sql "$C" -c "SELECT shard_name('staged'::regclass, shardid) FROM pg_dist_shard WHERE logicalrelid = 'staged'::regclass")'::regclass"
expect "$W1" "$fk" 1
expect "$W2" "$fk" 1
sql "$C" -c "SELECT rebalance_table_shards()" >/dev/null
expect "$C" "SELECT count(*) FROM events" 401
echo "failure_matrix: all passed"
