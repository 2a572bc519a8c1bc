#!/usr/bin/env bash
# pgbench TPC-B-like read-write transactions through the Tessera coordinator vs one vanilla
# PostgreSQL, in one run.
#
#   bench/tpcb.sh [--layout colocated|reference] [--port BASE] [--scale S] [--clients C]
#                 [--seconds T] [--keep]
#
# Layout colocated (the default): pgbench's four tables, all distributed by bid and colocated (primary keys widened to
# include bid: accounts (bid, aid), tellers (bid, tid)); the transaction (bench/tpcb/
# transaction.sql) draws account and teller from one branch and names the branch in every
# statement, so each transaction is routed to one worker and commits there in one phase. Vanilla
# gets the same tables, keys and script. Layout reference: pgbench's own tables, keys and
# built-in TPC-B-like script; accounts and history distributed by aid (colocated), branches and
# tellers reference tables, so every transaction updates rows on every node and commits with
# two-phase commit. Tessera cluster on BASE..BASE+2 (default 9390), vanilla
# on BASE+10; both scripts/cluster --fast. Runs the simple and the prepared protocol for T
# seconds (default 20) with C clients (default 8) and prints TPS and the ratio tessera/vanilla
# (target >= 0.45).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=9390
SCALE=10
CLIENTS=8
SECONDS_RUN=20
KEEP=0
LAYOUT=colocated
ARGS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --layout) LAYOUT=$2; shift 2 ;;
        *) ARGS+=("$1"); shift ;;
    esac
done
case "$LAYOUT" in colocated | reference) ;; *) echo "--layout: colocated or reference" >&2; exit 2 ;; esac
set -- "${ARGS[@]+"${ARGS[@]}"}"
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"
parse_pgbench_options "$@"
SCRIPT="$ROOT/bench/tpcb/transaction.sql"
start_clusters
sql() { psql -X -q -h 127.0.0.1 -p "$1" -U postgres -d postgres -v ON_ERROR_STOP=1 -c "$2" >/dev/null; }

WIDEN_KEYS="ALTER TABLE pgbench_accounts DROP CONSTRAINT pgbench_accounts_pkey,
                ADD PRIMARY KEY (bid, aid);
            ALTER TABLE pgbench_tellers DROP CONSTRAINT pgbench_tellers_pkey,
                ADD PRIMARY KEY (bid, tid);"
for port in "$VPORT" "$PORT"; do
    $PGBENCH -i -q -s "$SCALE" -h 127.0.0.1 -p "$port" -U postgres postgres >/dev/null 2>&1
    [ "$LAYOUT" = reference ] || sql "$port" "$WIDEN_KEYS"
done
if [ "$LAYOUT" = colocated ]; then
    sql "$PORT" "SELECT create_distributed_table('pgbench_branches', 'bid');
                 SELECT create_distributed_table('pgbench_tellers', 'bid', colocate_with => 'pgbench_branches');
                 SELECT create_distributed_table('pgbench_accounts', 'bid', colocate_with => 'pgbench_branches');
                 SELECT create_distributed_table('pgbench_history', 'bid', colocate_with => 'pgbench_branches');"
    WORKLOAD=(-f "$SCRIPT" -D nbranches="$SCALE")
else
    sql "$PORT" "SELECT create_distributed_table('pgbench_accounts', 'aid');
                 SELECT create_distributed_table('pgbench_history', 'aid', colocate_with => 'pgbench_accounts');
                 SELECT create_reference_table('pgbench_branches');
                 SELECT create_reference_table('pgbench_tellers');"
    WORKLOAD=(-b tpcb-like)
fi

run() { # port protocol data-directories... -> "tps cpu-servers cpu-pgbench" (see lib.sh)
    local port=$1 protocol=$2
    shift 2
    SERVER_DIRS=("$@")
    pgbench_with_cpu "$port" -n "${WORKLOAD[@]}" -M "$protocol" -c "$CLIENTS" \
        -j 2 -T "$SECONDS_RUN"
}
for protocol in simple prepared; do
    v=$(run "$VPORT" "$protocol" "$(vanilla_dirs)")
    t=$(run "$PORT" "$protocol" $(tessera_dirs))
    report_pgbench "tpc-b-like ($LAYOUT) $protocol" "$t" "$v"
done
# The branch balances must add up to the history on both (every transaction committed whole).
check() {
    psql -X -At -h 127.0.0.1 -p "$1" -U postgres -d postgres -c \
        "SELECT (SELECT sum(bbalance) FROM pgbench_branches) = (SELECT coalesce(sum(delta), 0) FROM pgbench_history)"
}
echo "consistent: tessera $(check "$PORT"), vanilla $(check "$VPORT")"
