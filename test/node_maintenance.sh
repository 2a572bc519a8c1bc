#!/usr/bin/env bash
# ctest node_maintenance: what an operator does when a worker fails, and the prompt recovery of
# a COMMIT PREPARED that failed.
#   1. bad calls of citus_disable_node / citus_activate_node / citus_update_node fail clearly and
#      change nothing;
#   2. worker 2 stopped and disabled: reference tables are read and written (DML, DDL, a new
#      one) on worker 1 only, new distributed tables get no shards on worker 2, its shards give
#      an error naming it; disabling worker 1 too is refused (the only reference copies), and so
#      is schema DDL that worker 2 would miss, and role DDL that activation does not redo (DROP
#      ROLE, RENAME, REVOKE, ALTER ROLE IN another DATABASE SET, REASSIGN / DROP OWNED);
#      CREATE / ALTER ROLE (also SET) and GRANT role run;
#   3. worker 2 started and activated: its reference copies equal worker 1's (rows and columns),
#      the foreign keys of its distributed shards to them are back, its shards answer again, the
#      roles made and changed while it was disabled are there as on the coordinator;
#   4. worker 2 stopped between the local commit and COMMIT PREPARED: once it is back, the
#      maintenance worker (woken by the failed commit, retrying with backoff; its regular
#      interval is 10 minutes here) resolves the prepared transaction within seconds, without
#      recover_prepared_transactions();
#   5. failover: a copy of worker 2's data directory runs on a new port while the old server
#      keeps running; citus_update_node points the node at the copy, and a session that had a
#      connection to the old address writes to the copy.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=test_cluster.sh
source "$ROOT/test/test_cluster.sh"

TEST_CLUSTER_SPARE_PORTS=1 # NEW_PORT (step 5)
test_script_begin node-maintenance "${1:-$BUILD_DIR/test/node_maintenance}"

COPY_DIR="$TEST_CLUSTER_DIR/worker2-copy"
node_ctl() { as_pg_user "$BINDIR/pg_ctl" "$@"; }
# The EXIT trap: the copy of worker 2 is not a node the cluster script knows about.
cleanup() {
    local rc=$?
    set +e # (exit "$rc") below must not end the trap
    if [ -f "$COPY_DIR/data/postmaster.pid" ]; then
        node_ctl stop -D "$COPY_DIR/data" -m immediate -w >/dev/null 2>&1 || true
    fi
    (exit "$rc")
    test_script_cleanup
}
trap cleanup EXIT

# Checks that `sql PORT -c QUERY` prints EXPECTED.
expect() {
    local port=$1 query=$2 expected=$3 got
    got=$(sql "$port" -c "$query" 2>&1) || fail "query failed on port $port: $query: $got"
    [ "$got" = "$expected" ] || fail "port $port: $query: expected '$expected', got '$got'"
}
# Checks that `sql C -c STATEMENT` fails with an error matching PATTERN.
expect_error() {
    local statement=$1 pattern=$2 out
    if out=$(sql "$C" -c "$statement" 2>&1); then
        fail "succeeded: $statement: $out"
    fi
    grep -q "ERROR: .*$pattern" <<<"$out" || fail "expected an error matching '$pattern': $statement: $out"
}
start_worker2() {
    node_ctl start -D "$TEST_CLUSTER_DIR/worker2/data" -l "$TEST_CLUSTER_DIR/worker2/logfile" -w >/dev/null
}
stop_worker2() {
    node_ctl stop -D "$TEST_CLUSTER_DIR/worker2/data" -m immediate -w >/dev/null 2>&1
}
prepared() { sql "$1" -c "SELECT count(*) FROM pg_prepared_xacts"; }
nodes_catalog() { sql "$C" -c "SELECT nodeid, groupid, nodename, nodeport, isactive FROM pg_dist_node ORDER BY nodeid"; }
# Rows and columns of reference table $1's shard on the worker at port $2, as one checksum.
reference_copy() {
    local table=$1 port=$2 shard
    shard=$(sql "$C" -c "SELECT shardid FROM pg_dist_shard WHERE logicalrelid = '$table'::regclass")
    sql "$port" -c "SELECT (SELECT string_agg(attname || ':' || format_type(atttypid, atttypmod), ',' ORDER BY attnum)
                              FROM pg_attribute WHERE attrelid = '${table}_$shard'::regclass AND attnum > 0
                               AND NOT attisdropped) || ' ' ||
                           (SELECT md5(coalesce(string_agg(r::text, ';' ORDER BY r::text), '')) FROM ${table}_$shard r)"
}

