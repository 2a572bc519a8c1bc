#!/usr/bin/env bash
# What a second hop alone costs on this machine: pgbench select-only against one vanilla
# PostgreSQL server directly, and through PgBouncer (session pooling, one server connection per
# client) to the same server, in one run. PgBouncer parses no SQL and runs no plan: it only
# forwards protocol messages, so its ratio bounds what any design that puts one more process
# between the client and the data (a Tessera coordinator in front of a worker) can reach in
# select-only on the same machine. Needs pgbouncer (Debian package pgbouncer).
#
#   bench/second_hop.sh [--port BASE] [--scale S] [--clients C] [--seconds T] [--keep]
#
# Vanilla server on BASE+10 (default 9560), PgBouncer on BASE+11.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=9560
SCALE=10
CLIENTS=8
SECONDS_RUN=15
KEEP=0
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"
parse_pgbench_options "$@"
PGBOUNCER=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
if [ ! -x "$PGBOUNCER" ]; then
    echo "second_hop.sh: pgbouncer not found (apt-get install pgbouncer)" >&2
    exit 2
fi
VPORT=$((PORT + 10))
BPORT=$((PORT + 11))
BDIR=/tmp/tessera-bench-$BPORT
bouncer_stop() {
    [ -f "$BDIR/pgbouncer.pid" ] && kill "$(cat "$BDIR/pgbouncer.pid")" 2>/dev/null || true
    if [ "$KEEP" -eq 0 ]; then
        vanilla destroy >/dev/null 2>&1 || true
        rm -rf "$BDIR"
    fi
}
trap bouncer_stop EXIT
vanilla start >/dev/null
unset PGOPTIONS # PgBouncer refuses the startup parameter "options"

mkdir -p "$BDIR"
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

$PGBENCH -i -q -s "$SCALE" -h 127.0.0.1 -p "$VPORT" -U postgres postgres >/dev/null 2>&1
SERVER_DIRS=("$(vanilla_dirs)")
for protocol in simple prepared; do
    v=$(pgbench_with_cpu "$VPORT" -n -S -M "$protocol" -c "$CLIENTS" -j 2 -T "$SECONDS_RUN")
    b=$(pgbench_with_cpu "$BPORT" -n -S -M "$protocol" -c "$CLIENTS" -j 2 -T "$SECONDS_RUN")
    echo "select-only $protocol: direct $(echo "$v" | cut -d' ' -f1) TPS, through PgBouncer" \
        "$(echo "$b" | cut -d' ' -f1) TPS, ratio $(ratio "$(echo "$b" | cut -d' ' -f1)" \
        "$(echo "$v" | cut -d' ' -f1)")"
done
