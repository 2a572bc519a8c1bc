// The by-shard-count rebalance planner.
#include "tessera/core/rebalance_planner.h"

#include <algorithm>
#include <map>
#include <set>

namespace tessera::core {

namespace {

struct NodeState {
    int32_t group_id;
    bool eligible;
    int64_t total;               // shard groups of every colocation group
    std::set<int32_t> movable;   // shard indexes of the current colocation group
    std::set<int32_t> unmovable; // excluded shard indexes of the current colocation group
    int64_t count() const { return static_cast<int64_t>(movable.size() + unmovable.size()); }
};

} // namespace

std::vector<RebalanceMove> plan_rebalance(const std::vector<RebalanceNode> &nodes,
                                          const std::vector<RebalanceShardGroup> &shard_groups,
                                          const RebalanceOptions &options)
{
    std::vector<RebalanceMove> moves;
    if (options.max_moves <= 0)
        return moves;

    // Nodes by group id (a group listed twice counts once; eligible if any entry says so).
    std::map<int32_t, NodeState> by_group;
    for (const RebalanceNode &node : nodes) {
        auto [it, inserted] = by_group.try_emplace(node.group_id);
        NodeState &state = it->second;
        state.group_id = node.group_id;
        state.eligible =
            inserted ? node.should_have_shards : (state.eligible || node.should_have_shards);
        state.total = 0;
    }
    bool any_eligible = false;
    for (auto &entry : by_group)
        any_eligible = any_eligible || entry.second.eligible;
    if (!any_eligible)
        return moves;

    // Shard groups per colocation group, only those on known nodes.
    std::map<int32_t, std::vector<RebalanceShardGroup>> by_colocation;
    for (const RebalanceShardGroup &group : shard_groups) {
        auto node = by_group.find(group.group_id);
        if (node == by_group.end())
            continue;
        node->second.total++;
        by_colocation[group.colocation_id].push_back(group);
    }

    for (auto &[colocation_id, groups] : by_colocation) {
        for (auto &entry : by_group) {
            entry.second.movable.clear();
            entry.second.unmovable.clear();
        }
        for (const RebalanceShardGroup &group : groups) {
            NodeState &node = by_group.at(group.group_id);
            (group.movable ? node.movable : node.unmovable).insert(group.shard_index);
        }

        auto record = [&](NodeState &source, NodeState &target, int32_t shard_index) {
            source.movable.erase(shard_index);
            target.movable.insert(shard_index);
            source.total--;
            target.total++;
            moves.push_back({colocation_id, shard_index, source.group_id, target.group_id});
        };
        // The eligible node with the fewest shard groups of this colocation group.
        auto emptiest = [&]() -> NodeState * {
            NodeState *best = nullptr;
            for (auto &entry : by_group) {
                NodeState &node = entry.second;
                if (!node.eligible)
                    continue;
                if (best == nullptr || node.count() < best->count() ||
                    (node.count() == best->count() && node.total < best->total))
                    best = &node;
            }
            return best;
        };

        // 1. Drain: everything movable leaves nodes that should not have shards.
        for (auto &entry : by_group) {
            NodeState &source = entry.second;
            if (source.eligible)
                continue;
            while (!source.movable.empty()) {
                if (static_cast<int64_t>(moves.size()) >= options.max_moves)
                    return moves;
                record(source, *emptiest(), *source.movable.begin());
            }
        }
        if (options.drain_only)
            continue;

        // The band of counts that is balanced enough (see RebalanceOptions::threshold).
        int64_t eligible_nodes = 0;
        for (auto &entry : by_group)
            eligible_nodes += entry.second.eligible ? 1 : 0;
        double average = static_cast<double>(groups.size()) / static_cast<double>(eligible_nodes);
        double upper = average * (1.0 + options.threshold);
        double lower = average * (1.0 - options.threshold);

        // 2. Even out: from the fullest node that has something movable to the emptiest one.
        // Every move lowers the sum of squared counts of this colocation group, or keeps it and
        // lowers the sum of squared totals, so the loop ends.
        for (;;) {
            NodeState *target = emptiest();
            NodeState *source = nullptr;
            for (auto &entry : by_group) {
                NodeState &node = entry.second;
                if (!node.eligible || node.movable.empty() || &node == target)
                    continue;
                if (source == nullptr || node.count() > source->count() ||
                    (node.count() == source->count() && node.total > source->total))
                    source = &node;
            }
            if (source == nullptr)
                break;
            // A difference of two or more is uneven; at one, moving swaps the counts and is
            // worth it only when it evens out the totals over all colocation groups.
            int64_t difference = source->count() - target->count();
            if (difference < 1 || (difference == 1 && source->total - target->total <= 1))
                break;
            if (static_cast<double>(source->count()) <= upper &&
                static_cast<double>(target->count()) >= lower)
                break; // within the threshold

            if (static_cast<int64_t>(moves.size()) >= options.max_moves)
                return moves;
            record(*source, *target, *source->movable.begin());
        }
    }
    return moves;
}

} // namespace tessera::core