step "setup (coordinator $C, workers $W1 $W2)"
# Regular recovery passes only every 10 minutes: step 4 must not owe anything to them.
sql "$C" -c "ALTER SYSTEM SET tessera.recover_2pc_interval = 600000" -c "SELECT pg_reload_conf()" >/dev/null
sql "$C" <<'SQL'
CREATE TABLE rates (code text PRIMARY KEY, rate numeric NOT NULL);
INSERT INTO rates VALUES ('EUR', 1.1), ('USD', 1), ('JPY', 0.007);
SELECT create_reference_table('rates');
CREATE TABLE orders (tenant_id bigint NOT NULL, id bigint NOT NULL, amount numeric NOT NULL,
                     code text NOT NULL REFERENCES rates (code), PRIMARY KEY (tenant_id, id));
INSERT INTO orders SELECT t, o, t * 10 + o, 'EUR' FROM generate_series(1, 40) t, generate_series(1, 5) o;
SELECT create_distributed_table('orders', 'tenant_id', shard_count => 8);
SQL
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
W1_ID=$(sql "$C" -c "SELECT nodeid FROM pg_dist_node WHERE nodeport = $W1")
W2_ID=$(sql "$C" -c "SELECT nodeid FROM pg_dist_node WHERE nodeport = $W2")

step "1. bad calls fail clearly and change nothing"
NODES=$(nodes_catalog)
expect_error "SELECT citus_disable_node('127.0.0.1', 1)" "node 127.0.0.1:1 is not in the cluster"
expect_error "SELECT master_disable_node('nowhere', $W2)" "node nowhere:$W2 is not in the cluster"
expect_error "SELECT citus_activate_node('127.0.0.1', 1)" "node 127.0.0.1:1 is not in the cluster"
expect_error "SELECT citus_update_node(99999, '127.0.0.1', 1)" "node 99999 is not in the cluster"
expect_error "SELECT citus_update_node($W1_ID, '127.0.0.1', $W2)" "node 127.0.0.1:$W2 is already in the cluster"
expect_error "SELECT citus_update_node($W1_ID, '', 5432)" "node name must not be empty"
expect_error "SELECT citus_update_node($W1_ID, '127.0.0.1', 0)" "invalid port number 0"
expect_error "SELECT citus_update_node($W1_ID, '127.0.0.1', 70000)" "invalid port number 70000"
expect_error "SELECT citus_update_node($W1_ID, '127.0.0.1', 5432, lock_cooldown => -1)" "lock_cooldown must not be negative"
sql "$C" -c "CREATE ROLE operator LOGIN; CREATE ROLE auditors; GRANT auditors TO operator" >/dev/null
for call in "citus_disable_node('127.0.0.1', $W2)" "citus_activate_node('127.0.0.1', $W2)" \
    "citus_update_node($W2_ID, '127.0.0.1', 1)" "master_update_node($W2_ID, '127.0.0.1', 1)"; do
    expect_error "SET ROLE operator; SELECT $call" "permission denied for function"
done
expect "$C" "SELECT citus_update_node($W1_ID, '127.0.0.1', $W1)" ""
[ "$(nodes_catalog)" = "$NODES" ] || fail "pg_dist_node changed: $(nodes_catalog)"

