// Tests for round-robin placement and the COPY schedule.
#include "tessera/core/shard_layout.h"

#include "tessera/core/error.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>
#include <utility>

using tessera::core::connections_per_node;
using tessera::core::round_robin_nodes;
using tessera::core::schedule_copy;

TEST(ShardLayout, RoundRobinSpreadsEvenly)
{
    auto nodes = round_robin_nodes(32, 2);
    ASSERT_EQ(nodes.size(), 32u);
    for (int i = 0; i < 32; i++)
        EXPECT_EQ(nodes[i], i % 2);
    auto shifted = round_robin_nodes(4, 3, 1);
    EXPECT_EQ(shifted, (std::vector<int>{1, 2, 0, 1}));
    EXPECT_EQ(round_robin_nodes(3, 3, -1), (std::vector<int>{2, 0, 1}));
    EXPECT_TRUE(round_robin_nodes(0, 2).empty());
}

TEST(ShardLayout, RoundRobinNeedsNodes)
{
    EXPECT_THROW(round_robin_nodes(4, 0), tessera::Error);
}

TEST(ShardLayout, ScheduleUsesEachConnectionOncePerPass)
{
    auto nodes = round_robin_nodes(37, 3);
    for (int max_connections : {1, 2, 4, 16, 64}) {
        auto slots = schedule_copy(nodes, 3, max_connections);
        ASSERT_EQ(slots.size(), nodes.size());
        std::set<std::tuple<int, int, int>> used; // node, connection, pass
        for (size_t i = 0; i < slots.size(); i++) {
            EXPECT_GE(slots[i].connection, 0);
            EXPECT_LT(slots[i].connection, max_connections);
            EXPECT_TRUE(used.insert({nodes[i], slots[i].connection, slots[i].pass}).second);
        }
        auto counts = connections_per_node(nodes, 3, max_connections);
        for (size_t i = 0; i < slots.size(); i++)
            EXPECT_LT(slots[i].connection, counts[nodes[i]]);
    }
}

TEST(ShardLayout, FewShardsNeedOnePass)
{
    auto nodes = round_robin_nodes(8, 2);
    auto slots = schedule_copy(nodes, 2, 4);
    for (auto slot : slots)
        EXPECT_EQ(slot.pass, 0);
    EXPECT_EQ(connections_per_node(nodes, 2, 4), (std::vector<int>{4, 4}));
    EXPECT_EQ(connections_per_node(nodes, 2, 16), (std::vector<int>{4, 4}));
}

TEST(ShardLayout, RejectsBadInput)
{
    EXPECT_THROW(schedule_copy({0, 1}, 2, 0), tessera::Error);
    EXPECT_THROW(schedule_copy({0, 2}, 2, 1), tessera::Error);
}
