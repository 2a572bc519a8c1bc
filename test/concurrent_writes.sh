#!/usr/bin/env bash
# ctest concurrent_writes: writes that reach several placements at once, run by concurrent
# clients on the same rows, end as in PostgreSQL: no lost update, and no wait cycle across nodes
# (each would hold the rows on one node and wait on the other until the distributed lock
# timeout, 30 s). Updates of one reference table row, UPDATEs across all shards of a distributed
# table mixed with single-row ones, UPDATE ... FROM computed on the coordinator first mixed with
# single-row ones, INSERT ... SELECT into a reference table, and autocommit single-shard writes
# through each protocol and in a pipeline, and cancelled after their node committed.
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
    grep -q "number of failed transactions: 0 " <<<"$out" ||
        fail "failed transactions in $(basename "$script") ($3): $out"
    grep -q "actually processed: $((4 * transactions))/" <<<"$out" ||
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

step "UPDATE ... FROM through the rows' keys, with concurrent single-row UPDATEs"
# A join that is not on the distribution column: the rows' keys and new values are computed on
# the coordinator first, then written; single-row increments committed in between must not be
# overwritten with values computed from the rows before them (lost updates). One client runs
# the UPDATE ... FROM (two at once would each wait for the other's table lock: a deadlock, as
# in PostgreSQL when two sessions upgrade their locks), three the single-row UPDATEs.
sql -c "CREATE TABLE bumps (id int PRIMARY KEY, inc int NOT NULL);
        SELECT create_distributed_table('bumps', 'id');
        INSERT INTO bumps VALUES (1, 100), (5, 100);" >/dev/null
before=$(sql -c "SELECT sum(v) FROM counters WHERE tenant = 1")
echo "UPDATE counters SET v = v + 1 WHERE tenant = 1 AND id = 1;" >"$WORK/single_row.sql"
echo "UPDATE counters c SET v = c.v + b.inc FROM bumps b WHERE b.id = c.id AND c.tenant = 1;" \
    >"$WORK/keyed_from.sql"
for mode in simple prepared; do
    PGOPTIONS="-c tessera.distributed_lock_timeout=10000" "$BINDIR/pgbench" -n -M "$mode" -c 3 \
        -t 100 -f "$WORK/single_row.sql" -h 127.0.0.1 -p "$C" -U postgres regression \
        >"$WORK/single_row.out" 2>&1 &
    bench_pid=$!
    out=$(PGOPTIONS="-c tessera.distributed_lock_timeout=10000" "$BINDIR/pgbench" -n -M "$mode" \
        -c 1 -t 100 -f "$WORK/keyed_from.sql" -h 127.0.0.1 -p "$C" -U postgres regression 2>&1) ||
        fail "pgbench keyed_from.sql ($mode) failed: $out"
    wait "$bench_pid" || fail "pgbench single_row.sql ($mode) failed: $(cat "$WORK/single_row.out")"
    for result in "$out" "$(cat "$WORK/single_row.out")"; do
        grep -q "number of failed transactions: 0 " <<<"$result" ||
            fail "failed transactions with UPDATE ... FROM ($mode): $result"
    done
done
after=$(sql -c "SELECT sum(v) FROM counters WHERE tenant = 1")
[ $((after - before)) = $((2 * (300 + 100 * 200))) ] ||
    fail "lost updates with UPDATE ... FROM: counters of tenant 1 went from $before to $after, expected +$((2 * (300 + 100 * 200)))"

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
step "single-row updates of different reference table rows, with whole-table writes"
# Updates naming one row by its primary key only lock that key on the coordinator, so clients
# updating different rows run at once; statements that read other rows (and the deletes and
# inserts of the same keys) still exclude them. Every copy must end the same, nothing lost.
# (Each transaction updates its two rows in key order, or it could deadlock as in PostgreSQL.)
sql -c "CREATE TABLE tellers (id int PRIMARY KEY, balance bigint NOT NULL, note text);
        INSERT INTO tellers SELECT g, 0, '' FROM generate_series(1, 6) g;
        SELECT create_reference_table('tellers');" >/dev/null
cat >"$WORK/keyed.sql" <<'S'
\set a random(1, 6)
\set b random(1, 6)
\set first least(:a, :b)
\set second greatest(:a, :b)
BEGIN;
UPDATE tellers SET balance = balance + 1 WHERE id = :first;
UPDATE tellers SET note = note || 'x' WHERE id = :second AND balance > 0;
COMMIT;
UPDATE tellers SET balance = balance + 100 WHERE balance >= 0 AND id = (SELECT min(id) FROM tellers);
DELETE FROM tellers WHERE id = 7;
INSERT INTO tellers VALUES (7, 0, '') ON CONFLICT (id) DO NOTHING;
S
for mode in simple prepared; do bench "$WORK/keyed.sql" 50 "$mode"; done
copies=$(sql -c "SELECT count(DISTINCT result) FROM run_command_on_placements('tellers',
    \$\$SELECT string_agg(id || ':' || balance || ':' || note, ',' ORDER BY id) FROM %s\$\$)")
