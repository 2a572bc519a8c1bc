#!/usr/bin/env bash
# What a second hop alone costs on this machine: pgbench against one vanilla PostgreSQL server
# directly, and through a forwarding proxy to the same server, in one run. Two proxies:
#  - PgBouncer (session pooling, one server connection per client): one event-loop process for
#    all clients;
#  - bench/forwarding_relay.c: one process per client (as PostgreSQL's backends, and so a
#    Tessera coordinator, are), copying bytes both ways with poll().
# Neither parses SQL, plans or holds transaction state: their ratios bound what any design that
# puts one more process between the client and the data (a Tessera coordinator in front of a
# worker) can reach on the same machine. Workloads: pgbench's select-only, and the TPC-B-like
# transaction of bench/tpcb.sh's colocated layout (bench/tpcb/transaction.sql).
#
#   bench/second_hop.sh [--port BASE] [--scale S] [--clients C] [--seconds T] [--keep]
#                       [--proxy pgbouncer|relay|both] [--workload select-only|tpcb|both]
#
# Vanilla server on BASE+10 (default 9560), PgBouncer on BASE+11, the relay on BASE+12.
# PgBouncer needs Debian's package pgbouncer (skipped with a note when missing); the relay is
# compiled with cc.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=9560
SCALE=10
CLIENTS=8
SECONDS_RUN=15
KEEP=0
PROXIES=both
WORKLOADS=both
ARGS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --proxy) PROXIES=$2; shift 2 ;;
        --workload) WORKLOADS=$2; shift 2 ;;
        *) ARGS+=("$1"); shift ;;
    esac
done
case "$PROXIES" in pgbouncer | relay | both) ;; *) echo "--proxy: pgbouncer, relay or both" >&2; exit 2 ;; esac
case "$WORKLOADS" in select-only | tpcb | both) ;; *) echo "--workload: select-only, tpcb or both" >&2; exit 2 ;; esac
set -- "${ARGS[@]+"${ARGS[@]}"}"
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"
parse_pgbench_options "$@"
PGBOUNCER=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
if [ "$PROXIES" != relay ] && [ ! -x "$PGBOUNCER" ]; then
    echo "second_hop.sh: pgbouncer not found (apt-get install pgbouncer): relay only" >&2
    PROXIES=relay
fi
VPORT=$((PORT + 10))
BPORT=$((PORT + 11))
RPORT=$((PORT + 12))
BDIR=/tmp/tessera-bench-$BPORT
RELAY_PID=
proxies_stop() {
    [ -f "$BDIR/pgbouncer.pid" ] && kill "$(cat "$BDIR/pgbouncer.pid")" 2>/dev/null || true
    [ -n "$RELAY_PID" ] && kill "$RELAY_PID" 2>/dev/null || true
    if [ "$KEEP" -eq 0 ]; then
        vanilla destroy >/dev/null 2>&1 || true
        rm -rf "$BDIR"
    fi
}
trap proxies_stop EXIT
vanilla start >/dev/null
unset PGOPTIONS # PgBouncer refuses the startup parameter "options"
mkdir -p "$BDIR"
start_pgbouncer() {
    echo '"postgres" ""' >"$BDIR/userlist.txt"
    cat >"$BDIR/pgbouncer.ini" <<INI
[databases]
postgres = host=127.0.0.1 port=$VPORT dbname=postgres user=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BPORT
unix_socket_dir =
auth_type = trust
auth_file = $BDIR/userlist.txt
pool_mode = session
max_client_conn = 200
default_pool_size = $((CLIENTS + 2))
logfile = $BDIR/pgbouncer.log
pidfile = $BDIR/pgbouncer.pid
ignore_startup_parameters = extra_float_digits
INI
    chown -R postgres "$BDIR" 2>/dev/null || true
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$PGBOUNCER" -d "$BDIR/pgbouncer.ini"
    else
        "$PGBOUNCER" -d "$BDIR/pgbouncer.ini"
    fi
    for _ in $(seq 50); do
        psql -X -q -h 127.0.0.1 -p "$BPORT" -U postgres -d postgres -c "SELECT 1" >/dev/null 2>&1 &&
            break
        sleep 0.1
    done
}

# The relay, built here: one forked process per client connection.
start_relay() {
    cc -O2 -o "$BDIR/forwarding_relay" "$ROOT/bench/forwarding_relay.c"
    "$BDIR/forwarding_relay" "$RPORT" "$VPORT" &
    RELAY_PID=$!
    for _ in $(seq 50); do
        psql -X -q -h 127.0.0.1 -p "$RPORT" -U postgres -d postgres -c "SELECT 1" >/dev/null 2>&1 &&
            break
        sleep 0.1
    done
}
PROXY_NAMES=()
PROXY_PORTS=()
if [ "$PROXIES" != relay ]; then
    start_pgbouncer
    PROXY_NAMES+=(PgBouncer)
    PROXY_PORTS+=("$BPORT")
fi
if [ "$PROXIES" != pgbouncer ]; then
    start_relay
    PROXY_NAMES+=("the per-connection relay")
    PROXY_PORTS+=("$RPORT")
fi

$PGBENCH -i -q -s "$SCALE" -h 127.0.0.1 -p "$VPORT" -U postgres postgres >/dev/null 2>&1
SERVER_DIRS=("$(vanilla_dirs)")
tps() { pgbench_with_cpu "$@" | cut -d' ' -f1; }
for workload in select-only tpcb; do
    [ "$WORKLOADS" = both ] || [ "$WORKLOADS" = "$workload" ] || continue
    if [ "$workload" = select-only ]; then
        SCRIPT=(-S)
    else
        # The keys bench/tpcb.sh's colocated layout gives both of its servers.
        psql_at "$VPORT" -c "ALTER TABLE pgbench_accounts DROP CONSTRAINT pgbench_accounts_pkey,
                                 ADD PRIMARY KEY (bid, aid);
                             ALTER TABLE pgbench_tellers DROP CONSTRAINT pgbench_tellers_pkey,
                                 ADD PRIMARY KEY (bid, tid);"
        SCRIPT=(-f "$ROOT/bench/tpcb/transaction.sql" -D nbranches="$SCALE")
    fi
    for protocol in simple prepared; do
        for k in "${!PROXY_PORTS[@]}"; do
            # Direct and proxied alternate, so that both see the same machine.
            v=$(tps "$VPORT" -n "${SCRIPT[@]}" -M "$protocol" -c "$CLIENTS" -j 2 -T "$SECONDS_RUN")
            p=$(tps "${PROXY_PORTS[$k]}" -n "${SCRIPT[@]}" -M "$protocol" -c "$CLIENTS" -j 2 \
                -T "$SECONDS_RUN")
            echo "$workload $protocol: direct $v TPS, through ${PROXY_NAMES[$k]} $p TPS," \
                "ratio $(ratio "$p" "$v")"
        done
    done
done