step "2. worker 2 down and disabled: reference tables work on worker 1, its shards fail clearly"
stop_worker2
out=$(sql "$C" -c "SELECT citus_disable_node('127.0.0.1', $W2)" 2>&1) || fail "citus_disable_node: $out"
grep -q "NOTICE: .*127.0.0.1:$W2 holds 4 shard placements" <<<"$out" || fail "no notice about the shards: $out"
expect "$C" "SELECT isactive FROM pg_dist_node WHERE nodeid = $W2_ID" f
expect "$C" "SELECT node_port FROM citus_get_active_worker_nodes()" "$W1"
expect "$C" "SELECT count(*) FROM pg_dist_placement WHERE groupid = (SELECT groupid FROM pg_dist_node WHERE nodeid = $W2_ID)" 4
expect "$C" "SELECT string_agg(code, ',' ORDER BY code) FROM rates" "EUR,JPY,USD"
expect "$C" "INSERT INTO rates VALUES ('GBP', 1.2) RETURNING code" GBP
expect "$C" "UPDATE rates SET rate = 1.15 WHERE code = 'EUR' RETURNING rate" 1.15
expect "$C" "DELETE FROM rates WHERE code = 'JPY' RETURNING code" JPY
sql "$C" -c "ALTER TABLE rates ADD COLUMN note text DEFAULT 'n'" >/dev/null || fail "DDL on the reference table"
sql "$C" -c "CREATE TABLE codes (code text PRIMARY KEY); INSERT INTO codes VALUES ('a'), ('b');
             SELECT create_reference_table('codes')" >/dev/null || fail "create_reference_table while disabled"
sql "$C" -c "CREATE TABLE later (id int PRIMARY KEY); SELECT create_distributed_table('later', 'id', shard_count => 4)" \
    >/dev/null || fail "create_distributed_table while disabled"
expect "$C" "SELECT DISTINCT n.nodeport FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid)
             JOIN pg_dist_node n USING (groupid) WHERE s.logicalrelid = 'later'::regclass" "$W1"
expect "$C" "SELECT o.amount FROM orders o JOIN rates r USING (code) WHERE o.tenant_id = $LIVE AND o.id = 1" $((LIVE * 10 + 1))
expect "$C" "INSERT INTO orders VALUES ($LIVE, 100, 1, 'GBP') RETURNING id" 100
expect_error "SELECT count(*) FROM orders WHERE tenant_id = $DEAD" "node 127.0.0.1:$W2 is disabled"
expect_error "INSERT INTO orders VALUES ($DEAD, 100, 1, 'EUR')" "node 127.0.0.1:$W2 is disabled"
expect_error "SELECT count(*) FROM orders" "node 127.0.0.1:$W2 is disabled"
expect_error "UPDATE orders SET amount = amount + 1" "node 127.0.0.1:$W2 is disabled"
expect_error "COPY orders FROM PROGRAM 'echo $DEAD,101,1,EUR' WITH (FORMAT csv)" "node 127.0.0.1:$W2 is disabled"
expect_error "SELECT citus_disable_node('127.0.0.1', $W1)" "holds the only copy of a reference table"
sql "$C" -c "CREATE SCHEMA sx" >/dev/null
expect_error "ALTER SCHEMA sx RENAME TO sy" "cannot run this statement while node 127.0.0.1:$W2 is disabled"
# Role statements: what citus_activate_node redoes on worker 2 runs, the rest is refused.
sql "$C" -c "CREATE ROLE clerk LOGIN CONNECTION LIMIT 3; CREATE ROLE staff; GRANT staff TO clerk;
             ALTER ROLE clerk CONNECTION LIMIT 7; ALTER GROUP staff ADD USER operator;
             ALTER ROLE operator SET work_mem = '8MB'" >/dev/null ||
    fail "role statements activation redoes, while a node is disabled"
for statement in "DROP ROLE auditors" "ALTER ROLE auditors RENAME TO auditors2" \
    "REVOKE auditors FROM operator" "ALTER GROUP auditors DROP USER operator" \
    "REVOKE ADMIN OPTION FOR staff FROM clerk" \
    "ALTER ROLE operator IN DATABASE postgres SET work_mem = '8MB'" \
    "REASSIGN OWNED BY operator TO postgres" "DROP OWNED BY operator"; do
    expect_error "$statement" "cannot run this statement while node 127.0.0.1:$W2 is disabled"
done
expect "$C" "SELECT count(*) FROM pg_roles WHERE rolname = 'auditors'" 1
expect_error "SELECT citus_activate_node('127.0.0.1', $W2)" "127.0.0.1:$W2"
expect "$C" "SELECT isactive FROM pg_dist_node WHERE nodeid = $W2_ID" f

