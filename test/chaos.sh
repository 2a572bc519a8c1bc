#!/usr/bin/env bash
# ctest chaos: distributed commits stay atomic and durable while nodes fail again and again.
# Clients (pgbench, -M prepared and simple in turns, restarted whenever they abort) run money
# transfers between accounts of tenants on different workers (two-phase commit), within one
# tenant, into a reference table, with a savepoint rolled back, and a few UPDATEs across every
# shard with an INSERT ... SELECT, and orders taking stock (UPDATE ... WHERE qty >= n) that
# cancels give back (UPDATE ... FROM the order);
# every transfer writes history rows with its own transfer id in the same transaction. Meanwhile
# the workers are stopped with -m immediate in turns and restarted, every third time the
# coordinator instead, every sixth the coordinator and a worker together.
# Afterwards, once the maintenance worker and recover_prepared_transactions() have run:
#   - every account's balance is its start plus its history (no half transfer, no lost row),
#     every transfer has all of its history rows, the money in total is unchanged; every
#     product's stock and sold count match its placed orders, order ids are unique;
#   - every transfer a witness client saw committed is there;
#   - no prepared transaction is left on any node and pg_dist_transaction is empty;
#   - every shard placement is readable, no server crashed, and normal writes work.
# Before that, two deterministic cases: the coordinator stops (immediate) right after a commit
# whose COMMIT PREPARED reached one worker only, with synchronous_commit = off (as in --fast
# clusters): the commit records must have been flushed with the local commit; and it stops
# between PREPARE and the commit records: recovery rolls back at once after the restart.
#
#   chaos.sh [OUTDIR]      CHAOS_ROUNDS=N (default 8) sets the number of failures.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=test_cluster.sh
source "$ROOT/test/test_cluster.sh"

ROUNDS=${CHAOS_ROUNDS:-8}
test_script_begin chaos "${1:-$BUILD_DIR/test/chaos}"
WORK="$OUTDIR/work"
rm -rf "$WORK"
mkdir -p "$WORK"

node_ctl() { as_pg_user "$BINDIR/pg_ctl" "$@"; }
# Stops NODE (coordinator, worker1, worker2) at once, as a crash would.
stop_node() { node_ctl stop -D "$TEST_CLUSTER_DIR/$1/data" -m immediate -w >/dev/null 2>&1 || true; }
# Starts NODE again; retried for a minute: when test ports lie in the ephemeral range
# (TESSERA_TEST_PORTS), a client connection may take the node's port while it is down and keep
# it in TIME_WAIT for 60 s.
start_node() {
    local attempt
    for attempt in $(seq 1 30); do
        node_ctl start -D "$TEST_CLUSTER_DIR/$1/data" -l "$TEST_CLUSTER_DIR/$1/logfile" -w -t 60 \
            >/dev/null 2>&1 && return 0
        sleep 2
    done
    fail "could not restart $1"
}
prepared() { sql "$1" -c "SELECT count(*) FROM pg_prepared_xacts"; }
records() { sql "$C" -c "SELECT count(*) FROM pg_dist_transaction"; }
set_recovery_interval() {
    sql "$C" -c "ALTER SYSTEM SET tessera.recover_2pc_interval = $1" -c "SELECT pg_reload_conf()" >/dev/null
}

step "setup (coordinator $C, workers $W1 $W2)"
set_recovery_interval -1
sql "$C" >/dev/null <<'SQL'
CREATE TABLE accounts (tenant int, id int, balance bigint NOT NULL, PRIMARY KEY (tenant, id));
SELECT create_distributed_table('accounts', 'tenant');
CREATE TABLE history (tenant int, xfer bigint NOT NULL, id int NOT NULL, delta bigint NOT NULL,
                      kind text NOT NULL);
SELECT create_distributed_table('history', 'tenant', colocate_with => 'accounts');
CREATE TABLE bank (k int PRIMARY KEY, balance bigint NOT NULL);
SELECT create_reference_table('bank');
INSERT INTO bank SELECT g, 0 FROM generate_series(1, 4) g;
CREATE TABLE stock (tenant int, product int, qty int NOT NULL CHECK (qty >= 0),
                    sold int NOT NULL DEFAULT 0, PRIMARY KEY (tenant, product));
