#!/usr/bin/env bash
# pgbench select-only (SELECT abalance FROM pgbench_accounts WHERE aid = :aid) through the
# coordinator on a distributed pgbench_accounts, vs the same pgbench against one vanilla
# PostgreSQL holding the whole table, in one run.
#
#   bench/select_only.sh [--port BASE] [--scale S] [--clients C] [--seconds T] [--keep]
#
# Tessera cluster on BASE..BASE+2 (default 9520), vanilla server on BASE+10. Both get the same
# settings (scripts/cluster --fast). Runs the simple and the prepared protocol, each for T
# seconds (default 15) with C clients (default 8), and prints TPS and the ratio tessera/vanilla.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=9520
SCALE=10
CLIENTS=8
SECONDS_RUN=15
KEEP=0
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"
parse_pgbench_options "$@"
start_clusters

# Same data on both: pgbench's tables; on Tessera pgbench_accounts is distributed by aid.
$PGBENCH -i -q -s "$SCALE" -h 127.0.0.1 -p "$VPORT" -U postgres postgres >/dev/null 2>&1
$PGBENCH -i -q -s "$SCALE" -h 127.0.0.1 -p "$PORT" -U postgres postgres >/dev/null 2>&1
psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "SELECT create_distributed_table('pgbench_accounts', 'aid')" >/dev/null

run() { # port protocol data-directories... -> "tps cpu-servers cpu-pgbench" (see lib.sh)
    local port=$1 protocol=$2
    shift 2
    SERVER_DIRS=("$@")
    pgbench_with_cpu "$port" -n -S -M "$protocol" -c "$CLIENTS" -j 2 -T "$SECONDS_RUN"
}
for protocol in simple prepared; do
    v=$(run "$VPORT" "$protocol" "$(vanilla_dirs)")
    t=$(run "$PORT" "$protocol" $(tessera_dirs))
    report_pgbench "select-only $protocol" "$t" "$v"
done