step "3. worker 2 back and activated: fresh reference copies, foreign keys, its shards answer"
start_worker2
expect "$C" "SELECT citus_activate_node('127.0.0.1', $W2)" "$W2_ID"
expect "$C" "SELECT isactive FROM pg_dist_node WHERE nodeid = $W2_ID" t
for table in rates codes; do
    [ "$(reference_copy $table "$W2")" = "$(reference_copy $table "$W1")" ] ||
        fail "$table differs: worker 2 $(reference_copy $table "$W2"), worker 1 $(reference_copy $table "$W1")"
done
expect "$C" "SELECT count(*) FROM pg_dist_placement WHERE groupid = (SELECT groupid FROM pg_dist_node WHERE nodeid = $W2_ID)" 6
# The roles made and changed while it was disabled are there as on the coordinator; role
# statements reach it again.
roles_query="SELECT string_agg(r.rolname || ':' || r.rolcanlogin::text || ':' || r.rolconnlimit || ':' ||
    coalesce((SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_auth_members m
              JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid), ''), ' ' ORDER BY r.rolname)
    FROM pg_roles r WHERE r.rolname IN ('operator', 'auditors', 'clerk', 'staff')"
expect "$C" "$roles_query" "auditors:false:-1: clerk:true:7:staff operator:true:-1:auditors,staff staff:false:-1:"
expect "$W2" "$roles_query" "$(sql "$C" -c "$roles_query")"
settings_query="SELECT array_to_string(setconfig, ',') FROM pg_db_role_setting s
    JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = 'operator' AND s.setdatabase = 0"
expect "$W2" "$settings_query" "work_mem=8MB"
expect "$C" "REVOKE staff FROM clerk; DROP ROLE clerk; SELECT count(*) FROM pg_roles WHERE rolname = 'clerk'" 0
expect "$W2" "SELECT count(*) FROM pg_roles WHERE rolname = 'clerk'" 0
expect "$W2" "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text LIKE 'orders\\_%'" 4
expect "$C" "SELECT count(*) FROM orders WHERE tenant_id = $DEAD" 5
expect_error "INSERT INTO orders VALUES ($DEAD, 100, 1, 'JPY')" "violates foreign key constraint"
expect "$C" "INSERT INTO orders VALUES ($DEAD, 100, 1, 'GBP') RETURNING id" 100
expect "$C" "SELECT count(*) FROM orders" 202
expect "$C" "SET client_min_messages = warning; SELECT master_disable_node('127.0.0.1', $W2)" ""
expect "$C" "SELECT master_activate_node('127.0.0.1', $W2)" "$W2_ID"
expect "$C" "SELECT count(*) FROM orders o JOIN rates r USING (code)" 202
[ "$(reference_copy rates "$W2")" = "$(reference_copy rates "$W1")" ] || fail "rates differs after a second activation"

step "4. COMMIT PREPARED fails on worker 2: resolved soon after it is back, by the maintenance worker"
(
    for _ in $(seq 1 600); do
        [ -f "$OUTDIR/armed" ] && [ "$(prepared "$W2" 2>/dev/null)" = 1 ] && break
        sleep 0.02
    done
    stop_worker2
) &
killer=$!
out=$(sql "$C" 2>&1 <<SQL
SET tessera.test_fault = 'pause_before_commit_prepared';
BEGIN;
UPDATE orders SET amount = amount + 1 WHERE tenant_id IN ($LIVE, $DEAD) AND id = 1;
\! touch $OUTDIR/armed
COMMIT;
SQL
) || fail "the transaction failed: $out"
wait "$killer" || true
grep -q "WARNING: .*could not commit prepared transaction .*127.0.0.1:$W2" <<<"$out" ||
    fail "no warning for the COMMIT PREPARED that could not be sent: $out"
sleep 2 # a few retries fail while the worker is down
start_worker2
resolved=
for i in $(seq 1 150); do
    if [ "$(prepared "$W2")" = 0 ]; then
        resolved=$i
        break
    fi
    sleep 0.1
done
[ -n "$resolved" ] || fail "the prepared transaction on worker 2 is still there 15 s after its restart"
echo "resolved about $((resolved / 10)).$((resolved % 10)) s after the restart"
expect "$C" "SELECT sum(amount) FROM orders WHERE tenant_id IN ($LIVE, $DEAD) AND id = 1" $((LIVE * 10 + DEAD * 10 + 4))
expect "$C" "SELECT count(*) FROM pg_dist_transaction" 0

