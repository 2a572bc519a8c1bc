#!/usr/bin/env bash
# ctest clang_format: every C++ file under src/, include/ and test/unit/ matches .clang-format.
# Fix with scripts/format.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLANG_FORMAT="${CLANG_FORMAT:-clang-format}"
command -v "$CLANG_FORMAT" >/dev/null || { echo "clang-format not found" >&2; exit 1; }
cd "$ROOT"
mapfile -t files < <(find src include test/unit -type f \
    \( -name '*.cpp' -o -name '*.cc' -o -name '*.h' -o -name '*.hpp' \) 2>/dev/null | sort)
echo "$("$CLANG_FORMAT" --version): checking ${#files[@]} files"
[ "${#files[@]}" -gt 0 ] || exit 0
if ! "$CLANG_FORMAT" --dry-run --Werror --style=file "${files[@]}"; then
    echo "formatting differs from .clang-format; run: bash scripts/format" >&2
    exit 1
fi
echo "all files formatted"
