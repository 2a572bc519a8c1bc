# shellcheck shell=bash
# A throw-away test cluster (coordinator + N workers, --fast, free ports, temporary directory),
# shared by test/regress/run_suite.sh and test/differential/run.sh. Source scripts/lib.sh first.
#
#   test_cluster_start TAG START_LOG   start it (dir /tmp/tessera-TAG.XXXXXX); sets
#                                      TEST_CLUSTER_DIR and TEST_CLUSTER_BASE (coordinator port;
#                                      workers BASE+1..BASE+N); returns non-zero on failure
#   test_cluster_stop [LOG_DIR]        stop it, copy node logs to LOG_DIR/<node>.log, remove the
#                                      directory (kept with TESSERA_KEEP_CLUSTER=1), free the ports
#   test_cluster_crashes               print crash lines (signal, PANIC, TRAP) from the node logs
#   test_cluster_error_logs            print the tail of every node log that has errors
#
# Settings (set before test_cluster_start): TEST_CLUSTER_WORKERS (2), TEST_CLUSTER_DB
# (regression), TEST_CLUSTER_SPARE_PORTS (0): ports reserved after the last worker's, for servers
# a test starts itself (BASE+N+1 ...); no other test can take them while this one runs.
# TESSERA_INITDB_CACHE (/tmp/tessera-initdb-cache): where scripts/cluster keeps one initdb output
# per PostgreSQL installation, copied for every node instead of running initdb again.

TEST_CLUSTER_WORKERS="${TEST_CLUSTER_WORKERS:-2}"
TEST_CLUSTER_SPARE_PORTS="${TEST_CLUSTER_SPARE_PORTS:-0}"
TEST_CLUSTER_DB="${TEST_CLUSTER_DB:-regression}"
TEST_CLUSTER_DIR=""
TEST_CLUSTER_BASE=""

test_cluster_cmd() {
    TESSERA_INITDB_CACHE="${TESSERA_INITDB_CACHE:-/tmp/tessera-initdb-cache}" \
        "$TESSERA_ROOT/scripts/cluster" --workers "$TEST_CLUSTER_WORKERS" --dir "$TEST_CLUSTER_DIR" \
        --db "$TEST_CLUSTER_DB" --fast -q "$@"
}

test_cluster_start() {
    local tag=$1 start_log=$2 attempt
    TEST_CLUSTER_DIR="$(mktemp -d "/tmp/tessera-$tag.XXXXXX")"
    # If another program grabs one of our ports in the meantime, try new ones.
    for attempt in 1 2 3; do
        find_free_ports $((TEST_CLUSTER_WORKERS + 1 + TEST_CLUSTER_SPARE_PORTS))
        TEST_CLUSTER_BASE=$FREE_BASE_PORT
        if test_cluster_cmd --port "$TEST_CLUSTER_BASE" start >"$start_log" 2>&1; then
            return 0
        fi
        if [ "$attempt" -lt 3 ] && grep -qs "Address already in use" "$TEST_CLUSTER_DIR"/*/logfile; then
            log "port clash at $TEST_CLUSTER_BASE; retrying with other ports"
            test_cluster_cmd --port "$TEST_CLUSTER_BASE" stop >/dev/null 2>&1 || true
            rm -rf "${TEST_CLUSTER_DIR:?}"/*
            release_ports
            continue
        fi
        cat "$start_log" >&2
        return 1
    done
}

test_cluster_stop() {
    local logdir=${1:-} f
    if [ -n "$TEST_CLUSTER_BASE" ]; then
        test_cluster_cmd --port "$TEST_CLUSTER_BASE" stop >/dev/null 2>&1 || true
    fi
    if [ -n "$TEST_CLUSTER_DIR" ]; then
        if [ -n "$logdir" ]; then
            mkdir -p "$logdir"
            for f in "$TEST_CLUSTER_DIR"/*/logfile; do
                [ -f "$f" ] && cp "$f" "$logdir/$(basename "$(dirname "$f")").log"
            done
        fi
        if [ "${TESSERA_KEEP_CLUSTER:-0}" = 1 ]; then
            log "cluster directory kept: $TEST_CLUSTER_DIR"
        else
            rm -rf "$TEST_CLUSTER_DIR"
        fi
    fi
    release_ports
}

test_cluster_crashes() {
    [ -n "$TEST_CLUSTER_DIR" ] || return 0
    grep -hE "terminated by signal|PANIC:|TRAP:" "$TEST_CLUSTER_DIR"/*/logfile 2>/dev/null || true
}

test_cluster_error_logs() {
    local f
    [ -n "$TEST_CLUSTER_DIR" ] || return 0
    for f in "$TEST_CLUSTER_DIR"/*/logfile; do
        if grep -qE "ERROR|FATAL|PANIC|TRAP|terminated" "$f"; then
            echo "==== $(basename "$(dirname "$f")") log (last 40 lines) ===="
            tail -n 40 "$f"
        fi
    done
}

# For cluster test scripts: starts a throw-away cluster (coordinator + 2 workers, database
# regression) named NAME, writing into OUTDIR, and stops it (printing the servers' errors when the
# script fails) however the script ends. Defines OUTDIR, BINDIR, the ports C (coordinator), W1 and
# W2 (workers), and fail, step and sql for the script.
test_script_begin() {
    local name=$1
    OUTDIR=$2
    mkdir -p "$OUTDIR"
    BINDIR="$(pg_bindir)"
    TEST_CLUSTER_WORKERS=2
    TEST_CLUSTER_DB=regression
    trap test_script_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    test_cluster_start "$name" "$OUTDIR/cluster-start.log" || die "could not start the test cluster"
    C=$TEST_CLUSTER_BASE
    W1=$((C + 1))
    W2=$((C + 2))
}

# psql on the node at PORT of a test script's cluster: -X -q, stop on error, unaligned tuples.
sql() {
    local port=$1
    shift
    "$BINDIR/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d regression "$@"
}

# EXIT trap of test_script_begin.
test_script_cleanup() {
    local rc=$?
    trap - EXIT
    if [ "$rc" -ne 0 ]; then
        test_cluster_error_logs || true
    fi
    test_cluster_stop "$OUTDIR/logs"
    exit "$rc"
}

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "---- $*"; }
