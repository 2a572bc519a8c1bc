// The shard rebalancer's planner: which shard groups move where so that the nodes that should
// hold shards are balanced. Two algorithms, chosen by the input: with unit costs and capacities
// and no placement rules (the by_shard_count strategy) every node holds about as many shard
// groups of each colocation group as any other; otherwise (by_disk_size, user-defined strategies)
// the nodes' utilization (the cost of their shard groups over their capacity) is evened out.
// Pure logic, no PostgreSQL.
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
    double capacity = 1.0;   // relative capacity; a node with capacity <= 0 gets nothing
};

// Where one shard group lives now.
struct RebalanceShardGroup {
    int32_t colocation_id;
    int32_t shard_index;
    int32_t group_id;  // node (group) holding it; shard groups on unknown groups are left alone
    bool movable;      // false for shard groups the caller excluded
    double cost = 1.0; // the strategy's cost of the shard group (>= 0)
};

// A node (group) shard group `shard_index` of colocation group `colocation_id` must not be on:
// it never moves there, and moves away from there when some other node allows it.
struct RebalanceDisallowed {
    int32_t colocation_id;
    int32_t shard_index;
    int32_t group_id;
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
    // Cost-based plans only, between 0 and 1: a move must narrow the utilization gap between its
    // source and target by at least this fraction of cost / source capacity + cost / target
    // capacity (what it would narrow the gap by if the shard group did not overshoot). Larger
    // values skip moves that shift much data for little balance.
    double improvement_threshold = 0.0;
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
//
// That is the plan whenever every cost and capacity is 1, nothing is disallowed and the
// improvement threshold is 0. Otherwise the plan is cost-based, over all colocation groups at
// once: a node's utilization is the cost of its shard groups divided by its capacity. First shard
// groups on draining nodes, or on nodes they are disallowed on, move to the allowed eligible node
// with the lowest utilization after the move (shard groups in colocation id and shard index
// order; one that no node allows stays). Unless drain_only, moves then repeat while one is worth
// making: a move of a movable shard group of positive cost to an eligible node that allows it,
// whose source is above (1 + threshold) times the average utilization or whose target is below
// (1 - threshold) times it, that leaves both nodes below the source's utilization before the move
// (so nothing moves back and forth) and narrows their gap as improvement_threshold asks. Of the
// moves worth making the one leaving the lower of the two nodes' higher utilization wins, then
// the one that spreads its colocation group most (the source holds the most of its colocation
// group relative to the target), then the lowest colocation id, shard index and target group id.
// The average is the eligible nodes' cost over their capacity.
std::vector<RebalanceMove> plan_rebalance(const std::vector<RebalanceNode> &nodes,
                                          const std::vector<RebalanceShardGroup> &shard_groups,
                                          const RebalanceOptions &options = {},
                                          const std::vector<RebalanceDisallowed> &disallowed = {});

} // namespace tessera::core
