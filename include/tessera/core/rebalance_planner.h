// The shard rebalancer's planner (strategy "by shard count"): which shard groups move where so
// that every node that should hold shards holds about as many shard groups of each colocation
// group as any other. Pure logic, no PostgreSQL.
//
// A shard group is shard number `shard_index` of every table of a colocation group; the tables'
// shards of one index always live on the same node, so they move together and count as one.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace tessera::core {

// A node that may hold shards (an active primary worker), identified by its group id.
struct RebalanceNode {
    int32_t group_id;
    bool should_have_shards; // false: the node is being drained, nothing moves onto it
};

// Where one shard group lives now.
struct RebalanceShardGroup {
    int32_t colocation_id;
    int32_t shard_index;
    int32_t group_id; // node (group) holding it; shard groups on unknown groups are left alone
    bool movable;     // false for shard groups the caller excluded
};

// One planned move of a shard group.
struct RebalanceMove {
    int32_t colocation_id;
    int32_t shard_index;
    int32_t source_group_id;
    int32_t target_group_id;
};

struct RebalanceOptions {
    // Only move shard groups off nodes that should not have shards.
    bool drain_only = false;
    // At most this many moves in total (the first ones of the full plan).
    int64_t max_moves = std::numeric_limits<int64_t>::max();
    // Between 0 and 1: a colocation group counts as balanced once every eligible node holds
    // between (1 - threshold) and (1 + threshold) times the average number of its shard groups
    // per eligible node. At 0 the counts are evened out completely (as described below).
    double threshold = 0.0;
};

// Plans the moves. Per colocation group (in ascending id order) shard groups on draining nodes
// move to eligible nodes, then shard groups move from the fullest to the emptiest eligible node
// until the counts differ by at most one (unless excluded shard groups prevent it); a shard
// group also moves between nodes whose counts differ by one when that evens out their totals
// over all colocation groups (each group is balanced on its own, and the nodes overall). Ties are
// broken by the node's total number of shard groups over all colocation groups (so the spare
// shard groups of different colocation groups land on different nodes), then by group id; the
// shard group that moves is the movable one with the lowest shard index. The result depends only
// on the input (the order of `nodes` and `shard_groups` does not matter). With no eligible node
// nothing moves.
std::vector<RebalanceMove> plan_rebalance(const std::vector<RebalanceNode> &nodes,
                                          const std::vector<RebalanceShardGroup> &shard_groups,
                                          const RebalanceOptions &options = {});

} // namespace tessera::core
