# Shared by the benchmarks that compare Tessera with vanilla PostgreSQL (sourced, not run).
# With PORT and KEEP set: start_clusters starts a Tessera cluster on PORT..PORT+2 and a vanilla
# server on VPORT = PORT+10 (both scripts/cluster --fast), and destroys both on exit unless
# KEEP=1. psql_at PORT ... runs psql against one of them.

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

tessera() {
    bash "$BENCH_ROOT/scripts/cluster" --port "$PORT" --dir "/tmp/tessera-bench-$PORT" --fast -q "$@"
}

vanilla() {
    bash "$BENCH_ROOT/scripts/cluster" --port "$VPORT" --dir "/tmp/tessera-bench-$VPORT" --fast -q \
        --vanilla --workers 0 "$@"
}

bench_cleanup() {
    if [ "$KEEP" -eq 0 ]; then
        tessera destroy >/dev/null 2>&1 || true
        vanilla destroy >/dev/null 2>&1 || true
    fi
}

start_clusters() {
    VPORT=$((PORT + 10))
    trap bench_cleanup EXIT
    tessera start >/dev/null
    vanilla start >/dev/null
    export PGOPTIONS="-c client_min_messages=warning"
}

# Options of the pgbench benchmarks (select_only.sh, tpcb.sh), over the defaults the script set
# in PORT, SCALE, CLIENTS, SECONDS_RUN and KEEP.
parse_pgbench_options() {
    while [ $# -gt 0 ]; do
        case "$1" in
            --port) PORT=$2; shift 2 ;;
            --scale) SCALE=$2; shift 2 ;;
            --clients) CLIENTS=$2; shift 2 ;;
            --seconds) SECONDS_RUN=$2; shift 2 ;;
            --keep) KEEP=1; shift ;;
            *) echo "usage: $0 [--port BASE] [--scale S] [--clients C] [--seconds T] [--keep]" >&2
               exit 2 ;;
        esac
    done
}
PGBENCH=/usr/lib/postgresql/15/bin/pgbench

psql_at() { psql -X -q -h 127.0.0.1 -p "$1" -U postgres -d postgres -v ON_ERROR_STOP=1 "${@:2}"; }

# The ratio a / b with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
