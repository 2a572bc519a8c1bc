#!/usr/bin/env bash
# ctest node_failure: what a multi-tenant application sees while one worker is down
# (pg_ctl stop -m immediate), and that everything ends consistent once it is back.
#   1. router reads and writes of tenants on the live worker work (also in transactions, and
#      UPDATE / DELETE joined with a VALUES list or a coordinator table: only the shards of
#      the joined keys are written);
#   2. what needs the dead worker fails with an error naming it and changes nothing anywhere:
#      router writes, multi-row INSERTs across tenants, multi-shard UPDATE / DELETE,
#      INSERT ... SELECT, COPY, reference table writes, a transaction touching both workers
#      (with a savepoint rolled back, the rest commits); reference table reads fail over;
#      citus_tables / citus_shards answer with a warning and unknown sizes;
#   3. the worker dies at PREPARE and right before COMMIT PREPARED
#      (tessera.test_fault = pause_before_commit_prepared): after its restart and
#      recover_prepared_transactions() the data is all-or-nothing, no prepared transaction is
#      left anywhere and pg_dist_transaction is empty; the same session works on throughout.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=test_cluster.sh
source "$ROOT/test/test_cluster.sh"

test_script_begin node-failure "${1:-$BUILD_DIR/test/node_failure}"

# Checks that `sql PORT -c QUERY` prints EXPECTED.
expect() {
    local port=$1 query=$2 expected=$3 got
    got=$(sql "$port" -c "$query" 2>&1) || fail "query failed on port $port: $query: $got"
    [ "$got" = "$expected" ] || fail "port $port: $query: expected '$expected', got '$got'"
}
# Checks that `sql C -c STATEMENT` fails with an error naming the dead worker.
expect_node_error() {
    local statement=$1 out
    if out=$(sql "$C" -c "$statement" 2>&1); then
        fail "succeeded although worker 2 is down: $statement: $out"
    fi
    grep -q "ERROR: .*127.0.0.1:$W2" <<<"$out" || fail "no error naming the dead worker: $statement: $out"
}
node_ctl() { as_pg_user "$BINDIR/pg_ctl" "$@"; }
start_worker2() {
    node_ctl start -D "$TEST_CLUSTER_DIR/worker2/data" -l "$TEST_CLUSTER_DIR/worker2/logfile" -w >/dev/null
}
# Scripts the servers and psql sessions run to stop / start worker 2.
cat >"$OUTDIR/stop_worker2.sh" <<EOF
#!/usr/bin/env bash
source "$ROOT/scripts/lib.sh"
as_pg_user "$BINDIR/pg_ctl" stop -D "$TEST_CLUSTER_DIR/worker2/data" -m immediate -w >/dev/null 2>&1
EOF
cat >"$OUTDIR/start_worker2.sh" <<EOF
#!/usr/bin/env bash
source "$ROOT/scripts/lib.sh"
as_pg_user "$BINDIR/pg_ctl" start -D "$TEST_CLUSTER_DIR/worker2/data" -l "$TEST_CLUSTER_DIR/worker2/logfile" -w >/dev/null
EOF
chmod 755 "$OUTDIR/stop_worker2.sh" "$OUTDIR/start_worker2.sh"
stop_worker2() { bash "$OUTDIR/stop_worker2.sh"; }
prepared() { sql "$1" -c "SELECT count(*) FROM pg_prepared_xacts"; }
records() { sql "$C" -c "SELECT count(*) FROM pg_dist_transaction"; }
# Everything the workers hold, as one line: per table its row count and a checksum.
contents() {
    sql "$C" -c "SELECT (SELECT count(*) || '/' || coalesce(sum(amount), 0) FROM orders) || ' ' ||
                        (SELECT count(*) || '/' || coalesce(sum(qty), 0) FROM items) || ' ' ||
                        (SELECT count(*) || '/' || string_agg(code || rate, ',' ORDER BY code) FROM rates)"
}
# The orders of the tenants on worker 1 only (readable while worker 2 is down).
live_contents() {
    sql "$C" -c "SELECT count(*) || '/' || coalesce(sum(amount), 0) FROM orders WHERE tenant_id IN ($LIVE_LIST)"
}
# Recovery finds nothing to commit or roll back; then no prepared transaction is left and the
# commit records are all cleaned up.
no_prepared_anywhere() {
    expect "$C" "SELECT recover_prepared_transactions()" 0
    for port in $W1 $W2; do
        [ "$(prepared "$port")" = 0 ] || fail "prepared transactions left on port $port"
    done
    [ "$(records)" = 0 ] || fail "pg_dist_transaction not cleaned: $(records) records"
}

