// The rebalance planner: by shard count, or by cost (see rebalance_planner.h).
#include "tessera/core/rebalance_planner.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

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

namespace {

// The by-shard-count plan (every cost and capacity 1, nothing disallowed).
std::vector<RebalanceMove> plan_by_count(const std::vector<RebalanceNode> &nodes,
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

} // namespace

namespace {

// A node of the cost-based plan.
struct CostNode {
    int32_t group_id;
    bool eligible;
    double capacity;
    double load = 0.0;                      // cost of the shard groups on it
    std::map<int32_t, int64_t> colocations; // shard groups per colocation group

    double utilization() const { return load / capacity; }
    double utilization_with(double delta) const { return (load + delta) / capacity; }
};

// A shard group of the cost-based plan and where it is now.
struct CostGroup {
    RebalanceShardGroup group;
    CostNode *node;
};

// The cost-based plan (see plan_rebalance in rebalance_planner.h).
std::vector<RebalanceMove> plan_by_cost(const std::vector<RebalanceNode> &nodes,
                                        const std::vector<RebalanceShardGroup> &shard_groups,
                                        const RebalanceOptions &options,
                                        const std::vector<RebalanceDisallowed> &disallowed)
{
    std::vector<RebalanceMove> moves;
    if (options.max_moves <= 0)
        return moves;

    // Nodes by group id (a group listed twice counts once: eligible if any entry says so, with
    // the larger capacity). A node without a positive, finite capacity is not eligible.
    std::map<int32_t, CostNode> by_group;
    for (const RebalanceNode &node : nodes) {
        bool usable = node.should_have_shards && std::isfinite(node.capacity) && node.capacity > 0;
        auto [it, inserted] = by_group.try_emplace(node.group_id);
        CostNode &state = it->second;
        state.group_id = node.group_id;
        if (inserted) {
            state.eligible = usable;
            state.capacity = usable ? node.capacity : 1.0;
        } else if (usable && (!state.eligible || node.capacity > state.capacity)) {
            state.eligible = true;
            state.capacity = node.capacity;
        }
    }
    bool any_eligible = false;
    for (auto &entry : by_group)
        any_eligible = any_eligible || entry.second.eligible;
    if (!any_eligible)
        return moves;

    std::set<std::tuple<int32_t, int32_t, int32_t>> not_allowed;
    for (const RebalanceDisallowed &rule : disallowed)
        not_allowed.insert({rule.colocation_id, rule.shard_index, rule.group_id});
    auto allowed = [&](const RebalanceShardGroup &group, const CostNode &node) {
        return not_allowed.count({group.colocation_id, group.shard_index, node.group_id}) == 0;
    };

    // Shard groups on known nodes, in colocation id and shard index order.
    std::vector<CostGroup> groups;
    for (const RebalanceShardGroup &group : shard_groups) {
        auto node = by_group.find(group.group_id);
        if (node == by_group.end())
            continue;
        RebalanceShardGroup copy = group;
        if (!std::isfinite(copy.cost) || copy.cost < 0)
            copy.cost = 0;
        groups.push_back({copy, &node->second});
        node->second.load += copy.cost;
        node->second.colocations[copy.colocation_id]++;
    }
    std::sort(groups.begin(), groups.end(), [](const CostGroup &a, const CostGroup &b) {
        return std::make_pair(a.group.colocation_id, a.group.shard_index) <
               std::make_pair(b.group.colocation_id, b.group.shard_index);
    });

    auto record = [&](CostGroup &group, CostNode &target) {
        CostNode &source = *group.node;
        source.load -= group.group.cost;
        target.load += group.group.cost;
        source.colocations[group.group.colocation_id]--;
        target.colocations[group.group.colocation_id]++;
        moves.push_back(
            {group.group.colocation_id, group.group.shard_index, source.group_id, target.group_id});
        group.node = &target;
    };

    // 1. Off draining nodes and nodes a shard group is disallowed on.
    for (CostGroup &group : groups) {
        if (!group.group.movable || (group.node->eligible && allowed(group.group, *group.node)))
            continue;
        CostNode *best = nullptr;
        for (auto &entry : by_group) {
            CostNode &node = entry.second;
            if (!node.eligible || &node == group.node || !allowed(group.group, node))
                continue;
            if (best == nullptr ||
                node.utilization_with(group.group.cost) < best->utilization_with(group.group.cost))
                best = &node;
        }
        if (best == nullptr)
            continue; // no node allows it: it stays
        if (static_cast<int64_t>(moves.size()) >= options.max_moves)
            return moves;
        record(group, *best);
    }
    if (options.drain_only)
        return moves;

    // 2. Balance. Every move leaves both of its nodes below the source's utilization before
    // it, so the nodes' utilizations sorted from high to low decrease lexicographically with
    // each move: the loop ends.
    for (;;) {
        double load = 0.0;
        double capacity = 0.0;
        for (auto &entry : by_group) {
            if (entry.second.eligible) {
                load += entry.second.load;
                capacity += entry.second.capacity;
            }
        }
        double average = load / capacity;
        double upper = average * (1.0 + options.threshold);
        double lower = average * (1.0 - options.threshold);

        CostGroup *best_group = nullptr;
        CostNode *best_target = nullptr;
        double best_peak = 0.0;
        int64_t best_spread = 0;
        for (CostGroup &group : groups) {
            CostNode &source = *group.node;
            double cost = group.group.cost;
            if (!group.group.movable || !source.eligible || !(cost > 0))
                continue;
            double source_before = source.utilization();
            double source_after = source.utilization_with(-cost);
            if (!(source_after < source_before))
                continue; // the cost is lost in rounding
            for (auto &entry : by_group) {
                CostNode &target = entry.second;
                if (!target.eligible || &target == &source || !allowed(group.group, target))
                    continue;
                double target_before = target.utilization();
                if (!(source_before > upper || target_before < lower))
                    continue; // both nodes are balanced enough
                double target_after = target.utilization_with(cost);
                if (!(target_after < source_before))
                    continue; // would only turn the imbalance around
                double gap_before = source_before - target_before;
                double gap_after = std::fabs(source_after - target_after);
                double narrowed = gap_before - gap_after;
                double full = cost / source.capacity + cost / target.capacity;
                if (!(narrowed > 0) || narrowed < options.improvement_threshold * full)
                    continue;
                double peak = std::max(source_after, target_after);
                int64_t spread = source.colocations[group.group.colocation_id] -
                                 target.colocations[group.group.colocation_id];
                // Groups come in (colocation, shard index) order and targets in group id order,
                // so only strictly better candidates replace the best one.
                if (best_group == nullptr || peak < best_peak ||
                    (peak == best_peak && spread > best_spread)) {
                    best_group = &group;
                    best_target = &target;
                    best_peak = peak;
                    best_spread = spread;
                }
            }
        }
        if (best_group == nullptr)
            break;
        if (static_cast<int64_t>(moves.size()) >= options.max_moves)
            break;
        record(*best_group, *best_target);
    }
    return moves;
}

} // namespace

std::vector<RebalanceMove> plan_rebalance(const std::vector<RebalanceNode> &nodes,
                                          const std::vector<RebalanceShardGroup> &shard_groups,
                                          const RebalanceOptions &options,
                                          const std::vector<RebalanceDisallowed> &disallowed)
{
    bool by_count = disallowed.empty() && options.improvement_threshold == 0.0;
    for (const RebalanceNode &node : nodes)
        by_count = by_count && node.capacity == 1.0;
    for (const RebalanceShardGroup &group : shard_groups)
        by_count = by_count && group.cost == 1.0;
    if (by_count)
        return plan_by_count(nodes, shard_groups, options);
    return plan_by_cost(nodes, shard_groups, options, disallowed);
}

} // namespace tessera::core