SELECT create_distributed_table('stock', 'tenant', colocate_with => 'accounts');
CREATE TABLE orders (tenant int, id bigserial, product int NOT NULL, n int NOT NULL,
                     status text NOT NULL DEFAULT 'placed', PRIMARY KEY (tenant, id),
                     FOREIGN KEY (tenant, product) REFERENCES stock (tenant, product));
SELECT create_distributed_table('orders', 'tenant', colocate_with => 'accounts');
SQL
# Four tenants on each worker, so that a transfer from the first list to the second always
# spans both workers.
tenants_on() {
    sql "$C" -c "SELECT string_agg(t::text, ' ' ORDER BY t) FROM (
        SELECT t FROM generate_series(1, 200) t
        JOIN pg_dist_placement p ON p.shardid = get_shard_id_for_distribution_column('accounts', t)
        JOIN pg_dist_node n ON n.groupid = p.groupid
        WHERE n.nodeport = $1 ORDER BY t LIMIT 4) s"
}
read -r -a TA <<<"$(tenants_on "$W1")"
read -r -a TB <<<"$(tenants_on "$W2")"
[ "${#TA[@]}" = 4 ] && [ "${#TB[@]}" = 4 ] || fail "could not find four tenants on each worker"
TENANTS="${TA[*]} ${TB[*]}"
sql "$C" -c "INSERT INTO accounts SELECT t, i, 1000 FROM unnest('{${TENANTS// /,}}'::int[]) t,
             generate_series(1, 10) i"
sql "$C" -c "INSERT INTO stock SELECT t, p, 100 FROM unnest('{${TENANTS// /,}}'::int[]) t,
             generate_series(1, 3) p"
TOTAL=$(sql "$C" -c "SELECT sum(balance) FROM accounts")
[ "$TOTAL" = 80000 ] || fail "unexpected start total $TOTAL"

