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

test_script_begin read-failover "${1:-$BUILD_DIR/test/read_failover}"
sql() { "$BINDIR/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$C" -U postgres -d regression "$@"; }
node_ctl() { as_pg_user "$BINDIR/pg_ctl" "$@"; }

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
    echo "$out" | grep -q "could not connect to node" || fail "unclear error with $worker down: $out"
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
echo "read_failover: all checks passed"
