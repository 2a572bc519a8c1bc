// Tests for the division of the hash space into shard ranges.
#include "tessera/core/hash_ranges.h"

#include "tessera/core/error.h"

#include <gtest/gtest.h>

#include <limits>

using tessera::core::shard_index_for_hash;
using tessera::core::split_hash_space;

TEST(HashRanges, CoverWholeSpaceWithoutGaps)
{
    for (int count : {1, 2, 3, 7, 32, 1000, 64000}) {
        auto ranges = split_hash_space(count);
        ASSERT_EQ(static_cast<int>(ranges.size()), count);
        EXPECT_EQ(ranges.front().min, std::numeric_limits<int32_t>::min());
        EXPECT_EQ(ranges.back().max, std::numeric_limits<int32_t>::max());
        for (size_t i = 1; i < ranges.size(); i++)
            EXPECT_EQ(static_cast<int64_t>(ranges[i - 1].max) + 1, ranges[i].min);
    }
}

TEST(HashRanges, FourShardsMatchKnownBoundaries)
{
    auto ranges = split_hash_space(4);
    EXPECT_EQ(ranges[0].min, -2147483648);
    EXPECT_EQ(ranges[0].max, -1073741825);
    EXPECT_EQ(ranges[1].min, -1073741824);
    EXPECT_EQ(ranges[2].min, 0);
    EXPECT_EQ(ranges[3].min, 1073741824);
}

TEST(HashRanges, IndexAgreesWithRanges)
{
    for (int count : {1, 3, 32, 999}) {
        auto ranges = split_hash_space(count);
        for (int i = 0; i < count; i++) {
            EXPECT_EQ(shard_index_for_hash(ranges[i].min, count), i);
            EXPECT_EQ(shard_index_for_hash(ranges[i].max, count), i);
        }
    }
}

TEST(HashRanges, RejectsBadShardCount)
{
    EXPECT_THROW(split_hash_space(0), tessera::Error);
    EXPECT_THROW(split_hash_space(64001), tessera::Error);
    EXPECT_THROW(shard_index_for_hash(0, -1), tessera::Error);
}
