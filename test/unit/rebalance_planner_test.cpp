#include "tessera/core/rebalance_planner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace {

using tessera::core::plan_rebalance;
using tessera::core::RebalanceMove;
using tessera::core::RebalanceNode;
using tessera::core::RebalanceOptions;
using tessera::core::RebalanceShardGroup;

// `count` shard groups of colocation group `colocation`, all on `group`.
std::vector<RebalanceShardGroup> on_node(int32_t colocation, int count, int32_t group,
                                         int first = 0)
{
    std::vector<RebalanceShardGroup> groups;
    for (int i = 0; i < count; i++)
        groups.push_back({colocation, first + i, group, true});
    return groups;
}

std::vector<RebalanceShardGroup> concat(std::vector<RebalanceShardGroup> a,
                                        const std::vector<RebalanceShardGroup> &b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// Shard groups per (colocation, node) after applying `moves`.
std::map<std::pair<int32_t, int32_t>, int> counts_after(std::vector<RebalanceShardGroup> groups,
                                                        const std::vector<RebalanceMove> &moves)
{
    for (const RebalanceMove &move : moves) {
        auto it = std::find_if(groups.begin(), groups.end(), [&](const RebalanceShardGroup &g) {
            return g.colocation_id == move.colocation_id && g.shard_index == move.shard_index;
        });
        EXPECT_NE(it, groups.end());
        EXPECT_EQ(it->group_id, move.source_group_id);
        it->group_id = move.target_group_id;
    }
    std::map<std::pair<int32_t, int32_t>, int> counts;
    for (const RebalanceShardGroup &g : groups)
        counts[{g.colocation_id, g.group_id}]++;
    return counts;
}

TEST(RebalancePlanner, NothingToDoWithoutNodesOrShards)
{
    EXPECT_TRUE(plan_rebalance({}, {}).empty());
    EXPECT_TRUE(plan_rebalance({{1, true}, {2, true}}, {}).empty());
    EXPECT_TRUE(plan_rebalance({}, on_node(1, 4, 1)).empty());
}

TEST(RebalancePlanner, AlreadyBalancedStays)
{
    auto groups = concat(on_node(1, 2, 1, 0), on_node(1, 2, 2, 2));
    EXPECT_TRUE(plan_rebalance({{1, true}, {2, true}}, groups).empty());
    // Odd counts: a difference of one is balanced.
    groups = concat(on_node(1, 3, 1, 0), on_node(1, 2, 2, 3));
    EXPECT_TRUE(plan_rebalance({{1, true}, {2, true}}, groups).empty());
}

TEST(RebalancePlanner, NewEmptyNodeGetsHalf)
{
    auto groups = on_node(1, 4, 1);
    auto moves = plan_rebalance({{1, true}, {2, true}}, groups);
    ASSERT_EQ(moves.size(), 2u);
    EXPECT_EQ(moves[0].shard_index, 0);
    EXPECT_EQ(moves[1].shard_index, 1);
    for (const RebalanceMove &move : moves) {
        EXPECT_EQ(move.colocation_id, 1);
        EXPECT_EQ(move.source_group_id, 1);
        EXPECT_EQ(move.target_group_id, 2);
    }
    auto counts = counts_after(groups, moves);
    EXPECT_EQ((counts[{1, 1}]), 2);
    EXPECT_EQ((counts[{1, 2}]), 2);
}

TEST(RebalancePlanner, ThirdNodeEvensOutEveryColocationGroup)
{
    // Two colocation groups of 6 and 3 shard groups on two nodes; a third node joins.
    auto groups = concat(concat(on_node(1, 3, 1, 0), on_node(1, 3, 2, 3)),
                         concat(on_node(7, 2, 1, 0), on_node(7, 1, 2, 2)));
    std::vector<RebalanceNode> nodes{{1, true}, {2, true}, {3, true}};
    auto moves = plan_rebalance(nodes, groups);
    auto counts = counts_after(groups, moves);
    for (int32_t colocation : {1, 7}) {
        int low = 1 << 30, high = 0;
        for (int32_t node : {1, 2, 3}) {
            low = std::min(low, counts[{colocation, node}]);
            high = std::max(high, counts[{colocation, node}]);
        }
        EXPECT_LE(high - low, 1) << "colocation " << colocation;
    }
    EXPECT_EQ((counts[{1, 3}]), 2);
    EXPECT_EQ((counts[{7, 3}]), 1);
    // Every node ends with 3 shard groups in total.
    for (int32_t node : {1, 2, 3})
        EXPECT_EQ((counts[{1, node}] + counts[{7, node}]), 3) << "node " << node;
    EXPECT_EQ(moves.size(), 3u);
}

TEST(RebalancePlanner, IsDeterministicRegardlessOfInputOrder)
{
    auto groups = concat(on_node(2, 5, 1), on_node(3, 3, 2));
    std::vector<RebalanceNode> nodes{{1, true}, {2, true}, {5, true}};
    auto moves = plan_rebalance(nodes, groups);
    std::reverse(groups.begin(), groups.end());
    std::reverse(nodes.begin(), nodes.end());
    auto again = plan_rebalance(nodes, groups);
    ASSERT_EQ(moves.size(), again.size());
    for (size_t i = 0; i < moves.size(); i++) {
        EXPECT_EQ(moves[i].colocation_id, again[i].colocation_id);
        EXPECT_EQ(moves[i].shard_index, again[i].shard_index);
        EXPECT_EQ(moves[i].source_group_id, again[i].source_group_id);
        EXPECT_EQ(moves[i].target_group_id, again[i].target_group_id);
    }
}

TEST(RebalancePlanner, DrainingNodeIsEmptied)
{
    auto groups = concat(on_node(1, 2, 1, 0), on_node(1, 2, 2, 2));
    auto moves = plan_rebalance({{1, true}, {2, false}, {3, true}}, groups);
    auto counts = counts_after(groups, moves);
    EXPECT_EQ((counts[{1, 2}]), 0);
    EXPECT_EQ((counts[{1, 1}]), 2);
    EXPECT_EQ((counts[{1, 3}]), 2);
    for (const RebalanceMove &move : moves) {
        EXPECT_EQ(move.source_group_id, 2);
        EXPECT_EQ(move.target_group_id, 3);
    }
}

TEST(RebalancePlanner, DrainOnlyMovesNothingElse)
{
    // Node 1 is overloaded, node 3 drains: with drain_only only node 3's shard groups move.
    auto groups = concat(on_node(1, 6, 1, 0), on_node(1, 2, 3, 6));
    RebalanceOptions options;
    options.drain_only = true;
    auto moves = plan_rebalance({{1, true}, {2, true}, {3, false}}, groups, options);
    ASSERT_EQ(moves.size(), 2u);
    for (const RebalanceMove &move : moves) {
        EXPECT_EQ(move.source_group_id, 3);
        EXPECT_EQ(move.target_group_id, 2);
    }
    EXPECT_TRUE(plan_rebalance({{1, true}, {2, true}}, on_node(1, 6, 1), options).empty());
}

TEST(RebalancePlanner, NoEligibleNodeMeansNoMoves)
{
    EXPECT_TRUE(plan_rebalance({{1, false}, {2, false}}, on_node(1, 4, 1)).empty());
}

TEST(RebalancePlanner, MaxMovesCutsThePlan)
{
    RebalanceOptions options;
    options.max_moves = 1;
    auto moves = plan_rebalance({{1, true}, {2, true}}, on_node(1, 8, 1), options);
    ASSERT_EQ(moves.size(), 1u);
    EXPECT_EQ(moves[0].shard_index, 0);
    options.max_moves = 0;
    EXPECT_TRUE(plan_rebalance({{1, true}, {2, true}}, on_node(1, 8, 1), options).empty());
}

TEST(RebalancePlanner, ExcludedShardGroupsStay)
{
    auto groups = on_node(1, 4, 1);
    groups[0].movable = false;
    groups[1].movable = false;
    auto moves = plan_rebalance({{1, true}, {2, true}}, groups);
    ASSERT_EQ(moves.size(), 2u);
    EXPECT_EQ(moves[0].shard_index, 2);
    EXPECT_EQ(moves[1].shard_index, 3);
    // Nothing movable: nothing moves even though unbalanced.
    for (auto &g : groups)
        g.movable = false;
    EXPECT_TRUE(plan_rebalance({{1, true}, {2, true}}, groups).empty());
}

TEST(RebalancePlanner, ThresholdStopsInsideTheBand)
{
    // 10 and 6 shard groups: the average is 8.
    auto groups = concat(on_node(1, 10, 1, 0), on_node(1, 6, 2, 10));
    std::vector<RebalanceNode> nodes{{1, true}, {2, true}};
    auto counts_for = [&](double threshold) {
        RebalanceOptions options;
        options.threshold = threshold;
        return counts_after(groups, plan_rebalance(nodes, groups, options));
    };
    // 0.3: 5.6 .. 10.4 holds both nodes already.
    EXPECT_EQ(counts_for(0.3)[std::make_pair(1, 1)], 10);
    // 0.2: 6.4 .. 9.6, one move (9 and 7).
    EXPECT_EQ(counts_for(0.2)[std::make_pair(1, 1)], 9);
    EXPECT_EQ(counts_for(0.2)[std::make_pair(1, 2)], 7);
    // 0.1: 7.2 .. 8.8, fully even; 0 is the default and evens out completely too.
    EXPECT_EQ(counts_for(0.1)[std::make_pair(1, 1)], 8);
    EXPECT_EQ(counts_for(0.0)[std::make_pair(1, 2)], 8);
}

TEST(RebalancePlanner, ThresholdDoesNotStopDraining)
{
    auto groups = concat(on_node(1, 1, 1, 0), on_node(1, 3, 2, 1));
    RebalanceOptions options;
    options.threshold = 1.0;
    auto counts = counts_after(groups, plan_rebalance({{1, false}, {2, true}}, groups, options));
    EXPECT_EQ(counts[std::make_pair(1, 2)], 4);
}

TEST(RebalancePlanner, ShardGroupsOnUnknownNodesAreIgnored)
{
    auto groups = concat(on_node(1, 4, 9), on_node(1, 2, 1, 4));
    auto moves = plan_rebalance({{1, true}, {2, true}}, groups);
    ASSERT_EQ(moves.size(), 1u);
    EXPECT_EQ(moves[0].source_group_id, 1);
    EXPECT_EQ(moves[0].target_group_id, 2);
}

TEST(RebalancePlanner, SpareShardGroupsOfColocationGroupsSpreadOverNodes)
{
    // Three colocation groups of 3 shard groups on node 1; nodes 2 and 3 are empty. Each group
    // ends 1/1/1 and no node ends with more than 3 in total.
    auto groups = concat(concat(on_node(1, 3, 1), on_node(2, 3, 1)), on_node(3, 3, 1));
    auto moves = plan_rebalance({{1, true}, {2, true}, {3, true}}, groups);
    auto counts = counts_after(groups, moves);
    for (int32_t node : {1, 2, 3})
        EXPECT_EQ((counts[{1, node}] + counts[{2, node}] + counts[{3, node}]), 3);
    // Two colocation groups of 3 on two nodes: the extra shard groups go to different nodes.
    groups = concat(on_node(1, 3, 1), on_node(2, 3, 1));
    moves = plan_rebalance({{1, true}, {2, true}}, groups);
    counts = counts_after(groups, moves);
    EXPECT_EQ((counts[{1, 1}] + counts[{2, 1}]), 3);
    EXPECT_EQ((counts[{1, 2}] + counts[{2, 2}]), 3);
}

} // namespace
