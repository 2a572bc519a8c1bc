#!/usr/bin/env bash
# ctest undefined_symbols: tessera.so must not leave a C++ (mangled, _Z...) symbol unresolved.
# PostgreSQL resolves the C symbols it exports itself, but nothing in the server provides C++
# ones: an undefined _Z symbol is a declared-but-never-defined function, which only fails when
# the server loads the library. If the library links libstdc++ dynamically (DT_NEEDED), symbols
# that libstdc++.so.6 defines are allowed; with -static-libstdc++ none are. Weak undefined
# symbols (nm 'w', e.g. libitm's transactional clones pulled in by a static libstdc++) may stay
# unresolved by design and are not checked.
set -euo pipefail
LIB="${1:?usage: check_undefined_symbols.sh path/to/tessera.so}"
[ -f "$LIB" ] || { echo "$LIB not found (build first)" >&2; exit 1; }

mapfile -t undefined < <(nm -D --undefined-only "$LIB" | awk '$1 == "U" {print $2}' | sed 's/@.*//' |
    grep '^_Z' | sort -u || true)
echo "$LIB: ${#undefined[@]} undefined C++ symbols"
[ "${#undefined[@]}" -gt 0 ] || exit 0

provided=""
# (grep reads a here-string: with pipefail, grep -q leaving a pipe early could fail the test)
if grep -q 'NEEDED.*\[libstdc++\.so\.6\]' <<<"$(readelf -d "$LIB")"; then
    libstdcxx=""
    for candidate in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 \
        "$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 / {print $NF; exit}')"; do
        if [ -n "$candidate" ] && [ -e "$candidate" ]; then libstdcxx=$candidate; break; fi
    done
    [ -n "$libstdcxx" ] || { echo "libstdc++.so.6 not found" >&2; exit 1; }
    provided=$(nm -D --defined-only "$libstdcxx" | awk '{print $NF}' | sed 's/@.*//' | sort -u)
    echo "linked against $libstdcxx; symbols it defines are allowed"
else
    echo "libstdc++ is not a dynamic dependency (-static-libstdc++?): no undefined C++ symbol allowed"
fi

bad=$(comm -23 <(printf '%s\n' "${undefined[@]}") <(printf '%s\n' "$provided" | sed '/^$/d'))
if [ -n "$bad" ]; then
    echo "unresolved C++ symbols in $LIB:" >&2
    while read -r sym; do
        printf '  %s  (%s)\n' "$sym" "$(c++filt "$sym")" >&2
    done <<<"$bad"
    exit 1
fi
echo "all undefined C++ symbols are provided by libstdc++"