[ "$copies" = 1 ] || fail "reference table copies differ: $(sql -c "SELECT result FROM
    run_command_on_placements('tellers', \$\$SELECT string_agg(id || ':' || balance, ',' ORDER BY id) FROM %s\$\$)")"
[ "$(sql -c "SELECT sum(balance) FROM tellers")" = $((400 + 400 * 100)) ] ||
    fail "lost updates of tellers: $(sql -c "TABLE tellers")"
step "autocommit single-shard writes: one round trip per protocol; a pipeline keeps its block"
# A statement that is the client's whole autocommit transaction goes without BEGIN / COMMIT and
# commits on its node: in a simple Query, and in an Execute the client's Sync follows. Several
# statements pipelined before one Sync are one transaction (a JDBC batch): there the write stays
# in a remote transaction block, and the failing statement after it rolls it back.
echo "INSERT INTO counters VALUES (2, 100 + :client_id, 0);" >"$WORK/one_insert.sql"
for mode in simple extended prepared; do
    sql -c "DELETE FROM counters WHERE tenant = 2 AND id >= 100" >/dev/null
    out=$(PGOPTIONS="-c citus.log_remote_commands=on" "$BINDIR/pgbench" -n -M "$mode" -c 1 -t 1 \
        -f "$WORK/one_insert.sql" -h 127.0.0.1 -p "$C" -U postgres regression 2>&1) ||
        fail "pgbench one_insert.sql ($mode) failed: $out"
    grep -q "issuing SELECT pg_catalog.set_config('lock_timeout'" <<<"$out" ||
        fail "no lock timeout for the node's own transaction ($mode): $out"
    if grep -q "issuing BEGIN\|issuing COMMIT" <<<"$out"; then
        fail "an autocommit single-shard INSERT went in a transaction block ($mode): $out"
    fi
    [ "$(sql -c "SELECT count(*) FROM counters WHERE tenant = 2 AND id >= 100")" = 1 ] ||
        fail "the autocommit INSERT ($mode) was not written"
done
printf '%s\n' '\startpipeline' "INSERT INTO counters VALUES (2, 200, 0);" "SELECT 1/0;" \
    '\endpipeline' >"$WORK/pipeline.sql"
out=$(PGOPTIONS="-c citus.log_remote_commands=on" "$BINDIR/pgbench" -n -M extended -c 1 -t 1 \
    -f "$WORK/pipeline.sql" -h 127.0.0.1 -p "$C" -U postgres regression 2>&1) || true
grep -q "division by zero" <<<"$out" || fail "the pipeline did not fail: $out"
grep -q "issuing BEGIN TRANSACTION" <<<"$out" || fail "a pipelined write went without BEGIN: $out"
[ "$(sql -c "SELECT count(*) FROM counters WHERE tenant = 2 AND id = 200")" = 0 ] ||
    fail "a write pipelined before a failing statement was kept"
step "a cancel after the node committed an autocommit write is not reported"
# The node commits such a write by itself: a statement_timeout firing while the coordinator still
# returns the RETURNING rows must not report an error for it (PostgreSQL either rolls the
# statement back or, once it commits, ignores the cancel). The timeouts sweep the statement's
# duration, so some fire while the node runs it (an error, nothing written) and some after.
sql <<'SQL'
CREATE TABLE bulk (tenant int, id int, n int);
SELECT create_distributed_table('bulk', 'tenant');
INSERT INTO bulk SELECT 2, g, 0 FROM generate_series(1, 60000) g;
VACUUM bulk;
SQL
update="UPDATE bulk SET n = n + 1 WHERE tenant = 2 RETURNING tenant, id, n"
start=$(date +%s%N)
sql -c "$update" >/dev/null
ms=$((($(date +%s%N) - start) / 1000000))
for pct in 40 45 50 55 60 65 70 75 80 85 90 95; do
    printf '%s\n' "VACUUM bulk;" "SELECT max(n) AS before FROM bulk \\gset" \
        "SET statement_timeout = $((ms * pct / 100 + 1));" "$update \\g /dev/null" \
        "\\set failed :ERROR" "RESET statement_timeout;" \
        "SELECT '$pct', :'failed'::bool, max(n) - :before FROM bulk;"
done >"$WORK/timeouts.sql"
out=$("$BINDIR/psql" -X -q -At -F ' ' -h 127.0.0.1 -p "$C" -U postgres -d regression \
    -f "$WORK/timeouts.sql" 2>/dev/null)
if grep -q "^[0-9]* t 1$" <<<"$out"; then
    fail "an error for a committed autocommit write (percent of $ms ms, error, rows written): $out"
elif grep -q "^[0-9]* f 0$" <<<"$out"; then
    fail "an autocommit write succeeded without writing: $out"
fi
echo "concurrent_writes: all checks passed"
