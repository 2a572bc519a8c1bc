#!/usr/bin/env bash
# Distributing an existing 1M-row table over 2 workers vs a plain COPY of the same rows.
#
#   bench/distribute_copy.sh [--port BASE] [--rows N] [--keep]
#
# Starts a throw-away cluster (coordinator + 2 workers, scripts/cluster --fast) on BASE..BASE+2
# (default 9350) in /tmp/tessera-bench-BASE, loads N rows (default 1000000) into a local table
# with plain COPY (timed), then runs create_distributed_table on that table (timed: shard
# creation, parallel COPY of the rows to the shards, local truncate). Prints both times and
# the ratio distribute / copy; the target is <= ~2. Runs each measurement 3 times and reports
# the median.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=9350
ROWS=1000000
KEEP=0
while [ $# -gt 0 ]; do
    case "$1" in
        --port) PORT=$2; shift 2 ;;
        --rows) ROWS=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        *) echo "usage: $0 [--port BASE] [--rows N] [--keep]" >&2; exit 2 ;;
    esac
done
DIR=/tmp/tessera-bench-$PORT
DATA=$(mktemp -d /tmp/tessera-bench-data.XXXXXX)
chmod 777 "$DATA"
cluster() { bash "$ROOT/scripts/cluster" --port "$PORT" --dir "$DIR" --fast -q "$@"; }
cleanup() {
    rm -rf "$DATA"
    if [ "$KEEP" -eq 0 ]; then cluster destroy >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
cluster start >/dev/null
export PGOPTIONS="-c client_min_messages=warning"
PSQL=(psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)

# The rows: a bigint key, an int, a numeric, a short text and a timestamp (about 70 MB of text).
"${PSQL[@]}" -c "COPY (SELECT g, g % 1000, (g % 100000) / 100.0, 'customer ' || g,
                             '2024-01-01'::timestamptz + g * interval '1 second'
                      FROM generate_series(1, $ROWS) g) TO '$DATA/rows.tsv'"
SCHEMA="CREATE TABLE bench_rows (id bigint PRIMARY KEY, account int, amount numeric,
                                 name text, created timestamptz)"

now_ms() { date +%s%3N; }
median() { sort -n | sed -n '2p'; }

copy_times=()
dist_times=()
for run in 1 2 3; do
    "${PSQL[@]}" -c "DROP TABLE IF EXISTS bench_rows" -c "$SCHEMA"
    start=$(now_ms)
    "${PSQL[@]}" -c "COPY bench_rows FROM '$DATA/rows.tsv'"
    copy_times+=($(( $(now_ms) - start )))
    "${PSQL[@]}" -c "CHECKPOINT" -c "VACUUM ANALYZE bench_rows"
    start=$(now_ms)
    "${PSQL[@]}" -c "SELECT create_distributed_table('bench_rows', 'id')" >/dev/null
    dist_times+=($(( $(now_ms) - start )))
    "${PSQL[@]}" -c "DROP TABLE bench_rows"
done

copy_ms=$(printf '%s\n' "${copy_times[@]}" | median)
dist_ms=$(printf '%s\n' "${dist_times[@]}" | median)
echo "rows:                          $ROWS"
echo "plain COPY into local table:   ${copy_ms} ms   (runs: ${copy_times[*]})"
echo "create_distributed_table:      ${dist_ms} ms   (runs: ${dist_times[*]})"
awk -v d="$dist_ms" -v c="$copy_ms" 'BEGIN { printf "ratio distribute / copy:        %.2f\n", d / c }'
