#!/usr/bin/env bash
# COPY of N rows (default 1M) from the client into a distributed table vs into a local table of
# the same coordinator, in one run.
#
#   bench/copy.sh [--port BASE] [--rows N] [--runs R] [--format text|csv] [--in-transaction] [--keep]
#
# Tessera cluster (coordinator + 2 workers, scripts/cluster --fast) on BASE..BASE+2 (default
# 9380). The data file is generated once; each run truncates both tables and loads them with
# psql "COPY ... FROM STDIN" (the client streams the file, as \copy does). Prints the best of R
# runs (default 3) for each table and the ratio local time / distributed time (1.0 = as fast as
# a local COPY; the target is >= 0.8). --in-transaction wraps each COPY in BEGIN ... COMMIT
# (one transaction connection per worker instead of one stream per shard).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=9380
ROWS=1000000
RUNS=3
FORMAT=text
IN_XACT=0
KEEP=0
while [ $# -gt 0 ]; do
    case "$1" in
        --port) PORT=$2; shift 2 ;;
        --rows) ROWS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --format) FORMAT=$2; shift 2 ;;
        --in-transaction) IN_XACT=1; shift ;;
        --keep) KEEP=1; shift ;;
        *) echo "usage: $0 [--port BASE] [--rows N] [--runs R] [--format text|csv] [--in-transaction] [--keep]" >&2
           exit 2 ;;
    esac
done
DIR="/tmp/tessera-bench-$PORT"
DATA="$DIR/copy-data.$FORMAT"
tessera() { bash "$ROOT/scripts/cluster" --port "$PORT" --dir "$DIR" --fast -q "$@"; }
cleanup() {
    if [ "$KEEP" -eq 0 ]; then
        tessera destroy >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT
tessera start >/dev/null
export PGOPTIONS="-c client_min_messages=warning"
sql() { psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

sql >/dev/null <<'SQL'
DROP TABLE IF EXISTS bench_copy_local, bench_copy_dist;
CREATE TABLE bench_copy_local (id bigint PRIMARY KEY, account int, amount numeric(12, 2),
                               created timestamptz, note text);
CREATE TABLE bench_copy_dist (LIKE bench_copy_local INCLUDING ALL);
SELECT create_distributed_table('bench_copy_dist', 'id');
SQL

# The same rows for both tables, written by the server (generate_series) to a client-side file.
sep=$'\t'
opts=""
if [ "$FORMAT" = csv ]; then sep=","; opts="WITH (FORMAT csv)"; fi
sql -At -F "$sep" -o "$DATA" -c "SELECT i, i % 1000, (i % 100000) / 100.0,
       timestamptz '2024-01-01 00:00:00+00' + i * interval '1 second', 'note ' || md5(i::text)
  FROM generate_series(1, $ROWS) i"

load() { # table -> seconds
    local begin="" commit=""
    if [ "$IN_XACT" -eq 1 ]; then begin="BEGIN;"; commit="COMMIT;"; fi
    sql -c "TRUNCATE $1" >/dev/null
    local start end
    start=$(date +%s.%N)
    { [ -z "$begin" ] || echo "$begin"
      echo "COPY $1 FROM STDIN $opts;"
      cat "$DATA"
      echo '\.'
      [ -z "$commit" ] || echo "$commit"; } | sql >/dev/null
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}'
}
best_local=""
best_dist=""
for _ in $(seq "$RUNS"); do
    l=$(load bench_copy_local)
    d=$(load bench_copy_dist)
    best_local=$(awk -v a="$l" -v b="${best_local:-1e9}" 'BEGIN {print (a < b) ? a : b}')
    best_dist=$(awk -v a="$d" -v b="${best_dist:-1e9}" 'BEGIN {print (a < b) ? a : b}')
    echo "run: local ${l}s, distributed ${d}s"
done
count=$(sql -At -c "SELECT count(*) FROM bench_copy_dist")
[ "$count" -eq "$ROWS" ] || { echo "distributed table holds $count rows, expected $ROWS" >&2; exit 1; }
echo "copy $ROWS rows ($FORMAT$([ "$IN_XACT" -eq 0 ] || echo ', in transaction')): local ${best_local}s, distributed ${best_dist}s, ratio $(awk -v a="$best_local" -v b="$best_dist" 'BEGIN {printf "%.2f", a / b}')"
