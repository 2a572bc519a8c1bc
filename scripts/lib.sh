# shellcheck shell=bash
# Shared helpers for scripts/setup, scripts/test, scripts/cluster and the test harness.
# Source it; it defines functions and a few variables and runs nothing by itself.

TESSERA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The PostgreSQL we build against and run. Override with PG_CONFIG=/path/to/pg_config.
PG_CONFIG="${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}"

# Debian packages the project needs to build, test and run.
TESSERA_PACKAGES=(postgresql-15 postgresql-server-dev-15 libpq-dev cmake g++ libgtest-dev
                  clang-format)

BUILD_DIR="${BUILD_DIR:-$TESSERA_ROOT/build}"

log() { printf '[tessera] %s\n' "$*" >&2; }
die() { printf '[tessera] error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command with root rights: directly when root, else through sudo.
as_root() {
    if is_root; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root rights for: $* (run as root or install sudo)"
    fi
}

# Packages from the list that are not installed.
missing_packages() {
    local p
    for p in "$@"; do
        if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
            echo "$p"
        fi
    done
}

# Install the project's Debian packages unless all are present. Waits for a running
# apt/dpkg (e.g. a background install) instead of failing on its lock.
ensure_packages() {
    local missing
    missing=$(missing_packages "${TESSERA_PACKAGES[@]}" | tr '\n' ' ')
    if [ -z "${missing// /}" ]; then
        log "packages: all present"
        return 0
    fi
    log "packages: installing $missing"
    export DEBIAN_FRONTEND=noninteractive
    local try
    for try in 1 2 3 4 5 6; do
        if as_root apt-get -o DPkg::Lock::Timeout=600 update -q; then
            break
        fi
        [ "$try" -eq 6 ] && die "apt-get update failed"
        log "apt-get update failed (another apt running?); retrying in 20s"
        sleep 20
    done
    # shellcheck disable=SC2086
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -q \
        --no-install-recommends $missing || die "apt-get install failed"
    missing=$(missing_packages "${TESSERA_PACKAGES[@]}" | tr '\n' ' ')
    [ -z "${missing// /}" ] || die "still missing after install: $missing"
}

pg_bindir() {
    [ -x "$PG_CONFIG" ] || die "pg_config not found at $PG_CONFIG (install postgresql-server-dev-15)"
    "$PG_CONFIG" --bindir
}

# Configure, build and install the extension into the PostgreSQL that pg_config names.
build_and_install() {
    local jobs
    jobs=$(nproc 2>/dev/null || echo 2)
    log "configure ($BUILD_DIR)"
    cmake -S "$TESSERA_ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DPG_CONFIG="$PG_CONFIG" || die "cmake configure failed"
    log "build"
    cmake --build "$BUILD_DIR" -j"$jobs" || die "build failed"
    log "install into $("$PG_CONFIG" --pkglibdir)"
    as_root cmake --install "$BUILD_DIR" >/dev/null || die "install failed"
}

# Run a PostgreSQL server-side program (initdb, pg_ctl, postgres) as the account that owns
# the data directories: the 'postgres' OS user when we are root, else ourselves.
as_pg_user() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# True if something accepts TCP connections on 127.0.0.1:PORT.
port_in_use() {
    local port=$1
    if command -v ss >/dev/null 2>&1; then
        [ -n "$(ss -Htln "sport = :$port" 2>/dev/null)" ] && return 0
    fi
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

# Set FREE_BASE_PORT to a port P such that P .. P+COUNT-1 are all free, and reserve every port
# of the range for this shell: an flock on /tmp/tessera-port-locks/port-N.lock per port, held on
# a file descriptor of this shell until release_ports (or until this shell and the servers it
# started, which inherit the descriptor, have all exited: a killed test leaves no stale lock, and
# a server it leaked keeps its ports reserved). Taking one lock per port, each atomically, means
# two concurrent tests can never share a port, even when their ranges merely overlap. Ports are
# drawn from 20000-29999, below the Linux ephemeral range, or from TESSERA_TEST_PORTS=LOW-HIGH
# when set (for machines shared by several test runs). Call it directly, not in $(...).
RESERVED_PORT_FDS=()
export FREE_BASE_PORT=""
find_free_ports() {
    local count=${1:-3} _ base p ok fd f fds lockroot=/tmp/tessera-port-locks low=20000 span=9900
    if [[ "${TESSERA_TEST_PORTS:-}" =~ ^([0-9]+)-([0-9]+)$ ]]; then
        low=${BASH_REMATCH[1]}
        span=$((BASH_REMATCH[2] - low + 2 - count))
        [ "$span" -gt 0 ] || die "TESSERA_TEST_PORTS=$TESSERA_TEST_PORTS is too small for $count ports"
    fi
    release_ports
    mkdir -p "$lockroot" 2>/dev/null && chmod 1777 "$lockroot" 2>/dev/null
    for _ in $(seq 1 200); do
        base=$((low + (RANDOM * 32768 + RANDOM) % span))
        ok=1
        fds=()
        for ((p = base; p < base + count; p++)); do
            f="$lockroot/port-$p.lock"
            [ -e "$f" ] || { : >>"$f" && chmod 666 "$f"; } 2>/dev/null || true
            # read-only: any user can lock a file another user created. The 2>/dev/null goes on
            # a group: on `exec` itself it would silence the caller's stderr for good.
            if ! { exec {fd}<"$f"; } 2>/dev/null; then ok=0; break; fi
            fds+=("$fd")
            # held by another test (or by a server one leaked), or used by another program
            if ! flock -n "$fd" || port_in_use "$p"; then ok=0; break; fi
        done
        if [ "$ok" -eq 1 ]; then
            RESERVED_PORT_FDS=("${fds[@]}")
            FREE_BASE_PORT=$base
            return 0
        fi
        for fd in ${fds[@]+"${fds[@]}"}; do exec {fd}<&-; done
    done
    die "no free port range found"
}

# Give up the ports find_free_ports reserved (close the lock descriptors).
release_ports() {
    local fd
    for fd in ${RESERVED_PORT_FDS[@]+"${RESERVED_PORT_FDS[@]}"}; do
        exec {fd}<&-
    done
    RESERVED_PORT_FDS=()
}
