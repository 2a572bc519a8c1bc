#!/usr/bin/env bash
# Autocommit single-row writes (an ORM in autocommit mode) through the Tessera coordinator vs
# one vanilla PostgreSQL, in one run.
#
#   bench/autocommit.sh [--port BASE] [--clients C] [--seconds T] [--keep]
#
# Two pgbench scripts, each statement its own transaction: INSERT of one row into events
# (bench/autocommit/insert.sql) and UPDATE of one row of items by its whole key
# (bench/autocommit/update.sql); both tables distributed by tenant (32 shards, 2 workers) on
# Tessera, plain tables on vanilla. Each runs with the simple and the prepared protocol, on
# Tessera with tessera.enable_single_shard_autocommit on (the statement commits on its worker by
# itself: one round trip) and off (BEGIN ... statement, then COMMIT: two), and prints TPS and
# the ratios tessera/vanilla. Tessera cluster on BASE..BASE+2 (default 9390), vanilla on
# BASE+10; both scripts/cluster --fast. T seconds (default 15) per run, C clients (default 8).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=9390
SCALE=1
CLIENTS=8
SECONDS_RUN=15
KEEP=0
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"
parse_pgbench_options "$@"
start_clusters

SCHEMA="CREATE TABLE events (tenant int NOT NULL, id bigserial, v int, created_at timestamptz DEFAULT now(),
                             PRIMARY KEY (tenant, id));
        CREATE TABLE items (tenant int, id int, v bigint NOT NULL, PRIMARY KEY (tenant, id));"
for port in "$VPORT" "$PORT"; do psql_at "$port" -c "$SCHEMA" >/dev/null; done
psql_at "$PORT" -c "SELECT create_distributed_table('events', 'tenant', shard_count => 32);
                    SELECT create_distributed_table('items', 'tenant', colocate_with => 'events');" >/dev/null
for port in "$VPORT" "$PORT"; do
    psql_at "$port" -c "INSERT INTO items SELECT t, i, 0 FROM generate_series(1, 100) t, generate_series(1, 100) i" \
        -c "VACUUM ANALYZE items" >/dev/null
done

run() { # port protocol script data-directories... -> "tps cpu-servers cpu-pgbench" (see lib.sh)
    local port=$1 protocol=$2 script=$3
    shift 3
    SERVER_DIRS=("$@")
    pgbench_with_cpu "$port" -n -f "$script" -M "$protocol" -c "$CLIENTS" -j 2 -T "$SECONDS_RUN"
}
for name in insert update; do
    script="$ROOT/bench/autocommit/$name.sql"
    for protocol in simple prepared; do
        v=$(run "$VPORT" "$protocol" "$script" "$(vanilla_dirs)")
        on=$(PGOPTIONS="$PGOPTIONS -c tessera.enable_single_shard_autocommit=on" \
            run "$PORT" "$protocol" "$script" $(tessera_dirs))
        off=$(PGOPTIONS="$PGOPTIONS -c tessera.enable_single_shard_autocommit=off" \
            run "$PORT" "$protocol" "$script" $(tessera_dirs))
        report_pgbench "autocommit $name $protocol, one round trip" "$on" "$v"
        report_pgbench "autocommit $name $protocol, BEGIN/COMMIT" "$off" "$v"
        echo "  one round trip / BEGIN-COMMIT: $(ratio "${on%% *}" "${off%% *}")"
    done
done
# Every update committed once on both.
total() { psql -X -At -h 127.0.0.1 -p "$1" -U postgres -d postgres -c "SELECT sum(v) FROM items"; }
echo "updates counted: tessera $(total "$PORT"), vanilla $(total "$VPORT")"
