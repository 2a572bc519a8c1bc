// Tests for the range arithmetic of shard splits.
#include "tessera/core/shard_split.h"

#include "tessera/core/error.h"

#include <gtest/gtest.h>

#include <limits>

using tessera::core::check_split_node_count;
using tessera::core::HashRange;
using tessera::core::parse_split_point;
using tessera::core::split_range;
using tessera::core::tenant_split_points;

namespace {
constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
constexpr int32_t kMax = std::numeric_limits<int32_t>::max();
} // namespace

TEST(ShardSplit, SplitsAtPointsContiguously)
{
    auto ranges = split_range({-100, 100}, {-1, 0, 50});
    ASSERT_EQ(ranges.size(), 4u);
    EXPECT_EQ(ranges[0].min, -100);
    EXPECT_EQ(ranges[0].max, -1);
    EXPECT_EQ(ranges[1].min, 0);
    EXPECT_EQ(ranges[1].max, 0);
    EXPECT_EQ(ranges[2].min, 1);
    EXPECT_EQ(ranges[2].max, 50);
    EXPECT_EQ(ranges[3].min, 51);
    EXPECT_EQ(ranges[3].max, 100);
}

TEST(ShardSplit, WholeHashSpaceEdges)
{
    auto ranges = split_range({kMin, kMax}, {kMin, kMax - 1});
    ASSERT_EQ(ranges.size(), 3u);
    EXPECT_EQ(ranges[0].min, kMin);
    EXPECT_EQ(ranges[0].max, kMin);
    EXPECT_EQ(ranges[1].min, kMin + 1);
    EXPECT_EQ(ranges[1].max, kMax - 1);
    EXPECT_EQ(ranges[2].min, kMax);
    EXPECT_EQ(ranges[2].max, kMax);
}

TEST(ShardSplit, RejectsPointsOutsideOrAtEnd)
{
    EXPECT_THROW(split_range({0, 10}, {10}), tessera::Error); // would leave an empty last range
    EXPECT_THROW(split_range({0, 10}, {-1}), tessera::Error);
    EXPECT_THROW(split_range({0, 10}, {11}), tessera::Error);
    EXPECT_THROW(split_range({5, 5}, {5}), tessera::Error);
    EXPECT_NO_THROW(split_range({0, 10}, {0}));
    EXPECT_NO_THROW(split_range({0, 10}, {9}));
}

TEST(ShardSplit, RejectsUnorderedOrRepeatedPoints)
{
    EXPECT_THROW(split_range({0, 100}, {50, 20}), tessera::Error);
    EXPECT_THROW(split_range({0, 100}, {20, 20}), tessera::Error);
    EXPECT_THROW(split_range({0, 100}, {}), tessera::Error);
    try {
        split_range({0, 100}, {50, 20});
        FAIL();
    } catch (const tessera::Error &error) {
        EXPECT_EQ(error.sqlstate(), "22023");
    }
}

TEST(ShardSplit, NodeCountMustBePointsPlusOne)
{
    EXPECT_NO_THROW(check_split_node_count(2, 3));
    EXPECT_THROW(check_split_node_count(2, 2), tessera::Error);
    EXPECT_THROW(check_split_node_count(2, 4), tessera::Error);
    EXPECT_THROW(check_split_node_count(0, 0), tessera::Error);
}

TEST(ShardSplit, ParsesSplitPoints)
{
    EXPECT_EQ(parse_split_point("42"), 42);
    EXPECT_EQ(parse_split_point(" -7 "), -7);
    EXPECT_EQ(parse_split_point("+7"), 7);
    EXPECT_EQ(parse_split_point("-2147483648"), kMin);
    EXPECT_EQ(parse_split_point("2147483647"), kMax);
    EXPECT_THROW(parse_split_point("2147483648"), tessera::Error);
    EXPECT_THROW(parse_split_point("-2147483649"), tessera::Error);
    EXPECT_THROW(parse_split_point("99999999999999999999999"), tessera::Error);
    EXPECT_THROW(parse_split_point("1.5"), tessera::Error);
    EXPECT_THROW(parse_split_point("abc"), tessera::Error);
    EXPECT_THROW(parse_split_point(""), tessera::Error);
    EXPECT_THROW(parse_split_point("-"), tessera::Error);
    EXPECT_THROW(parse_split_point("1 2"), tessera::Error);
}

TEST(ShardSplit, TenantInTheMiddleGetsThreeRanges)
{
    int index = -1;
    HashRange range{-1000, 1000};
    auto points = tenant_split_points(range, 17, &index);
    ASSERT_EQ(points.size(), 2u);
    auto ranges = split_range(range, points);
    ASSERT_EQ(ranges.size(), 3u);
    EXPECT_EQ(index, 1);
    EXPECT_EQ(ranges[index].min, 17);
    EXPECT_EQ(ranges[index].max, 17);
    EXPECT_EQ(ranges[0].max, 16);
    EXPECT_EQ(ranges[2].min, 18);
}

TEST(ShardSplit, TenantAtAnEdgeGetsTwoRanges)
{
    int index = -1;
    HashRange range{-1000, 1000};
    auto low = split_range(range, tenant_split_points(range, -1000, &index));
    ASSERT_EQ(low.size(), 2u);
    EXPECT_EQ(index, 0);
    EXPECT_EQ(low[0].min, -1000);
    EXPECT_EQ(low[0].max, -1000);
    auto high = split_range(range, tenant_split_points(range, 1000, &index));
    ASSERT_EQ(high.size(), 2u);
    EXPECT_EQ(index, 1);
    EXPECT_EQ(high[1].min, 1000);
    EXPECT_EQ(high[1].max, 1000);
    auto full = split_range({kMin, kMax}, tenant_split_points({kMin, kMax}, kMax, &index));
    EXPECT_EQ(full[index].min, kMax);
}

TEST(ShardSplit, AlreadyIsolatedTenantNeedsNoPoints)
{
    int index = -1;
    EXPECT_TRUE(tenant_split_points({5, 5}, 5, &index).empty());
    EXPECT_EQ(index, 0);
    EXPECT_THROW(tenant_split_points({5, 9}, 10, &index), tessera::Error);
}
