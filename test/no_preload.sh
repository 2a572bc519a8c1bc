#!/usr/bin/env bash
# ctest no_preload: on a server that does not preload tessera (shared_preload_libraries unset),
# CREATE EXTENSION tessera fails with a clear error and leaves nothing behind, also after the
# library was LOADed into the session by hand.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"

DIR="$(mktemp -d /tmp/tessera-no-preload.XXXXXX)"
find_free_ports 1
PORT=$FREE_BASE_PORT
# --vanilla: the same settings as a Tessera node, without shared_preload_libraries.
CLUSTER=("$ROOT/scripts/cluster" --port "$PORT" --dir "$DIR" --workers 0 --vanilla --fast -q)
cleanup() {
    "${CLUSTER[@]}" stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
    release_ports
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
PSQL=("$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres)

echo "---- start a single server without the preload (port $PORT)"
"${CLUSTER[@]}" start || fail "could not start the server"
[ -z "$("${PSQL[@]}" -tAc 'SHOW shared_preload_libraries')" ] || fail "shared_preload_libraries is set"

expect_refusal() {
    local what=$1 out rc=0
    shift
    echo "---- $what"
    out=$("${PSQL[@]}" "$@" 2>&1) || rc=$?
    echo "$out"
    [ "$rc" -ne 0 ] || fail "$what: CREATE EXTENSION succeeded"
    grep -q "ERROR:  tessera must be loaded via shared_preload_libraries" <<<"$out" ||
        fail "$what: not the expected error"
    grep -q "HINT:  Add tessera to shared_preload_libraries" <<<"$out" || fail "$what: no hint"
    [ "$("${PSQL[@]}" -tAc "SELECT count(*) FROM pg_extension WHERE extname = 'tessera'")" = 0 ] ||
        fail "$what: the extension was created anyway"
    [ "$("${PSQL[@]}" -tAc "SELECT count(*) FROM pg_namespace WHERE nspname = 'tessera'")" = 0 ] ||
        fail "$what: the tessera schema was left behind"
}

expect_refusal "CREATE EXTENSION tessera" -c "CREATE EXTENSION tessera"
expect_refusal "LOAD 'tessera', then CREATE EXTENSION" -c "LOAD 'tessera'" -c "CREATE EXTENSION tessera"

echo "---- the server is still fine"
[ "$("${PSQL[@]}" -tAc 'SELECT 40 + 2')" = 42 ] || fail "server not answering"
echo "no preload: ok"