# Checks every invariant that must hold whatever failed; prints what is wrong.
check_invariants() {
    local bad
    bad=$(sql "$C" -c "SELECT (SELECT sum(balance) FROM accounts) + (SELECT sum(balance) FROM bank)")
    [ "$bad" = "$TOTAL" ] || fail "money created or lost: total $bad, expected $TOTAL"
    bad=$(sql "$C" -c "SELECT coalesce(string_agg(a.tenant || '/' || a.id || ': ' || a.balance || ' vs ' ||
                                                 1000 + coalesce(h.d, 0), ', '), '')
                       FROM accounts a LEFT JOIN (SELECT tenant, id, sum(delta) AS d FROM history
                                                  GROUP BY tenant, id) h USING (tenant, id)
                       WHERE a.balance <> 1000 + coalesce(h.d, 0)")
    [ -z "$bad" ] || fail "balances that do not match their history (half transfers): $bad"
    bad=$(sql "$C" -c "SELECT coalesce(string_agg(xfer || ' ' || kind || ' rows ' || n || ' sum ' || s, ', '), '')
                       FROM (SELECT xfer, kind, count(*) AS n, sum(delta) AS s FROM history
                             GROUP BY xfer, kind) x
                       WHERE (kind IN ('cross', 'single') AND (n <> 2 OR s <> 0))
                          OR (kind = 'multi' AND (n <> 16 OR s <> 0)) OR (kind = 'bank' AND n <> 1)
                          OR kind NOT IN ('cross', 'single', 'multi', 'bank')")
    [ -z "$bad" ] || fail "transfers with missing history rows (not all-or-nothing): $bad"
    bad=$(sql "$C" -c "SELECT (SELECT sum(balance) FROM bank) +
                              (SELECT coalesce(sum(delta), 0) FROM history WHERE kind = 'bank')")
    [ "$bad" = 0 ] || fail "the reference table does not match its history rows (off by $bad)"
    bad=$(sql "$C" -c "SELECT coalesce(string_agg(s.tenant || '/' || s.product || ': qty ' || s.qty ||
                                                 ' sold ' || s.sold || ' placed ' || coalesce(o.n, 0), ', '), '')
                       FROM stock s LEFT JOIN (SELECT tenant, product, sum(n) AS n FROM orders
                                               WHERE status = 'placed' GROUP BY 1, 2) o USING (tenant, product)
                       WHERE s.qty + s.sold <> 100 OR s.sold <> coalesce(o.n, 0)")
    [ -z "$bad" ] || fail "stock that does not match its orders (a lost or doubled update): $bad"
    bad=$(sql "$C" -c "SELECT (SELECT count(*) - count(DISTINCT id) FROM orders) ||
                              CASE WHEN (SELECT last_value FROM orders_id_seq) >=
                                        (SELECT coalesce(max(id), 0) FROM orders) THEN '' ELSE ' behind' END")
    [ "$bad" = 0 ] || fail "order ids given twice, or the sequence behind them: $bad"
}

# The deterministic case. COMMIT PREPARED reaches worker 1 only (worker 2 is stopped during
# the pause before it), the client is told the commit succeeded, and the coordinator stops
# at once, its WAL writer being too slow to have written the asynchronous local commit.
step "1. coordinator crash after a commit that reached one worker, synchronous_commit = off"
sql "$C" -c "ALTER SYSTEM SET wal_writer_delay = '10s'" -c "SELECT pg_reload_conf()" >/dev/null
# worker 2 is stopped in the pause: once its prepared transaction's commit record is visible (the
# local commit is done). Polled rather than slept, so that a loaded machine cannot move the stop
# out of the pause.
cat >"$WORK/stop_worker2.sh" <<EOF
#!/usr/bin/env bash
q() { "$BINDIR/psql" -X -At -h 127.0.0.1 -U postgres -d regression "\$@"; }
for i in \$(seq 1 300); do
    gid=\$(q -p $W2 -c "SELECT gid FROM pg_prepared_xacts LIMIT 1")
    [ -n "\$gid" ] &&
        [ "\$(q -p $C -c "SELECT count(*) FROM pg_dist_transaction WHERE gid = '\$gid'")" = 1 ] && break
    sleep 0.02
done
source "$ROOT/scripts/lib.sh"
as_pg_user "$BINDIR/pg_ctl" stop -D "$TEST_CLUSTER_DIR/worker2/data" -m immediate -w >/dev/null 2>&1
EOF
out=$(sql "$C" 2>&1 <<SQL
SET synchronous_commit = off;
SET tessera.test_fault = 'pause_before_commit_prepared';
BEGIN;
UPDATE accounts SET balance = balance - 7 WHERE tenant = ${TA[0]} AND id = 1;
UPDATE accounts SET balance = balance + 7 WHERE tenant = ${TB[0]} AND id = 1;
INSERT INTO history VALUES (${TA[0]}, 1, 1, -7, 'cross'), (${TB[0]}, 1, 1, 7, 'cross');
\\! bash "$WORK/stop_worker2.sh" &
COMMIT;
SQL
) || fail "the commit failed: $out"
sleep 1
grep -q "could not commit prepared transaction" <<<"$out" ||
    fail "expected a warning about worker 2's COMMIT PREPARED: $out"
stop_node coordinator
start_node coordinator
start_node worker2
sql "$C" -c "ALTER SYSTEM RESET wal_writer_delay" -c "SELECT pg_reload_conf()" >/dev/null
sql "$C" -c "SELECT recover_prepared_transactions()" >/dev/null
[ "$(prepared "$W2")" = 0 ] || fail "worker 2 kept its prepared transaction"
[ "$(sql "$C" -c "SELECT count(*) FROM history WHERE xfer = 1")" = 2 ] ||
    fail "a committed transfer was half rolled back after the coordinator restarted: history rows $(
        sql "$C" -c "SELECT string_agg(tenant || ':' || delta, ' ') FROM history WHERE xfer = 1")"
