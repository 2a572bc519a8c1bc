#!/usr/bin/env bash
# An analytic GROUP BY over a distributed table vs the same query on one vanilla PostgreSQL
# holding all rows (parallel query on, its defaults), in one run.
#
#   bench/analytic.sh [--port BASE] [--rows N] [--runs R] [--keep]
#
# Tessera cluster on BASE..BASE+2 (default 9540), vanilla server on BASE+10, same settings.
# Loads N rows (default 5000000) into both, distributes the Tessera copy by id (32 shards over
# 2 workers), then times each query R times (default 5, in one session after a warm-up run)
# on both and prints the median times
# and the ratio tessera/vanilla (lower is better; the goal is <= 0.9).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=9540
ROWS=5000000
RUNS=5
KEEP=0
while [ $# -gt 0 ]; do
    case "$1" in
        --port) PORT=$2; shift 2 ;;
        --rows) ROWS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        *) echo "usage: $0 [--port BASE] [--rows N] [--runs R] [--keep]" >&2; exit 2 ;;
    esac
done
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"
start_clusters

LOAD="DROP TABLE IF EXISTS sales;
CREATE TABLE sales (id bigint PRIMARY KEY, store int NOT NULL, category int NOT NULL,
                    amount numeric(12,2) NOT NULL, quantity int NOT NULL, sold_at timestamptz NOT NULL);
INSERT INTO sales SELECT g, g % 1000, g % 37, (g % 10000) / 100.0, g % 7 + 1,
                         '2024-01-01'::timestamptz + (g % 525600) * interval '1 minute'
                  FROM generate_series(1, $ROWS) g;"
psql_at "$VPORT" -c "$LOAD" -c "VACUUM ANALYZE sales"
psql_at "$PORT" -c "$LOAD" -c "SELECT create_distributed_table('sales', 'id')" >/dev/null
psql_at "$PORT" -c "SELECT run_command_on_workers('VACUUM ANALYZE')" >/dev/null
# Analyze the shards too: run_command_on_workers runs VACUUM on each worker's database.

QUERIES=(
"SELECT category, count(*), sum(amount), avg(quantity) FROM sales GROUP BY category ORDER BY category"
"SELECT store, sum(amount * quantity) FROM sales WHERE sold_at >= '2024-06-01' GROUP BY store ORDER BY 2 DESC LIMIT 10"
"SELECT count(*), min(amount), max(amount) FROM sales WHERE quantity > 3"
)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_query() { # port query -> milliseconds of each run, all runs in one session (as an
    # application's pooled connection would run them), after one untimed warm-up run
    local args=(-c "$2" -c '\timing on')
    for _ in $(seq "$RUNS"); do
        args+=(-c "$2")
    done
    psql_at "$1" "${args[@]}" | awk '/^Time:/ {print $2}'
}
for query in "${QUERIES[@]}"; do
    psql_at "$PORT" -c "$query" >/dev/null # warm caches
    psql_at "$VPORT" -c "$query" >/dev/null
    t=$(time_query "$PORT" "$query" | median)
    v=$(time_query "$VPORT" "$query" | median)
    printf '%s\n  tessera %s ms, vanilla %s ms, ratio %s\n' "$query" "$t" "$v" \
        "$(ratio "$t" "$v")"
done
