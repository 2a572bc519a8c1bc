#include "tessera/core/rebalance_planner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

namespace {

using tessera::core::plan_rebalance;
using tessera::core::RebalanceDisallowed;
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

// ---------------------------------------------------------------------------------------------
// Cost-based plans (by_disk_size and user-defined strategies)

// One shard group of colocation group `colocation` with the given cost, on `group`.
RebalanceShardGroup costed(int32_t colocation, int32_t index, int32_t group, double cost)
{
    RebalanceShardGroup g{colocation, index, group, true};
    g.cost = cost;
    return g;
}

RebalanceNode node_with_capacity(int32_t group, double capacity, bool eligible = true)
{
    RebalanceNode node{group, eligible};
    node.capacity = capacity;
    return node;
}

// Cost per node (group) after applying `moves`.
std::map<int32_t, double> loads_after(std::vector<RebalanceShardGroup> groups,
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
    std::map<int32_t, double> loads;
    for (const RebalanceShardGroup &g : groups)
        loads[g.group_id] += g.cost;
    return loads;
}

// `groups` with `moves` applied.
std::vector<RebalanceShardGroup> applied(std::vector<RebalanceShardGroup> groups,
                                         const std::vector<RebalanceMove> &moves)
{
    for (const RebalanceMove &move : moves)
        for (RebalanceShardGroup &g : groups)
            if (g.colocation_id == move.colocation_id && g.shard_index == move.shard_index)
                g.group_id = move.target_group_id;
    return groups;
}

TEST(RebalancePlannerByCost, BigShardGroupStaysAndTheSmallOnesMove)
{
    // Node 1: one shard group of 1000 and two of 10; node 2: three of 10. Moving the big one
    // would only turn the imbalance around, so the small ones leave node 1.
    std::vector<RebalanceShardGroup> groups{costed(1, 0, 1, 1000), costed(1, 1, 1, 10),
                                            costed(1, 2, 1, 10),   costed(1, 3, 2, 10),
                                            costed(1, 4, 2, 10),   costed(1, 5, 2, 10)};
    RebalanceOptions options;
    options.threshold = 0.1;
    options.improvement_threshold = 0.5;
    auto moves = plan_rebalance({{1, true}, {2, true}}, groups, options);
    ASSERT_EQ(moves.size(), 2u);
    for (const RebalanceMove &move : moves) {
        EXPECT_NE(move.shard_index, 0);
        EXPECT_EQ(move.source_group_id, 1);
        EXPECT_EQ(move.target_group_id, 2);
    }
    auto loads = loads_after(groups, moves);
    EXPECT_EQ(loads[1], 1000);
    EXPECT_EQ(loads[2], 50);
}

TEST(RebalancePlannerByCost, UnequalSizesEvenOutBySize)
{
    // Sizes 40, 30, 20, 10 on node 1, node 2 empty: one move of 40 and one of 10 gives 50/50.
    std::vector<RebalanceShardGroup> groups{costed(1, 0, 1, 40), costed(1, 1, 1, 30),
                                            costed(1, 2, 1, 20), costed(1, 3, 1, 10)};
    auto moves = plan_rebalance({{1, true}, {2, true}}, groups, RebalanceOptions{});
    auto loads = loads_after(groups, moves);
    EXPECT_EQ(loads[1], 50);
    EXPECT_EQ(loads[2], 50);
    ASSERT_EQ(moves.size(), 2u);
    EXPECT_EQ(moves[0].shard_index, 0); // the 40 first: it lowers node 1 the most
    // By count the same input moves the two lowest shard indexes (40 and 30): 30/70.
    for (auto &g : groups)
        g.cost = 1;
    auto by_count = plan_rebalance({{1, true}, {2, true}}, groups);
    ASSERT_EQ(by_count.size(), 2u);
    EXPECT_EQ(by_count[1].shard_index, 1);
}

TEST(RebalancePlannerByCost, CapacitiesShareTheLoad)
{
    // Eight unit-cost shard groups; node 1 has three times node 2's capacity: 6 and 2.
    std::vector<RebalanceShardGroup> groups;
    for (int i = 0; i < 8; i++)
        groups.push_back(costed(1, i, 2, 1));
    auto moves = plan_rebalance({node_with_capacity(1, 3), node_with_capacity(2, 1)}, groups, {});
    auto loads = loads_after(groups, moves);
    EXPECT_EQ(loads[1], 6);
    EXPECT_EQ(loads[2], 2);
    // A node without capacity gets nothing and is drained.
    moves =
        plan_rebalance({node_with_capacity(1, 0), node_with_capacity(2, 1)}, on_node(1, 3, 1), {});
    EXPECT_EQ(loads_after(on_node(1, 3, 1), moves)[2], 3);
}

TEST(RebalancePlannerByCost, DisallowedNodesAreAvoidedAndLeft)
{
    // Shard group 0 may not be on node 2, shard group 1 not on node 1 (where it is).
    auto groups = on_node(1, 4, 1);
    std::vector<RebalanceDisallowed> rules{{1, 0, 2}, {1, 1, 1}};
    auto moves = plan_rebalance({{1, true}, {2, true}}, groups, {}, rules);
    ASSERT_FALSE(moves.empty());
    EXPECT_EQ(moves[0].shard_index, 1); // leaves the node it may not be on, first
    for (const RebalanceMove &move : moves)
        EXPECT_FALSE(move.shard_index == 0 && move.target_group_id == 2);
    auto after = applied(groups, moves);
    EXPECT_EQ(after[0].group_id, 1);
    EXPECT_EQ(after[1].group_id, 2);
    auto loads = loads_after(groups, moves);
    EXPECT_EQ(loads[1], 2);
    EXPECT_EQ(loads[2], 2);
    // Allowed nowhere else: it stays, and nothing else breaks.
    moves = plan_rebalance({{1, true}, {2, true}}, on_node(1, 1, 1), {}, {{1, 0, 1}, {1, 0, 2}});
    EXPECT_TRUE(moves.empty());
}

TEST(RebalancePlannerByCost, NoPingPong)
{
    // One shard group: moving it only swaps the nodes' loads.
    EXPECT_TRUE(
        plan_rebalance({{1, true}, {2, true}}, {costed(1, 0, 1, 10)}, RebalanceOptions{}).empty());
    // 10 and 7 on different nodes: any move makes it worse or mirrors it.
    EXPECT_TRUE(plan_rebalance({{1, true}, {2, true}}, {costed(1, 0, 1, 10), costed(1, 1, 2, 7)},
                               RebalanceOptions{})
                    .empty());
    // Random inputs: a plan applied leaves nothing to do, and no shard group moves twice in a
    // row back to where it was.
    std::mt19937 random(42);
    for (int round = 0; round < 200; round++) {
        int node_count = 2 + static_cast<int>(random() % 4);
        std::vector<RebalanceNode> nodes;
        for (int n = 1; n <= node_count; n++)
            nodes.push_back(node_with_capacity(n, 1 + random() % 3, random() % 5 != 0));
        std::vector<RebalanceShardGroup> groups;
        int group_count = 1 + static_cast<int>(random() % 12);
        for (int i = 0; i < group_count; i++)
            groups.push_back(costed(1 + static_cast<int32_t>(random() % 3), i,
                                    1 + static_cast<int32_t>(random() % node_count),
                                    static_cast<double>(1 + random() % 100)));
        RebalanceOptions options;
        options.threshold = (random() % 3) * 0.05;
        options.improvement_threshold = (random() % 3) * 0.25;
        auto moves = plan_rebalance(nodes, groups, options);
        EXPECT_LE(moves.size(), static_cast<size_t>(group_count * node_count)) << round;
        for (size_t m = 1; m < moves.size(); m++)
            EXPECT_FALSE(moves[m].colocation_id == moves[m - 1].colocation_id &&
                         moves[m].shard_index == moves[m - 1].shard_index &&
                         moves[m].target_group_id == moves[m - 1].source_group_id)
                << round;
        EXPECT_TRUE(plan_rebalance(nodes, applied(groups, moves), options).empty()) << round;
    }
}

TEST(RebalancePlannerByCost, ImprovementThresholdSkipsSmallGains)
{
    // 56 (26 + 3 x 10) and 44: moving a 10 gives 46/54, the gap narrows from 12 to 8, 4 of the
    // 20 a move of 10 could narrow it by.
    std::vector<RebalanceShardGroup> groups{costed(1, 0, 1, 26), costed(1, 1, 1, 10),
                                            costed(1, 2, 1, 10), costed(1, 3, 1, 10),
                                            costed(1, 4, 2, 44)};
    RebalanceOptions options;
    options.improvement_threshold = 0.5;
    EXPECT_TRUE(plan_rebalance({{1, true}, {2, true}}, groups, options).empty());
    options.improvement_threshold = 0.1;
    auto moves = plan_rebalance({{1, true}, {2, true}}, groups, options);
    ASSERT_EQ(moves.size(), 1u);
    EXPECT_EQ(loads_after(groups, moves)[2], 54);
}

TEST(RebalancePlannerByCost, ThresholdBand)
{
    // 60 and 40 in shard groups of 10: the average is 50.
    std::vector<RebalanceShardGroup> groups;
    for (int i = 0; i < 6; i++)
        groups.push_back(costed(1, i, 1, 10));
    for (int i = 6; i < 10; i++)
        groups.push_back(costed(1, i, 2, 10));
    RebalanceOptions options;
    options.improvement_threshold = 0.5;
    options.threshold = 0.25; // 37.5 .. 62.5 holds both
    EXPECT_TRUE(plan_rebalance({{1, true}, {2, true}}, groups, options).empty());
    options.threshold = 0.1; // 45 .. 55: one move
    auto moves = plan_rebalance({{1, true}, {2, true}}, groups, options);
    ASSERT_EQ(moves.size(), 1u);
    EXPECT_EQ(loads_after(groups, moves)[1], 50);
}

TEST(RebalancePlannerByCost, DrainsByCostAndHonoursOptions)
{
    std::vector<RebalanceShardGroup> groups{costed(1, 0, 3, 30), costed(1, 1, 3, 20),
                                            costed(1, 2, 1, 25), costed(1, 3, 2, 5)};
    RebalanceOptions options;
    options.drain_only = true;
    auto moves = plan_rebalance({{1, true}, {2, true}, {3, false}}, groups, options);
    ASSERT_EQ(moves.size(), 2u);
    // 30 goes to the emptier node 2 (35 < 55), then 20 to node 1 (45 < 55).
    EXPECT_EQ(moves[0].target_group_id, 2);
    EXPECT_EQ(moves[1].target_group_id, 1);
    auto loads = loads_after(groups, moves);
    EXPECT_EQ(loads[3], 0);
    options.max_moves = 1;
    EXPECT_EQ(plan_rebalance({{1, true}, {2, true}, {3, false}}, groups, options).size(), 1u);
    // Excluded shard groups stay even on a draining node.
    groups[0].movable = false;
    options.max_moves = 100;
    moves = plan_rebalance({{1, true}, {2, true}, {3, false}}, groups, options);
    ASSERT_EQ(moves.size(), 1u);
    EXPECT_EQ(moves[0].shard_index, 1);
}

TEST(RebalancePlannerByCost, SpreadsColocationGroupsWhenCostsTie)
{
    // Two colocation groups of four unit shard groups on node 1 and a node of capacity 1.0001
    // (not the count plan): each colocation group ends split 2/2.
    auto groups = concat(on_node(1, 4, 1), on_node(2, 4, 1));
    auto moves = plan_rebalance({node_with_capacity(1, 1), node_with_capacity(2, 1.0001)}, groups,
                                RebalanceOptions{});
    auto counts = counts_after(groups, moves);
    EXPECT_EQ((counts[{1, 2}]), 2);
    EXPECT_EQ((counts[{2, 2}]), 2);
}

} // namespace