check_invariants

# The coordinator stops while a distributed commit has prepared on both workers and waits to
# write its commit records (a session holds a lock on pg_dist_transaction). Its transaction id
# never reached the WAL, so after the restart the coordinator's transaction ids start below it
# again: recovery must still see that the transaction is over, and roll back its prepared
# transactions at once (not only once new transactions have used up that id).
step "2. coordinator crash between PREPARE and the commit records"
sql "$C" -c "BEGIN" -c "LOCK pg_dist_transaction IN EXCLUSIVE MODE" -c "SELECT pg_sleep(60)" \
    >/dev/null 2>&1 &
for _ in $(seq 1 50); do
    [ "$(sql "$C" -c "SELECT count(*) FROM pg_locks WHERE relation = 'pg_dist_transaction'::regclass
                      AND mode = 'ExclusiveLock' AND granted")" = 1 ] && break
    sleep 0.1
done
sql "$C" >/dev/null 2>&1 <<SQL &
BEGIN;
UPDATE accounts SET balance = balance - 9 WHERE tenant = ${TA[1]} AND id = 1;
UPDATE accounts SET balance = balance + 9 WHERE tenant = ${TB[1]} AND id = 1;
INSERT INTO history VALUES (${TA[1]}, 5, 1, -9, 'cross'), (${TB[1]}, 5, 1, 9, 'cross');
COMMIT;
SQL
for _ in $(seq 1 100); do
    [ "$(prepared "$W1")" = 1 ] && [ "$(prepared "$W2")" = 1 ] && break
    sleep 0.1
done
[ "$(prepared "$W1")" = 1 ] && [ "$(prepared "$W2")" = 1 ] ||
    fail "the commit did not stop after PREPARE on both workers"
stop_node coordinator
wait
start_node coordinator
resolved=$(sql "$C" -c "SELECT recover_prepared_transactions()")
[ "$resolved" = 2 ] && [ "$(prepared "$W1")" = 0 ] && [ "$(prepared "$W2")" = 0 ] ||
    fail "recovery resolved $resolved prepared transactions of a coordinator transaction that died; left: $(
        sql "$W1" -c "SELECT gid FROM pg_prepared_xacts") $(sql "$W2" -c "SELECT gid FROM pg_prepared_xacts")"
[ "$(sql "$C" -c "SELECT count(*) FROM history WHERE xfer = 5")" = 0 ] ||
    fail "a transfer that never committed is there"
check_invariants

