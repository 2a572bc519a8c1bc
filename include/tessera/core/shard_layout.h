// Where shards go and how their rows are shipped: pure placement and scheduling logic.
#pragma once

#include <cstdint>
#include <vector>

namespace tessera::core {

// Node index (0-based, into the list of eligible nodes) of each of `shard_count` shards, spread
// round-robin so that shard i lands on node (i + offset) % node_count. node_count must be >= 1.
std::vector<int> round_robin_nodes(int shard_count, int node_count, int offset = 0);

// Connection slot and pass of one shard placement when rows are copied into the shards.
struct CopySlot {
    int connection; // index among the connections opened to the placement's node
    int pass;       // the shard's rows are sent during this pass over the source table
};

// Schedules the COPY of shards into at most `max_connections_per_node` connections per node.
// node_of_shard[i] is the node index of shard i. Shards of one node share its connections: each
// connection carries one COPY at a time, so a node with more shards than connections needs several
// passes over the source. Returns one slot per shard; shards of the same connection get distinct
// passes, and every pass uses each connection at most once.
std::vector<CopySlot> schedule_copy(const std::vector<int> &node_of_shard, int node_count,
                                    int max_connections_per_node);

// Number of connections the schedule uses on each node (index = node).
std::vector<int> connections_per_node(const std::vector<int> &node_of_shard, int node_count,
                                      int max_connections_per_node);

} // namespace tessera::core
