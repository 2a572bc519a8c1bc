#!/usr/bin/env bash
# ctest repeatable_read: a REPEATABLE READ transaction keeps one snapshot on every worker for
# its whole life, as on vanilla PostgreSQL: a row another session commits meanwhile stays
# invisible, and updating it fails with a serialization error instead of losing that update.
# And SERIALIZABLE reaches the workers: two transactions of one tenant that each read what the
# other writes (write skew) cannot both commit, as on vanilla PostgreSQL.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=test_cluster.sh
source "$ROOT/test/test_cluster.sh"

test_script_begin repeatable-read "${1:-$BUILD_DIR/test/repeatable_read}"
sql() { "$BINDIR/psql" -X -q -At -h 127.0.0.1 -p "$C" -U postgres -d regression "$@"; }

sql -v ON_ERROR_STOP=1 <<'SQL'
CREATE TABLE accounts (id int PRIMARY KEY, balance int);
INSERT INTO accounts SELECT g, 100 FROM generate_series(1, 10) g;
SELECT create_distributed_table('accounts', 'id');
SQL

# Session A: repeatable read, reads twice around session B's committed update, then writes.
# The two sessions take turns through files, not sleeps, so that a slow (loaded) machine cannot
# reorder them: A reads, then waits for B's commit (at most 60 s), then reads again and writes.
rm -f "$OUTDIR/a_read" "$OUTDIR/b_committed"
sql > "$OUTDIR/session_a.out" 2>&1 <<SQL &
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT 'first', balance FROM accounts WHERE id = 4;
SELECT 'first_sum', sum(balance) FROM accounts;
\\! touch $OUTDIR/a_read
\\! for i in \$(seq 1 600); do [ -e $OUTDIR/b_committed ] && break; sleep 0.1; done
SELECT 'second', balance FROM accounts WHERE id = 4;
SELECT 'second_sum', sum(balance) FROM accounts;
UPDATE accounts SET balance = balance + 1 WHERE id = 4;
COMMIT;
SQL
session_a=$!
for _ in $(seq 1 600); do
    [ -e "$OUTDIR/a_read" ] && break
    sleep 0.1
done
[ -e "$OUTDIR/a_read" ] || fail "session A did not read within 60 s: $(cat "$OUTDIR/session_a.out")"
sql -v ON_ERROR_STOP=1 -c "UPDATE accounts SET balance = balance + 10 WHERE id = 4"
touch "$OUTDIR/b_committed"
wait "$session_a" || true

out=$(cat "$OUTDIR/session_a.out")
echo "$out"
grep -q '^second|100$' <<<"$out" || fail "the repeatable-read transaction saw a later commit"
grep -q '^second_sum|1000$' <<<"$out" || fail "the repeatable-read sum moved"
grep -q 'could not serialize access due to concurrent update' <<<"$out" ||
    fail "the update of a concurrently changed row did not fail"
[ "$(sql -c "SELECT balance FROM accounts WHERE id = 4")" = 110 ] || fail "final balance"

# Write skew within one tenant (one shard, one node): each transaction checks that someone else
# stays on call, then takes itself off. Under REPEATABLE READ both would commit.
sql -v ON_ERROR_STOP=1 <<'SQL'
CREATE TABLE on_call (clinic int, doctor text, on_call bool, PRIMARY KEY (clinic, doctor));
SELECT create_distributed_table('on_call', 'clinic');
INSERT INTO on_call VALUES (7, 'alice', true), (7, 'bob', true);
SQL
rm -f "$OUTDIR/s1_read" "$OUTDIR/s2_read"
skew() { # doctor, own marker file, other's marker file
    sql > "$OUTDIR/skew_$1.out" 2>&1 <<SQL
BEGIN ISOLATION LEVEL SERIALIZABLE;
SELECT 'on_call', count(*) FROM on_call WHERE clinic = 7 AND on_call;
\\! touch $OUTDIR/$2
\\! for i in \$(seq 1 600); do [ -e $OUTDIR/$3 ] && break; sleep 0.1; done
UPDATE on_call SET on_call = false WHERE clinic = 7 AND doctor = '$1';
COMMIT;
SQL
}
skew alice s1_read s2_read &
first=$!
skew bob s2_read s1_read &
second=$!
wait "$first" || true
wait "$second" || true
cat "$OUTDIR/skew_alice.out" "$OUTDIR/skew_bob.out"
grep -q '^on_call|2$' "$OUTDIR/skew_alice.out" || fail "alice's transaction did not read both"
grep -q '^on_call|2$' "$OUTDIR/skew_bob.out" || fail "bob's transaction did not read both"
cat "$OUTDIR/skew_alice.out" "$OUTDIR/skew_bob.out" | grep -q 'could not serialize access' ||
    fail "both serializable transactions committed a write skew"
[ "$(sql -c "SELECT count(*) FROM on_call WHERE on_call")" = 1 ] ||
    fail "one doctor must still be on call"
echo "repeatable_read: all checks passed"