step "3. $ROUNDS failures under concurrent transfers"
set_recovery_interval 1000
# pgbench scripts. Rows are locked in one global order (accounts of the first tenant list, by
# tenant and id, then of the second, then the reference table) so that the transfers do not
# deadlock across nodes; the UPDATEs across shards may, and are cut by the lock timeout.
pick() { # pgbench expression choosing one of the four tenants "$@" by :i
    echo "case when :i = 0 then $1 when :i = 1 then $2 when :i = 2 then $3 else $4 end"
}
cat >"$WORK/cross.sql" <<EOF
\set i random(0, 3)
\set ta $(pick "${TA[@]}")
\set i random(0, 3)
\set tb $(pick "${TB[@]}")
\set a random(1, 10)
\set b random(1, 10)
\set amt random(-50, 50)
\set x random(1000000, 9000000000000000000)
BEGIN;
UPDATE accounts SET balance = balance - :amt WHERE tenant = :ta AND id = :a;
UPDATE accounts SET balance = balance + :amt WHERE tenant = :tb AND id = :b;
INSERT INTO history VALUES (:ta, :x, :a, 0 - :amt, 'cross'), (:tb, :x, :b, :amt, 'cross');
COMMIT;
EOF
cat >"$WORK/single.sql" <<EOF
\set i random(0, 3)
\set side random(0, 1)
\set t case when :side = 0 then $(pick "${TA[@]}") else $(pick "${TB[@]}") end
\set a random(1, 9)
\set b random(:a + 1, 10)
\set amt random(-50, 50)
\set x random(1000000, 9000000000000000000)
BEGIN;
UPDATE accounts SET balance = balance - :amt WHERE tenant = :t AND id = :a;
UPDATE accounts SET balance = balance + :amt WHERE tenant = :t AND id = :b;
INSERT INTO history VALUES (:t, :x, :a, 0 - :amt, 'single');
INSERT INTO history VALUES (:t, :x, :b, :amt, 'single');
COMMIT;
EOF
cat >"$WORK/bank.sql" <<EOF
\set i random(0, 3)
\set t $(pick "${TB[@]}")
\set a random(1, 10)
\set k random(1, 4)
\set amt random(1, 20)
\set x random(1000000, 9000000000000000000)
BEGIN;
UPDATE accounts SET balance = balance - :amt WHERE tenant = :t AND id = :a;
INSERT INTO history VALUES (:t, :x, :a, 0 - :amt, 'bank');
UPDATE bank SET balance = balance + :amt WHERE k = :k;
COMMIT;
EOF
# A transfer whose first credit, to the wrong account, is undone by ROLLBACK TO SAVEPOINT.
cat >"$WORK/savepoint.sql" <<EOF
\set i random(0, 3)
\set ta $(pick "${TA[@]}")
\set i random(0, 3)
\set tb $(pick "${TB[@]}")
\set a random(1, 10)
\set b random(1, 10)
\set amt random(1, 50)
\set x random(1000000, 9000000000000000000)
BEGIN;
UPDATE accounts SET balance = balance - :amt WHERE tenant = :ta AND id = :a;
SAVEPOINT wrong;
UPDATE accounts SET balance = balance + :amt WHERE tenant = :tb AND id = :b;
INSERT INTO history VALUES (:tb, :x, :b, :amt, 'wrong');
ROLLBACK TO SAVEPOINT wrong;
UPDATE accounts SET balance = balance + :amt WHERE tenant = :tb AND id = :b;
INSERT INTO history VALUES (:ta, :x, :a, 0 - :amt, 'cross'), (:tb, :x, :b, :amt, 'cross');
COMMIT;
EOF
# Orders take stock with UPDATE ... WHERE qty >= n; cancels give it back with UPDATE ... FROM
# the order (both tables pinned by the tenant) once they hold the order's row lock.
cat >"$WORK/order.sql" <<EOF
\set i random(0, 3)
\set side random(0, 1)
\set t case when :side = 0 then $(pick "${TA[@]}") else $(pick "${TB[@]}") end
\set p random(1, 3)
\set n random(1, 3)
BEGIN;
WITH s AS (UPDATE stock SET qty = qty - :n, sold = sold + :n WHERE tenant = :t AND product = :p
           AND qty >= :n RETURNING 1) SELECT count(*) AS got FROM s \gset
\if :got
INSERT INTO orders (tenant, product, n) VALUES (:t, :p, :n);
\endif
COMMIT;
EOF
cat >"$WORK/cancel.sql" <<EOF
\set i random(0, 3)
\set side random(0, 1)
\set t case when :side = 0 then $(pick "${TA[@]}") else $(pick "${TB[@]}") end
BEGIN;
SELECT coalesce(min(id), 0) AS oid FROM orders WHERE tenant = :t AND status = 'placed' \gset
SELECT count(*) AS got FROM (SELECT 1 FROM orders WHERE tenant = :t AND id = :oid
                             AND status = 'placed' FOR UPDATE) l \gset
\if :got
UPDATE stock s SET qty = s.qty + o.n, sold = s.sold - o.n FROM orders o
  WHERE s.tenant = :t AND o.tenant = :t AND o.id = :oid AND s.product = o.product;
UPDATE orders SET status = 'cancelled' WHERE tenant = :t AND id = :oid;
\endif
COMMIT;
EOF
cat >"$WORK/multi.sql" <<'EOF'
\set x random(1000000, 9000000000000000000)
BEGIN;
UPDATE accounts SET balance = balance + CASE WHEN id = 1 THEN 1 ELSE -1 END WHERE id IN (1, 2);
INSERT INTO history SELECT tenant, :x, id, CASE WHEN id = 1 THEN 1 ELSE -1 END, 'multi'
  FROM accounts WHERE id IN (1, 2);
