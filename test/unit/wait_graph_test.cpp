// Tests for the distributed deadlock detector's graph logic: identities, lasting waits, cycles
// and victims.
#include "tessera/core/wait_graph.h"

#include <gtest/gtest.h>

#include <vector>

using tessera::core::BackendIdentity;
using tessera::core::DeadlockVictim;
using tessera::core::find_deadlock_victims;
using tessera::core::format_backend_identity;
using tessera::core::lasting_edges;
using tessera::core::parse_backend_identity;
using tessera::core::WaitEdge;

namespace {

// An edge waiter -> holder on `node`, each transaction started at its pid times 10 unless given.
WaitEdge edge(int32_t waiter, int32_t holder, int32_t node, int64_t waiter_start = -1,
              int64_t holder_start = -1)
{
    WaitEdge result;
    result.waiter = waiter;
    result.holder = holder;
    result.node = node;
    result.waiter_xact_start = waiter_start >= 0 ? waiter_start : waiter * 10;
    result.holder_xact_start = holder_start >= 0 ? holder_start : holder * 10;
    return result;
}

std::vector<int32_t> victim_pids(const std::vector<DeadlockVictim> &victims)
{
    std::vector<int32_t> pids;
    for (const DeadlockVictim &victim : victims)
        pids.push_back(victim.pid);
    return pids;
}

} // namespace

TEST(BackendIdentity, RoundTrips)
{
    char buffer[64];
    int length = format_backend_identity(buffer, sizeof(buffer), BackendIdentity{4242, 1764160860});
    EXPECT_STREQ(buffer, "tessera:4242:1764160860");
    EXPECT_EQ(length, 23);
    BackendIdentity parsed;
    ASSERT_TRUE(parse_backend_identity(buffer, &parsed));
    EXPECT_EQ(parsed.pid, 4242);
    EXPECT_EQ(parsed.start, 1764160860);
    // fits in application_name (NAMEDATALEN - 1) at the extremes
    EXPECT_LT(format_backend_identity(buffer, sizeof(buffer),
                                      BackendIdentity{2147483647, 9223372036854775807LL}),
              64);
}

TEST(BackendIdentity, RejectsOtherNames)
{
    BackendIdentity parsed;
    for (const char *text :
         {"tessera", "", "psql", "tessera:", "tessera:12", "tessera:12:", "tessera::5",
          "tessera:0:5", "tessera:-1:5", "tessera:12:5x", "tessera:12:5:6", "tessera:x:5",
          "Tessera:12:5", "tessera:99999999999:5", "tessera:12:99999999999999999999"})
        EXPECT_FALSE(parse_backend_identity(text, &parsed)) << text;
    EXPECT_FALSE(parse_backend_identity(nullptr, &parsed));
}

TEST(LastingEdges, KeepsOnlyWaitsOfTheSameTransactions)
{
    std::vector<WaitEdge> first{edge(1, 2, 1), edge(2, 1, 2), edge(3, 1, 1), edge(4, 5, 2)};
    std::vector<WaitEdge> second{edge(2, 1, 1),     // same wait, seen on another node
                                 edge(1, 2, 1),     // unchanged
                                 edge(3, 1, 1, 99), // 3 is in a new transaction now
                                 edge(5, 4, 2)};    // reversed: not the same wait
    std::vector<WaitEdge> lasting = lasting_edges(first, second);
    ASSERT_EQ(lasting.size(), 2u);
    EXPECT_EQ(lasting[0].waiter, 1);
    EXPECT_EQ(lasting[1].waiter, 2);
    EXPECT_TRUE(lasting_edges(first, {}).empty());
}

