#!/usr/bin/env bash
# ctest concurrent_writes: writes that reach several placements at once, run by concurrent
# clients on the same rows, end as in PostgreSQL: no lost update, and no wait cycle across nodes
# (each would hold the rows on one node and wait on the other until the distributed lock
# timeout, 30 s). Updates of one reference table row, UPDATEs across all shards of a distributed
# table mixed with single-row ones, and INSERT ... SELECT into a reference table.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=test_cluster.sh
source "$ROOT/test/test_cluster.sh"

test_script_begin concurrent-writes "${1:-$BUILD_DIR/test/concurrent_writes}"
sql() { "$BINDIR/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$C" -U postgres -d regression "$@"; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' RETURN

# Runs pgbench with script $1 (-t transactions per client, 4 clients); fails on any failed or
# aborted transaction. A lock wait cycle across nodes would end in lock timeouts after 30 s,
# so the statements also run under a 10 s lock timeout.
bench() {
    local script=$1 transactions=$2 out
    out=$(PGOPTIONS="-c tessera.distributed_lock_timeout=10000" "$BINDIR/pgbench" -n -f "$script" \
        -M "$3" -c 4 -j 2 -t "$transactions" -h 127.0.0.1 -p "$C" -U postgres regression 2>&1) ||
        fail "pgbench $(basename "$script") ($3) failed: $out"
    echo "$out" | grep -q "number of failed transactions: 0 " ||
        fail "failed transactions in $(basename "$script") ($3): $out"
    echo "$out" | grep -q "actually processed: $((4 * transactions))/" ||
        fail "not every transaction of $(basename "$script") ($3) ran: $out"
}

sql <<'SQL'
CREATE TABLE settings (k int PRIMARY KEY, v bigint NOT NULL);
INSERT INTO settings SELECT g, 0 FROM generate_series(1, 4) g;
SELECT create_reference_table('settings');
CREATE TABLE counters (tenant int, id int, v bigint NOT NULL, PRIMARY KEY (tenant, id));
INSERT INTO counters SELECT g % 4, g, 0 FROM generate_series(1, 8) g;
SELECT create_distributed_table('counters', 'tenant');
CREATE TABLE log_copy (k int, v bigint);
SELECT create_reference_table('log_copy');
SQL

step "updates of one reference table row"
echo "UPDATE settings SET v = v + 1 WHERE k = 1;" >"$WORK/reference.sql"
for mode in simple prepared; do bench "$WORK/reference.sql" 150 "$mode"; done
[ "$(sql -c "SELECT v FROM settings WHERE k = 1")" = 1200 ] || fail "lost reference table updates"

step "UPDATEs across every shard, mixed with single-row UPDATEs"
cat >"$WORK/across.sql" <<'S'
UPDATE counters SET v = v + 1 WHERE tenant = 1 AND id = 1;
UPDATE counters SET v = v + 10 WHERE id > 0;
S
for mode in simple prepared; do bench "$WORK/across.sql" 50 "$mode"; done
[ "$(sql -c "SELECT string_agg(v::text, ',' ORDER BY id) FROM counters")" = \
    "4400,4000,4000,4000,4000,4000,4000,4000" ] || fail "lost updates: $(sql -c "TABLE counters")"

step "INSERT ... SELECT into a reference table, with UPDATEs of the source"
cat >"$WORK/insert_select.sql" <<'S'
BEGIN;
INSERT INTO log_copy SELECT k, v FROM settings WHERE k = 2;
UPDATE settings SET v = v + 1 WHERE k = 2;
COMMIT;
S
bench "$WORK/insert_select.sql" 50 prepared
[ "$(sql -c "SELECT count(*), count(DISTINCT v), max(v) FROM log_copy")" = "200|200|199" ] ||
    fail "INSERT ... SELECT under concurrency: $(sql -c "SELECT count(*), count(DISTINCT v), max(v) FROM log_copy")"
echo "concurrent_writes: all checks passed"
