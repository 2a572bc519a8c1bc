// Wait-for graph of coordinator backends and its distributed cycles; see wait_graph.h.
#include "tessera/core/wait_graph.h"

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>

namespace tessera::core {

namespace {

constexpr const char *kIdentityPrefix = "tessera:";

// Parses a decimal integer of [text, end) that fills the whole range; false otherwise.
bool parse_decimal(const char *text, const char *end, int64_t *out)
{
    if (text == end || *text < '0' || *text > '9')
        return false;
    int64_t value = 0;
    for (const char *c = text; c != end; c++) {
        if (*c < '0' || *c > '9')
            return false;
        if (value > (INT64_MAX - (*c - '0')) / 10)
            return false;
        value = value * 10 + (*c - '0');
    }
    *out = value;
    return true;
}

// Waits between backends: waiter -> holder -> the nodes where that wait was seen.
using Graph = std::map<int32_t, std::map<int32_t, std::set<int32_t>>>;

// Upper bound on search steps per cycle search, so that a pathological graph cannot hold up the
// maintenance worker; what is not found now may be found by the next pass.
constexpr long kMaxSearchSteps = 200000;

// Depth-first search for a cycle through `start` that visits only backends above it (each cycle
// is thus found once, from its lowest pid) and whose waits were seen on more than one node. A
// wait seen on several nodes may stand for any of them, so a cycle spans several nodes exactly
// when the union of its waits' nodes has more than one; `nodes` counts that union along `path`
// (the backends from `start` on).
bool search_from(const Graph &graph, int32_t start, int32_t current, std::vector<int32_t> &path,
                 std::set<int32_t> &on_path, std::map<int32_t, int> &nodes, long &steps)
{
    auto out = graph.find(current);
    if (out == graph.end())
        return false;
    for (const auto &[next, where] : out->second) {
        if (++steps > kMaxSearchSteps)
            return false;
        if (next != start && (next < start || on_path.count(next) > 0))
            continue;
        for (int32_t node : where)
            nodes[node]++;
        bool found = false;
        if (next == start) {
            found = nodes.size() > 1;
        } else {
            path.push_back(next);
            on_path.insert(next);
            found = search_from(graph, start, next, path, on_path, nodes, steps);
            if (!found) {
                path.pop_back();
                on_path.erase(next);
            }
        }
        if (found)
            return true;
        for (int32_t node : where)
            if (--nodes[node] == 0)
                nodes.erase(node);
    }
    return false;
}

} // namespace

int format_backend_identity(char *out, size_t size, const BackendIdentity &identity)
{
    return snprintf(out, size, "%s%d:%lld", kIdentityPrefix, static_cast<int>(identity.pid),
                    static_cast<long long>(identity.start));
}

bool parse_backend_identity(const char *text, BackendIdentity *out)
{
    if (text == nullptr)
        return false;
    size_t prefix = strlen(kIdentityPrefix);
    if (strncmp(text, kIdentityPrefix, prefix) != 0)
        return false;
    const char *pid_text = text + prefix;
    const char *colon = strchr(pid_text, ':');
    if (colon == nullptr)
        return false;
    int64_t pid = 0;
    int64_t start = 0;
    if (!parse_decimal(pid_text, colon, &pid) || pid <= 0 || pid > INT32_MAX ||
        !parse_decimal(colon + 1, colon + 1 + strlen(colon + 1), &start))
        return false;
    out->pid = static_cast<int32_t>(pid);
    out->start = start;
    return true;
}

std::vector<WaitEdge> lasting_edges(const std::vector<WaitEdge> &first,
                                    const std::vector<WaitEdge> &second)
{
    std::vector<WaitEdge> result;
    for (const WaitEdge &edge : first) {
        for (const WaitEdge &later : second) {
            if (later.waiter == edge.waiter && later.holder == edge.holder &&
                later.waiter_xact_start == edge.waiter_xact_start &&
                later.holder_xact_start == edge.holder_xact_start) {
                result.push_back(edge);
                break;
            }
        }
    }
    return result;
}

std::vector<DeadlockVictim> find_deadlock_victims(const std::vector<WaitEdge> &edges)
{
    Graph graph;
    std::map<int32_t, int64_t> xact_start;
    for (const WaitEdge &edge : edges) {
        if (edge.waiter == edge.holder)
            continue;
        graph[edge.waiter][edge.holder].insert(edge.node);
        xact_start[edge.waiter] = edge.waiter_xact_start;
        xact_start[edge.holder] = edge.holder_xact_start;
    }

    std::vector<DeadlockVictim> victims;
    for (;;) {
        std::vector<int32_t> cycle;
        long steps = 0;
        for (const auto &entry : graph) {
            std::vector<int32_t> path{entry.first};
            std::set<int32_t> on_path{entry.first};
            std::map<int32_t, int> nodes;
            if (search_from(graph, entry.first, entry.first, path, on_path, nodes, steps)) {
                cycle = path;
                break;
            }
            if (steps > kMaxSearchSteps)
                break;
        }
        if (cycle.empty())
            return victims;

        DeadlockVictim victim;
        victim.pid = cycle.front();
        victim.xact_start = xact_start[victim.pid];
        for (int32_t pid : cycle) {
            int64_t start = xact_start[pid];
            if (start > victim.xact_start || (start == victim.xact_start && pid > victim.pid)) {
                victim.pid = pid;
                victim.xact_start = start;
            }
        }
        victim.cycle = cycle;
        victims.push_back(victim);

        // The victim's transaction ends: its waits and the waits on it go.
        graph.erase(victim.pid);
        for (auto &entry : graph)
            entry.second.erase(victim.pid);
    }
}

} // namespace tessera::core
