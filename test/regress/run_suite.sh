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

CLUSTER_DIR="$(mktemp -d "/tmp/tessera-regress-$SUITE.XXXXXX")"
CLUSTER=("$TESSERA_ROOT/scripts/cluster" --workers "$WORKERS" --dir "$CLUSTER_DIR" --db regression
         --fast -q)
BASE=""
REGRESS_PID=""

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$REGRESS_PID" ]; then
        kill -TERM "$REGRESS_PID" 2>/dev/null || true
        wait "$REGRESS_PID" 2>/dev/null || true
    fi
    if [ -n "$BASE" ]; then
        "${CLUSTER[@]}" --port "$BASE" stop >/dev/null 2>&1 || true
    fi
    mkdir -p "$OUTDIR/logs"
    for f in "$CLUSTER_DIR"/*/logfile; do
        [ -f "$f" ] && cp "$f" "$OUTDIR/logs/$(basename "$(dirname "$f")").log"
    done
    if [ "${TESSERA_KEEP_CLUSTER:-0}" = 1 ]; then
        log "cluster directory kept: $CLUSTER_DIR"
    else
        rm -rf "$CLUSTER_DIR"
    fi
    release_ports
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Start the cluster; if another program grabbed one of our ports in the meantime, try new ones.
for attempt in 1 2 3; do
    find_free_ports $((WORKERS + 1))
    BASE=$FREE_BASE_PORT
    if "${CLUSTER[@]}" --port "$BASE" start >"$OUTDIR/cluster-start.log" 2>&1; then
        break
    fi
    if [ "$attempt" -lt 3 ] && grep -qs "Address already in use" "$CLUSTER_DIR"/*/logfile; then
        log "port clash at $BASE; retrying with other ports"
        "${CLUSTER[@]}" --port "$BASE" stop >/dev/null 2>&1 || true
        rm -rf "${CLUSTER_DIR:?}"/*
        release_ports
        continue
    fi
    cat "$OUTDIR/cluster-start.log" >&2
    die "could not start the test cluster (logs in $OUTDIR/logs)"
done

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
crashes=$(grep -hE "terminated by signal|PANIC:|TRAP:" "$CLUSTER_DIR"/*/logfile || true)
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
    for f in "$CLUSTER_DIR"/*/logfile; do
        if grep -qE "ERROR|FATAL|PANIC|TRAP|terminated" "$f"; then
            echo "==== $(basename "$(dirname "$f")") log (last 40 lines) ===="
            tail -n 40 "$f"
        fi
    done
fi
exit "$rc"