step "setup (coordinator $C, workers $W1 $W2)"
sql "$C" -c "ALTER SYSTEM SET tessera.recover_2pc_interval = -1" -c "SELECT pg_reload_conf()" >/dev/null
sql "$C" <<'SQL'
CREATE TABLE orders (tenant_id bigint NOT NULL, id bigint NOT NULL, amount numeric NOT NULL,
                     note text, PRIMARY KEY (tenant_id, id));
CREATE TABLE items (tenant_id bigint NOT NULL, order_id bigint NOT NULL, line int NOT NULL,
                    qty int NOT NULL CHECK (qty > 0), PRIMARY KEY (tenant_id, order_id, line));
CREATE TABLE rates (code text PRIMARY KEY, rate numeric NOT NULL);
INSERT INTO rates VALUES ('EUR', 1.1), ('USD', 1), ('JPY', 0.007);
INSERT INTO orders SELECT t, o, t * 10 + o, 'n' || o FROM generate_series(1, 40) t, generate_series(1, 5) o;
INSERT INTO items SELECT t, o, l, l FROM generate_series(1, 40) t, generate_series(1, 5) o, generate_series(1, 3) l;
SELECT create_reference_table('rates');
SELECT create_distributed_table('orders', 'tenant_id', shard_count => 8);
SELECT create_distributed_table('items', 'tenant_id', colocate_with => 'orders');
-- fires at COMMIT, before the remote PREPAREs: stops worker 2 when asked to
CREATE TABLE stop_at_commit (x int);
SQL
# Tenants whose shard lives on each worker.
tenants_on() {
    sql "$C" -c "SELECT string_agg(t::text, ',' ORDER BY t) FROM generate_series(1, 40) t
                 WHERE (SELECT n.nodeport FROM pg_dist_placement p JOIN pg_dist_node n USING (groupid)
                        WHERE p.shardid = get_shard_id_for_distribution_column('orders', t)) = $1"
}
LIVE_LIST=$(tenants_on "$W1")
DEAD_LIST=$(tenants_on "$W2")
LIVE=${LIVE_LIST%%,*}
DEAD=${DEAD_LIST%%,*}
[ -n "$LIVE" ] && [ -n "$DEAD" ] || fail "tenants on both workers expected: '$LIVE_LIST' '$DEAD_LIST'"
sql "$C" -c "CREATE FUNCTION stop_worker2() RETURNS trigger LANGUAGE plpgsql AS \$f\$
             BEGIN COPY (SELECT 1) TO PROGRAM 'bash $OUTDIR/stop_worker2.sh'; RETURN NULL; END \$f\$;
             CREATE CONSTRAINT TRIGGER stop_worker2 AFTER INSERT ON stop_at_commit
                 DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION stop_worker2();"
BEFORE=$(contents)
echo "tenants on worker 1: $LIVE_LIST; on worker 2: $DEAD_LIST; contents: $BEFORE"