COMMIT;
EOF

# One client: pgbench runs of 4 s, protocol alternating, until the stop file appears. Each run
# seeds its random numbers from a strong random source: the default seed is the clock in
# microseconds, and two runs started together (as clients restart after a failure) could draw
# the same transfer ids, which the invariants would count as one transfer applied twice.
client() {
    local n=$1 run=0 mode
    while [ ! -e "$WORK/stop" ]; do
        mode=prepared
        [ $((run % 2)) = 1 ] && mode=simple
        echo "== run $run ($mode) $(date +%T)" >>"$WORK/client$n.log"
        PGOPTIONS="-c tessera.distributed_lock_timeout=3000" PGCONNECT_TIMEOUT=3 \
            "$BINDIR/pgbench" -n -M "$mode" -c 1 -T 4 --random-seed=rand -f "$WORK/cross.sql@10" \
            -f "$WORK/single.sql@4" -f "$WORK/bank.sql@2" -f "$WORK/multi.sql@1" \
            -f "$WORK/savepoint.sql@2" -f "$WORK/order.sql@4" -f "$WORK/cancel.sql@2" \
            -h 127.0.0.1 -p "$C" -U postgres regression >>"$WORK/client$n.log" 2>&1 || true
        run=$((run + 1))
        sleep 0.2
    done
}
# The witness: cross transfers with known ids through psql; writes the ids of those whose
# COMMIT returned success. Each must be there in the end.
witness() {
    local x=100 out
    : >"$WORK/acknowledged"
    while [ ! -e "$WORK/stop" ]; do
        x=$((x + 1))
        if out=$(PGCONNECT_TIMEOUT=3 PGOPTIONS="-c tessera.distributed_lock_timeout=3000" sql "$C" 2>&1 <<SQL
BEGIN;
UPDATE accounts SET balance = balance - 1 WHERE tenant = ${TA[3]} AND id = 10;
UPDATE accounts SET balance = balance + 1 WHERE tenant = ${TB[3]} AND id = 10;
INSERT INTO history VALUES (${TA[3]}, $x, 10, -1, 'cross'), (${TB[3]}, $x, 10, 1, 'cross');
COMMIT;
SQL
        ); then
            echo "$x" >>"$WORK/acknowledged"
        else
            echo "$x: $out" >>"$WORK/witness.log"
            sleep 0.2
        fi
    done
}

pids=()
for n in 1 2 3 4; do
    client "$n" &
    pids+=($!)
done
witness &
pids+=($!)

for round in $(seq 1 "$ROUNDS"); do
    sleep "$((2 + RANDOM % 3)).$((RANDOM % 10))"
    # Every third failure takes the coordinator, every sixth a worker with it.
    nodes=worker$((round % 2 + 1))
    if [ $((round % 6)) = 0 ]; then
        nodes="coordinator $nodes"
    elif [ $((round % 3)) = 0 ]; then
        nodes=coordinator
    fi
    echo "round $round: stopping $nodes ($(date +%T))"
    for node in $nodes; do stop_node "$node"; done
    sleep "$((1 + RANDOM % 2)).$((RANDOM % 10))"
    for node in $nodes; do start_node "$node"; done
done
sleep 3
touch "$WORK/stop"

# Clients end within their 4 s run plus lock and connection timeouts; one still running
# after that hangs.
for _ in $(seq 1 60); do
    alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 1
done
if [ "$alive" = 1 ]; then
    sql "$C" -c "SELECT pid, state, wait_event, now() - query_start, query FROM pg_stat_activity
                 WHERE backend_type = 'client backend'" >&2 || true
    fail "clients still running 60 s after the end of the load"
fi
wait

processed=$(cat "$WORK"/client*.log | sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' |
    awk '{s += $1} END {print s + 0}')
failed=$(cat "$WORK"/client*.log | sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' |
    awk '{s += $1} END {print s + 0}')
