#!/usr/bin/env bash
# Ad-hoc SELECT fuzzing: generate COUNT statements per seed with fuzz/generate.py for each
# seed from FIRST to LAST and run them dist vs local in SUITE (one cluster, one setup).
#
#   test/differential/fuzz/run_batch.sh SUITE FIRST LAST [COUNT] [run.sh options...]
#   e.g. test/differential/fuzz/run_batch.sh saas 100 119 400 --port 9610
#
# The generated files go to $FUZZ_DIR (default /tmp/tessera-fuzz-SUITE); run.sh's report names
# each failing statement by file and line, so a failure is reproduced by running that file.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -ge 3 ] || { sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2; }
suite=$1 first=$2 last=$3
count=${4:-400}
shift $(($# >= 4 ? 4 : 3))
dir="${FUZZ_DIR:-/tmp/tessera-fuzz-$suite}"
mkdir -p "$dir"
files=()
for seed in $(seq "$first" "$last"); do
    python3 "$HERE/generate.py" "$suite" "$seed" "$count" >"$dir/$suite-$seed.sql"
    files+=("$dir/$suite-$seed.sql")
done
exec bash "$HERE/../run.sh" "$@" --suite "$suite" select "${files[@]}"