step "1. worker 2 down: router reads and writes on worker 1 work"
stop_worker2
LIVE_BEFORE=$(live_contents)
expect "$C" "SELECT count(*) FROM orders WHERE tenant_id = $LIVE" 5
expect "$C" "SELECT sum(i.qty) FROM orders o JOIN items i ON i.tenant_id = o.tenant_id AND i.order_id = o.id WHERE o.tenant_id = $LIVE" 30
expect "$C" "SELECT o.id FROM orders o JOIN rates r ON r.code = 'EUR' WHERE o.tenant_id = $LIVE AND o.id = 1" 1
expect "$C" "INSERT INTO orders VALUES ($LIVE, 100, 1, 'live') RETURNING id" 100
expect "$C" "UPDATE orders SET amount = amount + 1 WHERE tenant_id = $LIVE AND id = 100 RETURNING amount" 2
expect "$C" "DELETE FROM orders WHERE tenant_id = $LIVE AND id = 100 RETURNING id" 100
sql "$C" -c "BEGIN" -c "INSERT INTO orders VALUES ($LIVE, 101, 1, 'tx')" \
    -c "INSERT INTO items VALUES ($LIVE, 101, 1, 1)" -c "DELETE FROM items WHERE tenant_id = $LIVE AND order_id = 101" \
    -c "DELETE FROM orders WHERE tenant_id = $LIVE AND id = 101" -c "COMMIT" || fail "router transaction on worker 1"
# Writes joined with constant rows (a VALUES list; a coordinator table, whose rows' keys are
# computed first) need only the shards of those keys.
sql "$C" -c "UPDATE orders o SET amount = o.amount + v.d FROM (VALUES ($LIVE, 1, 1), ($LIVE, 2, 2)) v(t, id, d)
             WHERE o.tenant_id = v.t AND o.id = v.id" \
    -c "CREATE TABLE live_keys (id bigint, d int)" -c "INSERT INTO live_keys VALUES (1, -1), (2, -2)" \
    -c "UPDATE orders o SET amount = o.amount + k.d FROM live_keys k WHERE o.tenant_id = $LIVE AND o.id = k.id" \
    -c "DELETE FROM items i USING live_keys k WHERE i.tenant_id = $LIVE AND i.order_id = k.id AND k.d < -5" ||
    fail "writes joined with constant rows of worker 1's tenants"
[ "$(live_contents)" = "$LIVE_BEFORE" ] || fail "worker 1 contents changed: $(live_contents)"

step "2. what needs worker 2 fails naming it, and changes nothing"
expect_node_error "SELECT count(*) FROM orders WHERE tenant_id = $DEAD"
expect_node_error "INSERT INTO orders VALUES ($DEAD, 100, 1, 'dead')"
expect_node_error "UPDATE orders SET amount = 0 WHERE tenant_id = $DEAD"
expect_node_error "INSERT INTO orders VALUES ($LIVE, 102, 1, 'live'), ($DEAD, 102, 1, 'dead')"
expect_node_error "UPDATE orders SET amount = amount + 1"
expect_node_error "UPDATE orders o SET amount = 0 FROM (VALUES ($LIVE), ($DEAD)) v(t) WHERE o.tenant_id = v.t"
expect_node_error "UPDATE orders o SET amount = 0 FROM live_keys k WHERE o.tenant_id IN ($LIVE, $DEAD) AND o.id = k.id"
expect_node_error "DELETE FROM items WHERE qty = 3"
expect_node_error "INSERT INTO items SELECT tenant_id, id, 9, 1 FROM orders WHERE tenant_id IN ($LIVE, $DEAD)"
expect_node_error "UPDATE rates SET rate = 2 WHERE code = 'USD'"
expect_node_error "INSERT INTO rates VALUES ('GBP', 1.2)"
expect_node_error "TRUNCATE items"
out=$( { echo "COPY orders FROM STDIN;"; printf '%s\t200\t1\tc\n' "$LIVE" "$DEAD" "$LIVE"; echo '\.'; } |
    sql "$C" 2>&1) && fail "COPY succeeded with worker 2 down: $out"
