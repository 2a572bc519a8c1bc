#!/usr/bin/env bash
# ctest cluster_scripts: scripts/cluster can start, report on, and stop a cluster, is idempotent,
# and leaves no server process or listening port behind.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"

DIR="$(mktemp -d /tmp/tessera-cluster-test.XXXXXX)"
find_free_ports 3
BASE=$FREE_BASE_PORT
CLUSTER=("$ROOT/scripts/cluster" --port "$BASE" --dir "$DIR" --workers 2 --fast)
cleanup() {
    "${CLUSTER[@]}" -q stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
    release_ports
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "---- $*"; }

step "start (ports $BASE-$((BASE + 2)))"
"${CLUSTER[@]}" start || fail "start"
step "start again (idempotent)"
out=$("${CLUSTER[@]}" start) || fail "second start"
echo "$out"
[ "$(grep -c 'already running' <<<"$out")" -eq 3 ] || fail "second start did not find 3 running nodes"
step "status"
out=$("${CLUSTER[@]}" status) || fail "status exit code $? with all nodes up"
echo "$out"
[ "$(grep -cE '^(coordinator|worker[12]) .* up \(pid' <<<"$out")" -eq 3 ] || fail "status: not 3 nodes up"
grep -q "nodeport" <<<"$out" || fail "status did not show pg_dist_node"
for port in $((BASE + 1)) $((BASE + 2)); do
    grep -qE "\b$port\b" <<<"$out" || fail "worker port $port not in pg_dist_node"
done
step "psql pass-through"
[ "$("${CLUSTER[@]}" psql -Atc 'SELECT 40 + 2')" = 42 ] || fail "psql on coordinator"
[ "$("${CLUSTER[@]}" psql -p $((BASE + 2)) -Atc 'SHOW port')" = $((BASE + 2)) ] || fail "psql -p worker"

pids=$(for f in "$DIR"/*/data/postmaster.pid; do head -1 "$f"; done)
step "stop"
"${CLUSTER[@]}" stop || fail "stop"
step "stop again (idempotent)"
"${CLUSTER[@]}" stop || fail "second stop"
step "status when stopped exits 3"
rc=0
"${CLUSTER[@]}" status || rc=$?
[ "$rc" -eq 3 ] || fail "status on a stopped cluster returned $rc, expected 3"

step "nothing left behind"
for pid in $pids; do
    if [ -r "/proc/$pid/stat" ] && [ "$(sed 's/^.*) //' "/proc/$pid/stat" | cut -d' ' -f1)" != Z ]; then
        fail "postmaster $pid still running"
    fi
done
# no live (non-zombie) process mentions the cluster directory
if ps -eo stat=,args= | awk '$1 !~ /^Z/' | grep -F -- "$DIR" | grep -v grep; then
    fail "a process using $DIR is still running"
fi
for port in $BASE $((BASE + 1)) $((BASE + 2)); do
    port_in_use "$port" && fail "port $port still listening"
done
ls "$DIR"/*/data/postmaster.pid 2>/dev/null && fail "postmaster.pid left behind"
echo "cluster scripts: ok"
