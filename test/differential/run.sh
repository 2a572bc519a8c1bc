#!/usr/bin/env bash
# Differential tests: the same queries on distributed tables (schema dist) and on identical local
# tables (schema local) of a fresh throw-away cluster (coordinator + 2 workers); results must be
# equal. See README.md next to this file.
#
#   test/differential/run.sh [options] select|writes|selftest [CORPUS_FILE...]
#   test/differential/run.sh [options] script SCRIPT.py...
#
#   select          corpus select/*.sql (or the files named), dist vs local
#   writes          corpus writes/*.sql: write sequences on both, then every table compared
#   selftest        prove the harness: comparator cases, local vs local, local vs shuffled
#                   (corpus determinism) and local vs mutant (differences must be caught);
#                   needs no distributed tables
#   script          set the schemas up, then run each SCRIPT.py (a path, or a name in the
#                   suite's directory) with --port/--db: checks psql cannot express, such as the
#                   extended protocol (orm/extended_protocol.py, orm/portal_fetch.py); the run
#                   fails if any script fails
#
# options:
#   --local-vs-local   run the corpus on two local copies (no distribution; checks the harness)
#   --port PORT        use the running cluster whose coordinator is on PORT (database --db)
#                      instead of starting one; its schemas local/dist/... are recreated
#   --db NAME          database on an existing cluster (default regression)
#   --no-setup         with --port: keep the schemas as they are (faster reruns)
#   --suite DIR        corpus directory with schema/, select/, writes/ (default: this directory;
#                      `--suite saas` = the multi-tenant SaaS suite in saas/)
#   --output-dir DIR   report.txt and logs/ (default $BUILD_DIR/test/differential/MODE, or
#                      .../SUITE-MODE with --suite)
# TESSERA_KEEP_CLUSTER=1 keeps the cluster directory.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../scripts/lib.sh
source "$HERE/../../scripts/lib.sh"
# shellcheck source=../test_cluster.sh
source "$HERE/../test_cluster.sh"

MODE=""
FILES=()
LOCAL_VS_LOCAL=0
PORT=""
DB=regression
SETUP=1
OUTDIR=""
SUITE=""
while [ $# -gt 0 ]; do
    case "$1" in
        --local-vs-local) LOCAL_VS_LOCAL=1; shift ;;
        --port) PORT="${2:?--port needs a value}"; shift 2 ;;
        --db) DB="${2:?--db needs a value}"; shift 2 ;;
        --no-setup) SETUP=0; shift ;;
        --output-dir) OUTDIR="${2:?--output-dir needs a value}"; shift 2 ;;
        --suite) SUITE="${2:?--suite needs a value}"; shift 2 ;;
        -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        select|writes|selftest|script)
            if [ -z "$MODE" ]; then MODE=$1; else FILES+=("$1"); fi
            shift ;;
        -*) die "unknown option $1" ;;
        *) FILES+=("$1"); shift ;;
    esac
done
[ -n "$MODE" ] || die "usage: run.sh [options] select|writes|selftest [CORPUS_FILE...] | script SCRIPT.py..."
[ "$SETUP" -eq 1 ] || [ -n "$PORT" ] || die "--no-setup needs --port"

SUITE_ARGS=()
if [ -n "$SUITE" ]; then
    [ -d "$SUITE" ] || SUITE="$HERE/$SUITE"
    [ -d "$SUITE/schema" ] || die "no suite $SUITE (a directory with schema/, select/, writes/)"
    SUITE="$(cd "$SUITE" && pwd)"
    SUITE_ARGS=(--suite "$SUITE")
    OUTDIR="${OUTDIR:-$BUILD_DIR/test/differential/$(basename "$SUITE")-$MODE}"
fi
OUTDIR="${OUTDIR:-$BUILD_DIR/test/differential/$MODE}"
mkdir -p "$OUTDIR"
OUTDIR="$(cd "$OUTDIR" && pwd)"
rm -rf "$OUTDIR/logs" "$OUTDIR/report.txt"

BINDIR="$(pg_bindir)"
PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
    if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
DRIVER_PID=""

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$DRIVER_PID" ]; then
        kill -TERM "$DRIVER_PID" 2>/dev/null || true
        wait "$DRIVER_PID" 2>/dev/null || true
    fi
    [ -n "$PORT_GIVEN" ] || test_cluster_stop "$OUTDIR/logs"
    exit "$rc"
}
PORT_GIVEN="$PORT"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "$PORT" ]; then
    TEST_CLUSTER_WORKERS=2
    TEST_CLUSTER_DB=$DB
    test_cluster_start "differential-$MODE" "$OUTDIR/cluster-start.log" ||
        die "could not start the test cluster (logs in $OUTDIR/logs)"
    PORT=$TEST_CLUSTER_BASE
    log "differential $MODE: coordinator $PORT, workers $((PORT + 1)) $((PORT + 2))"
fi

# The driver runs in the background so that a signal reaches our trap at once.
driver() {
    "$PYTHON" "$HERE/differential.py" --port "$PORT" --db "$DB" --psql "$BINDIR/psql" \
        ${SUITE_ARGS[@]+"${SUITE_ARGS[@]}"} "$@" &
    DRIVER_PID=$!
    local rc=0
    wait "$DRIVER_PID" || rc=$?
    DRIVER_PID=""
    return "$rc"
}

rc=0
if [ "$MODE" = selftest ]; then
    driver selftest --output "$OUTDIR/report.txt" "${FILES[@]}" || rc=$?
else
    args=()
    if [ "$LOCAL_VS_LOCAL" -eq 1 ]; then
        args+=(--test-schema local2 --ref-schema local)
        schemas=local,local2
    else
        schemas=local,dist
    fi
    if [ "$SETUP" -eq 1 ]; then
        if ! driver setup --schemas "$schemas" >"$OUTDIR/setup.log" 2>&1; then
            cat "$OUTDIR/setup.log"
            die "setup of the differential schemas failed"
        fi
        cat "$OUTDIR/setup.log"
    fi
    if [ "$MODE" = script ]; then
        [ "${#FILES[@]}" -ge 1 ] || die "script needs a SCRIPT.py"
        : >"$OUTDIR/report.txt"
        for name in "${FILES[@]}"; do
            script="$name"
            [ -f "$script" ] || script="${SUITE:-$HERE}/$script"
            [ -f "$script" ] || die "no script $name"
            # pipefail: the script's status; every script runs, any failure fails the run
            "$PYTHON" "$script" --port "$PORT" --db "$DB" 2>&1 | tee -a "$OUTDIR/report.txt" || rc=$?
        done
    else
        driver "$MODE" "${args[@]}" --output "$OUTDIR/report.txt" "${FILES[@]}" || rc=$?
    fi
fi

if [ -z "$PORT_GIVEN" ]; then
    crashes=$(test_cluster_crashes)
    if [ -n "$crashes" ]; then
        log "server crash(es) during the differential $MODE run:"
        printf '%s\n' "$crashes" >&2
        rc=1
    fi
fi
[ "$rc" -eq 0 ] || log "report: $OUTDIR/report.txt; server logs: $OUTDIR/logs/"
exit "$rc"