grep -q "ERROR: .*127.0.0.1:$W2" <<<"$out" || fail "COPY: no error naming the dead worker: $out"
out=$(sql "$C" -v ON_ERROR_STOP=0 2>&1 <<SQL
BEGIN;
INSERT INTO orders VALUES ($LIVE, 103, 1, 'tx');
UPDATE orders SET amount = 0 WHERE tenant_id = $DEAD;
COMMIT;
BEGIN;
INSERT INTO orders VALUES ($LIVE, 104, 1, 'kept');
SAVEPOINT s;
INSERT INTO orders VALUES ($DEAD, 104, 1, 'lost');
ROLLBACK TO SAVEPOINT s;
UPDATE rates SET rate = rate;
ROLLBACK TO SAVEPOINT s;
INSERT INTO items VALUES ($LIVE, 104, 1, 1);
COMMIT;
SQL
)
[ "$(echo "$out" | grep -c "ERROR: .*127.0.0.1:$W2")" = 3 ] || fail "transaction errors: $out"
expect "$C" "SELECT string_agg(id || note, ',' ORDER BY id) FROM orders WHERE tenant_id = $LIVE AND id > 100" "104kept"
expect "$C" "SELECT count(*) FROM items WHERE tenant_id = $LIVE AND order_id = 104" 1
sql "$C" -c "DELETE FROM items WHERE tenant_id = $LIVE AND order_id = 104" -c "DELETE FROM orders WHERE tenant_id = $LIVE AND id = 104"
[ "$(live_contents)" = "$LIVE_BEFORE" ] || fail "worker 1 contents changed: $(live_contents)"
step "reference table reads fail over; catalog views answer"
expect "$C" "SELECT string_agg(code, ',' ORDER BY code) FROM rates" "EUR,JPY,USD"
expect "$C" "SELECT rate FROM rates WHERE code = 'EUR'" 1.1
out=$(sql "$C" -c "SELECT table_name || ':' || coalesce(table_size, 'unknown') FROM citus_tables ORDER BY 1" 2>&1) ||
    fail "citus_tables failed: $out"
grep -q "WARNING: .*127.0.0.1:$W2" <<<"$out" || fail "citus_tables: no warning naming the dead worker: $out"
grep -qx "orders:unknown" <<<"$out" || fail "citus_tables: a partial size for orders: $out"
grep -q "^rates:[0-9]" <<<"$out" || fail "citus_tables: the reference table's size is known: $out"
out=$(sql "$C" -c "SELECT nodeport, count(*), count(shard_size) FROM citus_shards WHERE table_name = 'orders'::regclass GROUP BY 1 ORDER BY 1" 2>/dev/null) ||
    fail "citus_shards failed"
[ "$out" = "$(printf '%s|4|4\n%s|4|0' "$W1" "$W2")" ] || fail "citus_shards: $out"
out=$(sql "$C" -c "SELECT recover_prepared_transactions()" 2>&1) || fail "recovery with a dead worker failed: $out"
grep -q "WARNING: .*127.0.0.1:$W2" <<<"$out" || fail "recovery: no warning naming the dead worker: $out"
start_worker2
[ "$(contents)" = "$BEFORE" ] || fail "contents changed: $(contents), expected $BEFORE"
no_prepared_anywhere

