#!/usr/bin/env bash
# Run one pg_regress suite against a fresh local Tessera cluster (coordinator + 2 workers).
#
#   test/regress/run_suite.sh SUITE [OUTPUT_DIR]
#
# SUITE names test/regress/SUITE_schedule. The cluster gets free ports, lives in a temporary
# directory, uses --fast settings and is always stopped and removed at exit (set
# TESSERA_KEEP_CLUSTER=1 to keep its directory). Results go to OUTPUT_DIR (default
# build/test/regress/SUITE): results/, regression.diffs, regression.out, logs/.
# Tests see the ports as psql variables :coordinator_port, :worker_1_port, :worker_2_port
# (see README.md next to this file).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../scripts/lib.sh
source "$HERE/../../scripts/lib.sh"
# shellcheck source=../test_cluster.sh
source "$HERE/../test_cluster.sh"

SUITE="${1:?usage: run_suite.sh SUITE [OUTPUT_DIR]}"
OUTDIR="${2:-$BUILD_DIR/test/regress/$SUITE}"
SCHEDULE="$HERE/${SUITE}_schedule"
[ -f "$SCHEDULE" ] || die "no schedule $SCHEDULE"
WORKERS=2
TIMEOUT="${TESSERA_REGRESS_TIMEOUT:-900}"

BINDIR="$(pg_bindir)"
PG_REGRESS="$("$PG_CONFIG" --pkglibdir)/pgxs/src/test/regress/pg_regress"
[ -x "$PG_REGRESS" ] || die "pg_regress not found at $PG_REGRESS (install postgresql-server-dev-15)"

mkdir -p "$OUTDIR"
OUTDIR="$(cd "$OUTDIR" && pwd)"
rm -rf "$OUTDIR/results" "$OUTDIR/logs" "$OUTDIR/regression.diffs" "$OUTDIR/regression.out"

BASE=""
REGRESS_PID=""

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$REGRESS_PID" ]; then
        kill -TERM "$REGRESS_PID" 2>/dev/null || true
        wait "$REGRESS_PID" 2>/dev/null || true
    fi
    test_cluster_stop "$OUTDIR/logs"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

TEST_CLUSTER_WORKERS=$WORKERS
TEST_CLUSTER_DB=regression
test_cluster_start "regress-$SUITE" "$OUTDIR/cluster-start.log" ||
    die "could not start the test cluster (logs in $OUTDIR/logs)"
BASE=$TEST_CLUSTER_BASE

export COORDINATOR_PORT=$BASE WORKER_COUNT=$WORKERS
export WORKER_1_PORT=$((BASE + 1)) WORKER_2_PORT=$((BASE + 2))
log "suite $SUITE: coordinator $COORDINATOR_PORT, workers $WORKER_1_PORT $WORKER_2_PORT"

# pg_regress runs in the background so that a signal reaches our trap at once (bash runs traps
# only between foreground commands, but does interrupt `wait`).
rc=0
cd "$OUTDIR"
timeout --kill-after=30 "$TIMEOUT" "$PG_REGRESS" \
    --use-existing --host=127.0.0.1 --port="$BASE" --user=postgres --dbname=regression \
    --bindir="$BINDIR" --launcher="$HERE/psql_launcher.sh" \
    --inputdir="$HERE" --outputdir="$OUTDIR" --schedule="$SCHEDULE" &
REGRESS_PID=$!
wait "$REGRESS_PID" || rc=$?
REGRESS_PID=""
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    log "pg_regress timed out after ${TIMEOUT}s"
fi

# A crashed backend or background worker fails the suite even if every diff was clean.
crashes=$(test_cluster_crashes)
if [ -n "$crashes" ]; then
    log "server crash(es) during suite $SUITE:"
    printf '%s\n' "$crashes" >&2
    rc=1
fi

if [ "$rc" -ne 0 ]; then
    if [ -s "$OUTDIR/regression.diffs" ]; then
        echo "==== $OUTDIR/regression.diffs ===="
        cat "$OUTDIR/regression.diffs"
    fi
    test_cluster_error_logs
fi
exit "$rc"
