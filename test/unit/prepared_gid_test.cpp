// Tests for prepared-transaction names and the recovery decision.
#include "tessera/core/prepared_gid.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

using tessera::core::format_prepared_gid;
using tessera::core::format_prepared_gid_prefix;
using tessera::core::parse_prepared_gid;
using tessera::core::PreparedGid;
using tessera::core::Resolution;
using tessera::core::resolve_prepared_transaction;

TEST(PreparedGid, FormatsTheDocumentedName)
{
    char buffer[64];
    format_prepared_gid(buffer, sizeof(buffer), PreparedGid{16384, 4242, 731, 2});
    EXPECT_STREQ(buffer, "tessera_16384_4242_731_2");
    format_prepared_gid_prefix(buffer, sizeof(buffer), 16384);
    EXPECT_STREQ(buffer, "tessera_16384_");
}

TEST(PreparedGid, RoundTripsExtremes)
{
    for (PreparedGid gid : {PreparedGid{0, 0, 0, 0},
                            PreparedGid{4294967295u, 2147483647, 4294967295u, 4294967295u}}) {
        char buffer[64];
        int length = format_prepared_gid(buffer, sizeof(buffer), gid);
        ASSERT_LT(length, static_cast<int>(sizeof(buffer)));
        PreparedGid parsed{};
        ASSERT_TRUE(parse_prepared_gid(buffer, &parsed)) << buffer;
        EXPECT_EQ(parsed.database, gid.database);
        EXPECT_EQ(parsed.pid, gid.pid);
        EXPECT_EQ(parsed.xid, gid.xid);
        EXPECT_EQ(parsed.sequence, gid.sequence);
    }
}

TEST(PreparedGid, LongestNameFitsTheCatalogLimit)
{
    // PostgreSQL limits a prepared transaction's name to 199 bytes; our record field is 64.
    char buffer[64];
    int length = format_prepared_gid(
        buffer, sizeof(buffer), PreparedGid{4294967295u, 2147483647, 4294967295u, 4294967295u});
    EXPECT_LT(length, 64);
}

TEST(PreparedGid, RejectsForeignOrMalformedNames)
{
    PreparedGid parsed{};
    for (const char *text :
         {"", "tessera_", "tessera_1_2_3", "tessera_1_2_3_", "tessera_1_2_3_4_5", "citus_0_1_2_3",
          "tessera_1_2_x_4", "tessera_-1_2_3_4", "tessera_4294967296_1_1_1",
          "tessera_1_2147483648_1_1", "tessera_1_2_3_4 ", "Tessera_1_2_3_4", "tessera__2_3_4"})
        EXPECT_FALSE(parse_prepared_gid(text, &parsed)) << "accepted \"" << text << "\"";
    EXPECT_FALSE(parse_prepared_gid(nullptr, &parsed));
    EXPECT_TRUE(parse_prepared_gid("tessera_1_2_3_4", &parsed));
}

TEST(PreparedGid, ResolutionRule)
{
    // A running coordinator transaction decides itself, record or not.
    EXPECT_EQ(resolve_prepared_transaction(true, false), Resolution::kLeave);
    EXPECT_EQ(resolve_prepared_transaction(true, true), Resolution::kLeave);
    // Finished: the record is the decision.
    EXPECT_EQ(resolve_prepared_transaction(false, true), Resolution::kCommit);
    EXPECT_EQ(resolve_prepared_transaction(false, false), Resolution::kRollback);
}