step "3. one session: the worker dies between statements, at PREPARE, before COMMIT PREPARED"
# Worker 2 is stopped by a deferred trigger at COMMIT, before the PREPAREs, in the second
# transaction; stopped in the pause between the local commit and COMMIT PREPARED in the fourth
# (after its PREPARE: the prepared transaction survives the stop).
(
    for _ in $(seq 1 600); do
        [ -f "$OUTDIR/armed" ] && [ "$(prepared "$W2" 2>/dev/null)" = 1 ] && break
        sleep 0.02
    done
    stop_worker2
) &
killer=$!
out=$(sql "$C" -v ON_ERROR_STOP=0 2>&1 <<SQL
SELECT 'a', count(*) FROM orders;
BEGIN;
UPDATE orders SET amount = amount + 1000 WHERE tenant_id IN ($LIVE, $DEAD);
\! bash $OUTDIR/stop_worker2.sh
UPDATE items SET qty = qty + 1 WHERE tenant_id = $LIVE;
COMMIT;
\! bash $OUTDIR/start_worker2.sh
SELECT 'b', count(*) FROM orders;
BEGIN;
UPDATE orders SET amount = amount + 1000 WHERE tenant_id IN ($LIVE, $DEAD);
INSERT INTO stop_at_commit VALUES (1);
COMMIT;
\! bash $OUTDIR/start_worker2.sh
SELECT 'c', count(*) FROM orders;
SELECT 'c', count(*) FROM stop_at_commit;
SET tessera.test_fault = 'pause_before_commit_prepared';
BEGIN;
UPDATE orders SET amount = amount + 1 WHERE tenant_id IN ($LIVE, $DEAD) AND id = 1;
UPDATE items SET qty = qty + 1 WHERE tenant_id IN ($LIVE, $DEAD) AND order_id = 1 AND line = 1;
\! touch $OUTDIR/armed
COMMIT;
RESET tessera.test_fault;
SELECT 'd', count(*) FROM orders WHERE tenant_id = $LIVE AND amount > 1000;
SELECT 'd', amount FROM orders WHERE tenant_id = $LIVE AND id = 1;
\! bash $OUTDIR/start_worker2.sh
SELECT 'e', count(*) FROM pg_dist_transaction;
SELECT 'e', recover_prepared_transactions();
SELECT 'f', count(*), sum(amount) FROM orders WHERE id = 1 AND tenant_id IN ($LIVE, $DEAD);
SELECT 'f', sum(qty) FROM items WHERE order_id = 1 AND line = 1 AND tenant_id IN ($LIVE, $DEAD);
UPDATE orders SET amount = amount - 1 WHERE tenant_id IN ($LIVE, $DEAD) AND id = 1;
UPDATE items SET qty = qty - 1 WHERE tenant_id IN ($LIVE, $DEAD) AND order_id = 1 AND line = 1;
SELECT 'g', count(*) FROM orders;
SQL
)
wait "$killer" || true
echo "$out"
grep -q "^a|200$" <<<"$out" || fail "first read"
[ "$(echo "$out" | grep -c "ERROR: .*127.0.0.1:$W2")" = 2 ] || fail "expected two errors naming worker 2"
grep -q "^b|200$" <<<"$out" || fail "the session did not work after the worker came back"
grep -q "^c|200$" <<<"$out" || fail "the session did not work after the worker died at PREPARE"
grep -q "^c|0$" <<<"$out" || fail "the transaction that lost a worker at PREPARE committed locally"
grep -q "WARNING: .*could not commit prepared transaction .*127.0.0.1:$W2" <<<"$out" ||
    fail "no warning for the COMMIT PREPARED that could not be sent"
grep -q "^d|0$" <<<"$out" || fail "the failed transactions left changes on worker 1"
grep -q "^d|$((LIVE * 10 + 2))$" <<<"$out" || fail "the committed transaction is not visible on worker 1"
grep -q "^e|1$" <<<"$out" || fail "expected the one prepared transaction of worker 2 to be recovered"
grep -q "^f|2|$((LIVE * 10 + DEAD * 10 + 4))$" <<<"$out" || fail "the recovered transaction is not complete"
grep -q "^f|4$" <<<"$out" || fail "the recovered transaction is not complete (items)"
grep -q "^g|200$" <<<"$out" || fail "the session does not work at the end"
[ "$(contents)" = "$BEFORE" ] || fail "contents changed: $(contents), expected $BEFORE"
no_prepared_anywhere

crashes=$(test_cluster_crashes | grep -v "immediate" || true)
[ -z "$crashes" ] || fail "server crash: $crashes"
echo "node_failure: all passed"