step "5. failover: citus_update_node to a copy of worker 2 on a new port"
NEW_PORT=$((C + 3)) # reserved for this test (TEST_CLUSTER_SPARE_PORTS=1)
port_in_use "$NEW_PORT" && fail "port $NEW_PORT, reserved for the copy of worker 2, is in use"
# The failover, run from inside a session that has an idle connection to worker 2: a copy of
# worker 2 (pg_basebackup; the old server keeps running) starts on NEW_PORT and the node is
# pointed at it.
cat >"$OUTDIR/failover.sh" <<EOF
#!/usr/bin/env bash
set -e
source "$ROOT/scripts/lib.sh"
mkdir -p "$COPY_DIR"
is_root && chown postgres:postgres "$COPY_DIR"
as_pg_user "$BINDIR/pg_basebackup" -h 127.0.0.1 -p $W2 -U postgres -D "$COPY_DIR/data" -X stream -c fast
as_pg_user "$BINDIR/pg_ctl" start -D "$COPY_DIR/data" -l "$COPY_DIR/logfile" -o "-p $NEW_PORT" -w >/dev/null
"$BINDIR/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $C -U postgres -d regression \
    -c "SELECT citus_update_node($W2_ID, '127.0.0.1', $NEW_PORT)" >/dev/null
EOF
# Connections of coordinator sessions on the old server of worker 2, printed as "old|N".
cat >"$OUTDIR/old_connections.sh" <<EOF
#!/usr/bin/env bash
"$BINDIR/psql" -X -At -h 127.0.0.1 -p $W2 -U postgres -d regression \
    -c "SELECT 'old', count(*) FROM pg_stat_activity WHERE application_name LIKE 'tessera:%'"
EOF
out=$(sql "$C" 2>&1 <<SQL
SELECT 'before', count(*) FROM orders WHERE tenant_id = $DEAD;
\! bash $OUTDIR/old_connections.sh
\! bash $OUTDIR/failover.sh
INSERT INTO orders VALUES ($DEAD, 200, 1, 'EUR');
SELECT 'after', count(*) FROM orders WHERE tenant_id = $DEAD;
\! bash $OUTDIR/old_connections.sh
SQL
) || fail "the session across the failover failed: $out"
echo "$out"
grep -qx "before|6" <<<"$out" || fail "the session's first read"
grep -qx "old|1" <<<"$out" || fail "the session had no cached connection to worker 2 to begin with"
grep -qx "after|7" <<<"$out" || fail "the session's write after citus_update_node"
grep -qx "old|0" <<<"$out" || fail "the session kept its connection to the old address"
[ "$(nodes_catalog | grep -c "|$NEW_PORT|")" = 1 ] || fail "pg_dist_node: $(nodes_catalog)"
shard=$(sql "$C" -c "SELECT get_shard_id_for_distribution_column('orders', $DEAD)")
expect "$NEW_PORT" "SELECT count(*) FROM orders_$shard WHERE tenant_id = $DEAD" 7
expect "$W2" "SELECT count(*) FROM orders_$shard WHERE tenant_id = $DEAD" 6
expect "$C" "INSERT INTO rates VALUES ('CHF', 1.05) RETURNING code" CHF
rates_shard=$(sql "$C" -c "SELECT shardid FROM pg_dist_shard WHERE logicalrelid = 'rates'::regclass")
expect "$NEW_PORT" "SELECT count(*) FROM rates_$rates_shard WHERE code = 'CHF'" 1
expect "$W2" "SELECT count(*) FROM rates_$rates_shard WHERE code = 'CHF'" 0
expect "$C" "SELECT count(*) FROM orders" 203
expect "$C" "SELECT recover_prepared_transactions()" 0
expect "$NEW_PORT" "SELECT count(*) FROM pg_prepared_xacts" 0
# Back to the original address (the copy stops), so the cluster script finds its nodes.
node_ctl stop -D "$COPY_DIR/data" -m fast -w >/dev/null
expect "$C" "SELECT citus_update_node($W2_ID, '127.0.0.1', $W2)" ""

crashes=$(test_cluster_crashes | grep -v "immediate" || true)
[ -z "$crashes" ] || fail "server crash: $crashes"
echo "node_maintenance: all passed"
