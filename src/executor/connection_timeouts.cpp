// Connect timeouts of node connections: the timeout tessera.node_conninfo sets, and the nodes
// whose last connection attempt from this backend timed out moments ago, which are not tried
// again for a while (the connection is skipped with the reason instead). Moved from
// connection_manager.cpp, unchanged.
#include "tessera/executor/connection_manager_internal.h"

extern "C" {
#include "utils/memutils.h"
#include "utils/timestamp.h"
}

namespace tessera::executor {

// The connect timeout in milliseconds from tessera.node_conninfo (connect_timeout, seconds);
// -1 when none is set. tessera.node_connection_timeout, when not 0, is used instead. libpq enforces
// it only for blocking connects, so we do it ourselves.
long connect_timeout_ms(PQconninfoOption *options)
{
    for (PQconninfoOption *option = options; option != nullptr && option->keyword != nullptr;
         option++) {
        if (strcmp(option->keyword, "connect_timeout") == 0 && option->val != nullptr &&
            option->val[0] != '\0') {
            long seconds = strtol(option->val, nullptr, 10);
            return seconds > 0 ? Max(seconds, 2) * 1000L : -1;
        }
    }
    return -1;
}

namespace {

// For how long a node whose connection attempt timed out is not tried again by this backend:
// every statement that needs it would otherwise wait the whole connect_timeout again, and
// reference table reads could not turn to another placement at once. Attempts that fail fast
// (refused, authentication) are cheap to repeat and are not remembered, so a restarted node is
// used again at once.
constexpr long kConnectTimeoutMemoryMs = 5000;

// A node ("host:port") whose last connection attempt from this backend timed out, and when.
struct TimedOutNode {
    char key[272];
    TimestampTz at;
    long timeout_ms;
};

// The remembered nodes (TimedOutNode *, in connections_memory()); entries expire after
// kConnectTimeoutMemoryMs and are dropped when a connection to the node succeeds.
List *timed_out_nodes = NIL;

// The entry of host:port in timed_out_nodes, or nullptr.
TimedOutNode *find_timed_out_node(const char *host, int port)
{
    char key[272];
    snprintf(key, sizeof(key), "%s:%d", host, port);
    ListCell *cell;
    foreach (cell, timed_out_nodes) {
        auto *node = static_cast<TimedOutNode *>(lfirst(cell));
        if (strcmp(node->key, key) == 0)
            return node;
    }
    return nullptr;
}

} // namespace

// Forgets host:port: a connection to it succeeded (or its memory expired).
void forget_timed_out_node(const char *host, int port)
{
    TimedOutNode *node = find_timed_out_node(host, port);
    if (node != nullptr) {
        timed_out_nodes = list_delete_ptr(timed_out_nodes, node);
        pfree(node);
    }
}

// Remembers that a connection attempt to host:port just timed out after timeout_ms.
void remember_timed_out_node(const char *host, int port, long timeout_ms)
{
    TimedOutNode *node = find_timed_out_node(host, port);
    if (node == nullptr) {
        node = static_cast<TimedOutNode *>(
            MemoryContextAllocZero(connections_memory(), sizeof(TimedOutNode)));
        snprintf(node->key, sizeof(node->key), "%s:%d", host, port);
        MemoryContext old = MemoryContextSwitchTo(connections_memory());
        timed_out_nodes = lappend(timed_out_nodes, node);
        MemoryContextSwitchTo(old);
    }
    node->at = GetCurrentTimestamp();
    node->timeout_ms = timeout_ms;
}

// If a connection attempt to host:port timed out less than kConnectTimeoutMemoryMs ago, the
// reason not to try again now (palloc'd in connections_memory()); else nullptr.
char *recent_connect_timeout(const char *host, int port)
{
    TimedOutNode *node = find_timed_out_node(host, port);
    if (node == nullptr)
        return nullptr;
    long ago = TimestampDifferenceMilliseconds(node->at, GetCurrentTimestamp());
    if (ago >= kConnectTimeoutMemoryMs) {
        forget_timed_out_node(host, port);
        return nullptr;
    }
    return MemoryContextStrdup(
        connections_memory(),
        psprintf("The last connection attempt, %.1f s ago, timed out after %ld ms; the node is "
                 "not tried again for %ld s after that.",
                 ago / 1000.0, node->timeout_ms, kConnectTimeoutMemoryMs / 1000));
}

} // namespace tessera::executor
