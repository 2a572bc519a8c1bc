#!/usr/bin/env bash
# ctest read_failover: with a worker down (pg_ctl stop -m immediate), reads of reference tables
# are served by another worker's copy, reads that need the down worker's shards fail with a
# clear connection error, and everything works again once it is back.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=test_cluster.sh
source "$ROOT/test/test_cluster.sh"

TEST_CLUSTER_SPARE_PORTS=1 # a third node, added while a worker is down
test_script_begin read-failover "${1:-$BUILD_DIR/test/read_failover}"
X=$((C + 3))
XDIR="$TEST_CLUSTER_DIR/extra"
# Stops the extra node (a one-node cluster of its own), whatever happens, before the cluster.
trap '"$ROOT/scripts/cluster" --port "$X" --dir "$XDIR" -q stop >/dev/null 2>&1 || true; test_script_cleanup' EXIT
sql_on() { "$BINDIR/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres -d regression "${@:2}"; }
sql() { sql_on "$C" "$@"; }
node_ctl() { as_pg_user "$BINDIR/pg_ctl" "$@"; }
stop_node() { node_ctl stop -D "$TEST_CLUSTER_DIR/$1/data" -m immediate -w >/dev/null; }
start_node() { node_ctl start -D "$TEST_CLUSTER_DIR/$1/data" -l "$TEST_CLUSTER_DIR/$1/logfile" -w >/dev/null; }

sql <<'SQL'
CREATE TABLE currencies (code text PRIMARY KEY, name text);
INSERT INTO currencies VALUES ('EUR', 'euro'), ('USD', 'dollar'), ('JPY', 'yen');
SELECT create_reference_table('currencies');
CREATE TABLE payments (id int PRIMARY KEY, currency text);
INSERT INTO payments SELECT g, (ARRAY['EUR','USD','JPY'])[g % 3 + 1] FROM generate_series(1, 300) g;
SELECT create_distributed_table('payments', 'id');
SQL

for worker in worker1 worker2; do
    step "$worker down"
    node_ctl stop -D "$TEST_CLUSTER_DIR/$worker/data" -m immediate -w >/dev/null
    [ "$(sql -c "SELECT count(*) FROM currencies")" = 3 ] || fail "reference table scan with $worker down"
    [ "$(sql -c "SELECT name FROM currencies WHERE code = 'JPY'")" = yen ] ||
        fail "reference table router query with $worker down"
    [ "$(sql -c "SELECT string_agg(code, ',' ORDER BY code) FROM currencies c1 JOIN currencies c2 USING (code)")" = "EUR,JPY,USD" ] ||
        fail "reference table join with $worker down"
    if out=$(sql -c "SELECT count(*) FROM payments" 2>&1); then
        fail "a read needing $worker's shards succeeded: $out"
    fi
    grep -q "could not connect to node" <<<"$out" || fail "unclear error with $worker down: $out"
    node_ctl start -D "$TEST_CLUSTER_DIR/$worker/data" -l "$TEST_CLUSTER_DIR/$worker/logfile" -w >/dev/null
    [ "$(sql -c "SELECT count(*) FROM payments p JOIN currencies c ON c.code = p.currency")" = 300 ] ||
        fail "reads after $worker came back"
done
step "one session across a worker restart"
# A long-lived session keeps its connections; after the worker restarts, the dead idle
# connections are noticed and replaced instead of failing the next statement.
restart="$(command -v runuser >/dev/null && [ "$(id -u)" = 0 ] && echo "runuser -u postgres --") $BINDIR/pg_ctl restart -D $TEST_CLUSTER_DIR/worker1/data -m fast -w -l $TEST_CLUSTER_DIR/worker1/logfile"
out=$(sql <<SQL
SELECT count(*) FROM payments;
\! $restart >/dev/null
SELECT count(*) FROM payments;
SELECT count(*) FROM currencies;
SQL
) || fail "a statement after the worker restart failed: $out"
[ "$(echo "$out" | tr '\n' ' ')" = "300 300 3 " ] || fail "unexpected results across the restart: $out"

step "worker 2 down: router statements on worker 1, extended protocol and prepared statements"
# Ids whose shard is on worker 1 (six: three are read and updated, three deleted here and
# inserted and deleted again by the script), and one on worker 2.
on_worker() {
    sql -c "SELECT string_agg(id::text, ' ' ORDER BY id) FROM (SELECT id FROM payments
             WHERE (SELECT n.nodeport FROM pg_dist_placement p JOIN pg_dist_node n USING (groupid)
                    WHERE p.shardid = get_shard_id_for_distribution_column('payments', id)) = $1
             ORDER BY id LIMIT $2) s"
}
read -r L1 L2 L3 N1 N2 N3 <<<"$(on_worker "$W1" 6)"
DEAD_ID=$(on_worker "$W2" 1)
[ -n "$N3" ] && [ -n "$DEAD_ID" ] || fail "ids on both workers expected"
sql -c "DELETE FROM payments WHERE id IN ($N1, $N2, $N3)" >/dev/null
cat >"$OUTDIR/router.pgbench" <<PGBENCH
\set r random(0, 2)
\set id case when :r = 0 then $L1 when :r = 1 then $L2 else $L3 end
\set new case when :r = 0 then $N1 when :r = 1 then $N2 else $N3 end
SELECT currency FROM payments WHERE id = :id;
UPDATE payments SET currency = currency WHERE id = :id;
INSERT INTO payments VALUES (:new, 'EUR');
DELETE FROM payments WHERE id = :new;
SELECT c.name FROM payments p JOIN currencies c ON c.code = p.currency WHERE p.id = :id;
SELECT count(*) FROM currencies;
BEGIN;
SELECT currency FROM payments WHERE id = :id;
UPDATE payments SET currency = currency WHERE id = :id;
SELECT c.name FROM payments p JOIN currencies c ON c.code = p.currency WHERE p.id = :id;
INSERT INTO payments VALUES (:new, 'EUR');
DELETE FROM payments WHERE id = :new;
COMMIT;
PGBENCH
L1_CURRENCY=$(sql -c "SELECT currency FROM payments WHERE id = $L1")
stop_node worker2
# Parameterised statements (extended protocol), prepared ones with custom and generic plans:
# none of them needs worker 2.
for mode in extended prepared; do
    for plans in auto force_generic_plan; do
        out=$(PGOPTIONS="-c plan_cache_mode=$plans" "$BINDIR/pgbench" -n -h 127.0.0.1 -p "$C" -U postgres \
            -M "$mode" -t 15 -c 1 -f "$OUTDIR/router.pgbench" regression 2>&1) ||
            fail "pgbench -M $mode ($plans) with worker 2 down: $out"
        grep -q "processed: 15/15" <<<"$out" || fail "pgbench -M $mode ($plans): $out"
    done
