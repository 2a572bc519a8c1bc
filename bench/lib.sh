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

# Data directories of the Tessera cluster's nodes and of the vanilla server (scripts/cluster
# layout: DIR/<node>/data).
tessera_dirs() { ls -d "/tmp/tessera-bench-$PORT"/*/data; }
vanilla_dirs() { echo "/tmp/tessera-bench-$VPORT/coordinator/data"; }

# CPU seconds (user + system) used by the servers whose data directories are given: their
# postmasters and every backend that has exited (the postmaster reaps them), read from /proc.
server_cpu_seconds() {
    local total=0 dir pid
    for dir in "$@"; do
        pid=$(head -1 "$dir/postmaster.pid")
        total=$(awk -v t="$total" -v hz="$(getconf CLK_TCK)" \
            '{ sub(/^.*\) /, ""); printf "%.3f", t + ($12 + $13 + $14 + $15) / hz }' "/proc/$pid/stat")
    done
    echo "$total"
}

# Runs pgbench (arguments: PORT, then pgbench options) against one cluster and prints
# "TPS CPU_SERVERS CPU_PGBENCH" where the CPU figures are microseconds per transaction: the
# servers' (the data directories in SERVER_DIRS) and pgbench's own. On a machine shared with
# other work, CPU per transaction moves much less than TPS does.
pgbench_with_cpu() {
    local port=$1 out before after times
    shift
    out=$(mktemp) times=$(mktemp)
    before=$(server_cpu_seconds "${SERVER_DIRS[@]}")
    { TIMEFORMAT='%U %S'; time $PGBENCH "$@" -h 127.0.0.1 -p "$port" -U postgres postgres \
        >"$out" 2>/dev/null; } 2>"$times"
    sleep 1 # the backends exit after pgbench disconnects
    after=$(server_cpu_seconds "${SERVER_DIRS[@]}")
    awk -v b="$before" -v a="$after" -v times="$(cat "$times")" '
        /^tps/ && !tps { tps = int($3) }
        /number of transactions actually processed/ { split($0, f, ": "); n = f[2] + 0 }
        END { split(times, t, " ");
              printf "%d %.1f %.1f\n", tps, (a - b) * 1e6 / n, (t[1] + t[2]) * 1e6 / n }' "$out"
    rm -f "$out" "$times"
}

# Prints the result lines of one measurement: TPS of both and their ratio, then CPU per
# transaction of both (servers plus pgbench) and the ratio vanilla/tessera.
report_pgbench() { # label tessera_result vanilla_result
    awk -v label="$1" -v t="$2" -v v="$3" 'BEGIN {
        split(t, a, " "); split(v, b, " ");
        printf "%s: tessera %d tps, vanilla %d tps, ratio %.2f\n", label, a[1], b[1], a[1] / b[1];
        printf "  cpu per transaction: tessera %.0f us (servers %.1f, pgbench %.1f), vanilla %.0f us (server %.1f, pgbench %.1f), ratio %.2f\n",
               a[2] + a[3], a[2], a[3], b[2] + b[3], b[2], b[3], (b[2] + b[3]) / (a[2] + a[3]) }'
}