aborted=$(grep -c "aborted in command" "$WORK"/client*.log | awk -F: '{s += $2} END {print s + 0}')
acknowledged=$(wc -l <"$WORK/acknowledged")
echo "pgbench: $processed transactions, $failed failed, $aborted client aborts; witness: $acknowledged committed"
[ "$processed" -gt 100 ] || fail "too few transactions ran ($processed); see $WORK/client*.log"
[ "$acknowledged" -gt 10 ] || fail "too few witness transfers committed; see $WORK/witness.log"

step "4. recovery: the maintenance worker, then recover_prepared_transactions()"
for _ in $(seq 1 100); do
    [ "$(prepared "$W1")" = 0 ] && [ "$(prepared "$W2")" = 0 ] && break
    sleep 0.2
done
for port in $W1 $W2; do
    [ "$(prepared "$port")" = 0 ] ||
        fail "the maintenance worker left prepared transactions on $port: $(sql "$port" -c "TABLE pg_prepared_xacts")"
done
set_recovery_interval -1
sql "$C" -c "SELECT recover_prepared_transactions()" >/dev/null
sql "$C" -c "SELECT recover_prepared_transactions()" >/dev/null
for port in $C $W1 $W2; do
    [ "$(prepared "$port")" = 0 ] || fail "prepared transactions left on $port"
done
[ "$(records)" = 0 ] || fail "pg_dist_transaction not empty: $(sql "$C" -c "TABLE pg_dist_transaction")"

step "5. invariants"
check_invariants
missing=$(sql "$C" <<SQL
CREATE TEMP TABLE acked (x bigint);
\\copy acked FROM '$WORK/acknowledged'
SELECT coalesce(string_agg(x::text, ' '), '') FROM acked
WHERE x NOT IN (SELECT xfer FROM history WHERE xfer BETWEEN 101 AND 999999 AND tenant = ${TA[3]})
   OR x NOT IN (SELECT xfer FROM history WHERE xfer BETWEEN 101 AND 999999 AND tenant = ${TB[3]});
SQL
)
[ -z "$missing" ] || fail "committed witness transfers lost: $missing"
for table in accounts history bank; do
    bad=$(sql "$C" -c "SELECT count(*) FILTER (WHERE NOT success) || '/' || count(*)
                       FROM run_command_on_placements('$table', 'SELECT count(*) FROM %s')")
    [ "${bad%/*}" = 0 ] && [ "${bad#*/}" -gt 0 ] || fail "unreadable placements of $table: $bad"
done
crashes=$(test_cluster_crashes | grep -v "immediate" || true)
[ -z "$crashes" ] || fail "server crash: $crashes"

step "6. normal writes after the failures"
sql "$C" <<SQL
BEGIN;
UPDATE accounts SET balance = balance - 5 WHERE tenant = ${TA[1]} AND id = 2;
UPDATE accounts SET balance = balance + 5 WHERE tenant = ${TB[1]} AND id = 3;
INSERT INTO history VALUES (${TA[1]}, 2, 2, -5, 'cross'), (${TB[1]}, 2, 3, 5, 'cross');
COMMIT;
BEGIN;
UPDATE accounts SET balance = balance + CASE WHEN id = 1 THEN 1 ELSE -1 END WHERE id IN (1, 2);
INSERT INTO history SELECT tenant, 3, id, CASE WHEN id = 1 THEN 1 ELSE -1 END, 'multi'
  FROM accounts WHERE id IN (1, 2);
UPDATE accounts SET balance = balance - 1 WHERE tenant = ${TB[2]} AND id = 4;
INSERT INTO history VALUES (${TB[2]}, 4, 4, -1, 'bank');
UPDATE bank SET balance = balance + 1 WHERE k = 1;
COMMIT;
SQL
check_invariants
sql "$C" -c "SELECT recover_prepared_transactions()" >/dev/null
[ "$(records)" = 0 ] || fail "pg_dist_transaction not empty after the final writes"
echo "chaos: all checks passed"