done
# A prepared statement whose id is on worker 2 fails naming it; the same statement for an id on
# worker 1 still works afterwards in that session.
out=$(sql -v ON_ERROR_STOP=0 2>&1 <<SQL
PREPARE one(int) AS SELECT currency FROM payments WHERE id = \$1;
EXECUTE one($L1);
EXECUTE one($DEAD_ID);
EXECUTE one($L1);
SELECT count(*) FROM payments;
SQL
)
[ "$(echo "$out" | grep -c "ERROR: .*could not connect to node 127.0.0.1:$W2")" = 2 ] ||
    fail "prepared statements needing worker 2: $out"
[ "$(echo "$out" | grep -cx "$L1_CURRENCY")" = 2 ] || fail "prepared statement on worker 1 after the error: $out"
[ "$(sql -c "SELECT count(*) FROM payments WHERE id IN ($L1, $L2, $L3)")" = 3 ] || fail "rows of worker 1"
[ "$(sql -c "SELECT count(*) FROM payments WHERE id IN ($N1, $N2, $N3)")" = 0 ] || fail "inserted rows left behind"
start_node worker2
sql -c "INSERT INTO payments SELECT id, (ARRAY['EUR','USD','JPY'])[id % 3 + 1] FROM unnest(ARRAY[$N1, $N2, $N3]) id" >/dev/null

step "citus_add_node copies reference tables from a copy that can be reached"
"$ROOT/scripts/cluster" --port "$X" --dir "$XDIR" --db regression --workers 0 --fast -q start \
    >"$OUTDIR/extra-start.log" 2>&1 || fail "could not start the extra node: $(cat "$OUTDIR/extra-start.log")"
CUR=$(sql -c "SELECT shard_name('currencies'::regclass, shardid) FROM pg_dist_shard WHERE logicalrelid = 'currencies'::regclass")
# worker 1 holds the first copy; it is down, worker 2's copy is used
stop_node worker1
out=$(sql -c "SELECT citus_add_node('127.0.0.1', $X)" 2>&1) || fail "citus_add_node with worker 1 down: $out"
start_node worker1
[ "$(sql_on "$X" -c "SELECT string_agg(code, ',' ORDER BY code) FROM $CUR")" = "EUR,JPY,USD" ] ||
    fail "the new node's reference table copy"
[ "$(sql -c "SELECT count(*) FROM pg_dist_placement p JOIN pg_dist_node n USING (groupid) WHERE n.nodeport = $X")" = 1 ] ||
    fail "the new node's placement"
# every copy down: a clear error, and no trace of the node (catalog or copy)
sql -c "SELECT citus_remove_node('127.0.0.1', $X)" >/dev/null
stop_node worker1
stop_node worker2
out=$(sql -c "SELECT citus_add_node('127.0.0.1', $X)" 2>&1) && fail "added a node although no reference copy can be read: $out"
grep -q "ERROR: .*could not connect to node 127.0.0.1:$W1" <<<"$out" || fail "unclear error: $out"
grep -q "HINT: .*currencies" <<<"$out" || fail "no hint naming the reference table: $out"
start_node worker1
start_node worker2
[ "$(sql -c "SELECT count(*) FROM pg_dist_node WHERE nodeport = $X")" = 0 ] || fail "the failed add left the node"
[ "$(sql_on "$X" -c "SELECT count(*) FROM pg_class WHERE relname = '$CUR'")" = 0 ] || fail "the failed add left a copy"
sql -c "SELECT citus_add_node('127.0.0.1', $X)" >/dev/null || fail "adding the node again"
[ "$(sql -c "SELECT count(*) FROM currencies c JOIN payments p ON p.currency = c.code")" = 300 ] ||
    fail "reads after the node was added"
echo "read_failover: all checks passed"