TEST(DeadlockVictims, TwoNodeCycleCancelsTheYoungest)
{
    // 100 started after 200: 100 is the victim, whatever the order of the edges
    std::vector<WaitEdge> edges{edge(100, 200, 1, 5000, 4000), edge(200, 100, 2, 4000, 5000)};
    auto victims = find_deadlock_victims(edges);
    ASSERT_EQ(victims.size(), 1u);
    EXPECT_EQ(victims[0].pid, 100);
    EXPECT_EQ(victims[0].xact_start, 5000);
    EXPECT_EQ(victims[0].cycle.size(), 2u);
    std::vector<WaitEdge> reversed{edges[1], edges[0]};
    EXPECT_EQ(victim_pids(find_deadlock_victims(reversed)), std::vector<int32_t>{100});
}

TEST(DeadlockVictims, TieOnStartTakesTheHighestPid)
{
    std::vector<WaitEdge> edges{edge(7, 9, 1, 50, 50), edge(9, 7, 2, 50, 50)};
    EXPECT_EQ(victim_pids(find_deadlock_victims(edges)), std::vector<int32_t>{9});
}

TEST(DeadlockVictims, ThreeTransactionCycle)
{
    std::vector<WaitEdge> edges{edge(1, 2, 1), edge(2, 3, 2), edge(3, 1, 1)};
    auto victims = find_deadlock_victims(edges);
    ASSERT_EQ(victims.size(), 1u);
    EXPECT_EQ(victims[0].pid, 3);
    EXPECT_EQ(victims[0].cycle, (std::vector<int32_t>{1, 2, 3}));
}

TEST(DeadlockVictims, CycleThroughACoordinatorLock)
{
    // 1 waits for 2 on the coordinator (node 0), 2 waits for 1 on a worker
    std::vector<WaitEdge> edges{edge(1, 2, 0), edge(2, 1, 1)};
    EXPECT_EQ(victim_pids(find_deadlock_victims(edges)), std::vector<int32_t>{2});
}

TEST(DeadlockVictims, CycleWithinOneNodeIsLeftToThatNode)
{
    EXPECT_TRUE(find_deadlock_victims({edge(1, 2, 1), edge(2, 1, 1)}).empty());
    EXPECT_TRUE(find_deadlock_victims({edge(1, 2, 0), edge(2, 3, 0), edge(3, 1, 0)}).empty());
    // the same pair also waits on a second node: a distributed cycle after all
    EXPECT_EQ(victim_pids(find_deadlock_victims({edge(1, 2, 1), edge(2, 1, 1), edge(1, 2, 2)})),
              std::vector<int32_t>{2});
}

TEST(DeadlockVictims, NoCycleNoVictim)
{
    EXPECT_TRUE(find_deadlock_victims({}).empty());
    // a chain behind an idle holder (5 waits for nothing)
    EXPECT_TRUE(find_deadlock_victims({edge(1, 5, 1), edge(2, 5, 2), edge(3, 1, 2)}).empty());
    // a backend's own connections waiting for each other
    EXPECT_TRUE(find_deadlock_victims({edge(4, 4, 1), edge(4, 4, 2)}).empty());
}

TEST(DeadlockVictims, IndependentCyclesEachLoseOne)
{
    std::vector<WaitEdge> edges{edge(1, 2, 1), edge(2, 1, 2), edge(10, 11, 1), edge(11, 10, 2),
                                edge(20, 1, 1)};
    EXPECT_EQ(victim_pids(find_deadlock_victims(edges)), (std::vector<int32_t>{2, 11}));
}

TEST(DeadlockVictims, OneVictimBreaksOverlappingCycles)
{
    // 1 -> 2 -> 3 -> 1 and 2 -> 3 -> 2: 3 is the youngest and sits on both
    std::vector<WaitEdge> edges{edge(1, 2, 1), edge(2, 3, 2), edge(3, 1, 1), edge(3, 2, 1)};
    EXPECT_EQ(victim_pids(find_deadlock_victims(edges)), std::vector<int32_t>{3});
    // 1 <-> 2 and 2 <-> 3: the victim of the first cycle (2) also ends the second one
    std::vector<WaitEdge> two{edge(1, 2, 1), edge(2, 1, 2), edge(2, 3, 1), edge(3, 2, 2)};
    EXPECT_EQ(victim_pids(find_deadlock_victims(two)), std::vector<int32_t>{2});
}
