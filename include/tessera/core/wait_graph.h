// Distributed deadlock detection, the PostgreSQL-free part: who a worker backend works for, the
// wait-for graph between coordinator backends, its cycles and their victims.
//
// The coordinator's connections to other nodes carry application_name "tessera:<pid>:<start>":
// the coordinator backend's pid and its start time (Unix seconds), so that a backend seen on a
// worker maps to one coordinator backend, and a reused pid does not pass for an older backend.
// Each node reports which backends wait for which (pg_blocking_pids); the edges between backends
// of Tessera connections become edges between their coordinator backends, the coordinator's own
// lock waits are added as they are, and a cycle that spans more than one node is a distributed
// deadlock (a cycle within one node is left to that node's own deadlock detector).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tessera::core {

// A coordinator backend, as named in application_name.
struct BackendIdentity {
    int32_t pid = 0;
    int64_t start = 0; // backend start, Unix seconds
};

// Writes "tessera:<pid>:<start>" into `out` (of `size` bytes, NUL-terminated). Returns the length
// it needed, like snprintf.
int format_backend_identity(char *out, size_t size, const BackendIdentity &identity);

// Parses what format_backend_identity wrote; false for anything else (a plain "tessera", another
// application's name, trailing characters, overflow, a pid that is not positive).
bool parse_backend_identity(const char *text, BackendIdentity *out);

// One wait: coordinator backend `waiter` waits for `holder`, seen on node `node` (0 for the
// coordinator itself). The transactions' start times (microseconds, any epoch) tell whether a
// later look still sees the same transactions.
struct WaitEdge {
    int32_t waiter = 0;
    int64_t waiter_xact_start = 0;
    int32_t holder = 0;
    int64_t holder_xact_start = 0;
    int32_t node = 0;
};

// The edges of `first` that `second` still has (same waiter and holder, each in the same
// transaction; on any node): waits that lasted from one look to the next. A wait that ended in
// between, and a new one that merely looks alike, do not survive.
std::vector<WaitEdge> lasting_edges(const std::vector<WaitEdge> &first,
                                    const std::vector<WaitEdge> &second);

// One victim: the backend to cancel and the cycle it ends.
struct DeadlockVictim {
    int32_t pid = 0;
    int64_t xact_start = 0;
    std::vector<int32_t> cycle; // the backends of the cycle, in wait order, starting anywhere
};

// The backends to cancel so that no distributed cycle remains: repeatedly finds a cycle whose
// edges lie on more than one node, takes its youngest transaction (latest xact start; on a tie
// the highest pid) as victim and removes that backend. Edges of a backend on itself are ignored
// (its own connections waiting for each other are not a cycle between transactions). Ordered
// as found; deterministic for a given set of edges.
std::vector<DeadlockVictim> find_deadlock_victims(const std::vector<WaitEdge> &edges);

} // namespace tessera::core
