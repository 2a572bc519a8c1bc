// Round-robin shard placement and the COPY schedule for distributing existing rows.
#include "tessera/core/shard_layout.h"

#include "tessera/core/error.h"

#include <algorithm>

namespace tessera::core {

std::vector<int> round_robin_nodes(int shard_count, int node_count, int offset)
{
    if (node_count < 1)
        throw Error("no nodes to place shards on", sqlstate::kObjectNotInPrerequisiteState);
    if (shard_count < 0)
        throw Error("shard count must not be negative", sqlstate::kInvalidParameterValue);
    std::vector<int> nodes(shard_count);
    int start = ((offset % node_count) + node_count) % node_count;
    for (int i = 0; i < shard_count; i++)
        nodes[i] = (i + start) % node_count;
    return nodes;
}

std::vector<CopySlot> schedule_copy(const std::vector<int> &node_of_shard, int node_count,
                                    int max_connections_per_node)
{
    if (max_connections_per_node < 1)
        throw Error("at least one connection per node is needed", sqlstate::kInvalidParameterValue);
    std::vector<int> seen(node_count, 0);
    std::vector<CopySlot> slots;
    slots.reserve(node_of_shard.size());
    for (int node : node_of_shard) {
        if (node < 0 || node >= node_count)
            throw Error("shard placed on an unknown node", sqlstate::kInternalError);
        int n = seen[node]++;
        slots.push_back({n % max_connections_per_node, n / max_connections_per_node});
    }
    return slots;
}

std::vector<int> connections_per_node(const std::vector<int> &node_of_shard, int node_count,
                                      int max_connections_per_node)
{
    std::vector<int> counts(node_count, 0);
    for (int node : node_of_shard) {
        if (node < 0 || node >= node_count)
            throw Error("shard placed on an unknown node", sqlstate::kInternalError);
        counts[node]++;
    }
    for (int &count : counts)
        count = std::min(count, max_connections_per_node);
    return counts;
}

} // namespace tessera::core
