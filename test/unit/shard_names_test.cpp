#include "tessera/core/shard_names.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

using tessera::core::parse_shard_id_suffix;
using tessera::core::QuotedNameRole;
using tessera::core::rewrite_shard_names;

namespace {

// A resolver that knows shard 102009 of "payments" (index "payments_pkey") and records calls.
struct Known {
    std::vector<std::string> asked;
    std::vector<QuotedNameRole> roles;
};

const char *resolve(void *context, const char *name, int64_t shard_id, QuotedNameRole role)
{
    Known *known = static_cast<Known *>(context);
    known->asked.push_back(name);
    known->roles.push_back(role);
    if (shard_id != 102009)
        return nullptr;
    if (role == QuotedNameRole::kRelation && strcmp(name, "payments_102009") == 0)
        return "payments";
    if (strcmp(name, "payments_pkey_102009") == 0)
        return "payments_pkey";
    return nullptr;
}

} // namespace

TEST(ShardNames, ParsesShardIdSuffix)
{
    int64_t id = 0;
    EXPECT_TRUE(parse_shard_id_suffix("payments_102009", &id));
    EXPECT_EQ(id, 102009);
    EXPECT_TRUE(parse_shard_id_suffix("a_b_7", &id));
    EXPECT_EQ(id, 7);
    EXPECT_FALSE(parse_shard_id_suffix("payments", &id));
    EXPECT_FALSE(parse_shard_id_suffix("_102009", &id));
    EXPECT_FALSE(parse_shard_id_suffix("payments_", &id));
    EXPECT_FALSE(parse_shard_id_suffix("payments_0102009", &id));
    EXPECT_FALSE(parse_shard_id_suffix("payments_12a", &id));
    EXPECT_FALSE(parse_shard_id_suffix("p_99999999999999999999", &id));
    EXPECT_TRUE(parse_shard_id_suffix("p_9223372036854775807", &id));
    EXPECT_EQ(id, INT64_MAX);
}

TEST(ShardNames, RewritesResolvedNamesOnly)
{
    Known known;
    EXPECT_EQ(rewrite_shard_names("duplicate key value violates unique constraint "
                                  "\"payments_pkey_102009\"",
                                  resolve, &known),
              "duplicate key value violates unique constraint \"payments_pkey\"");
    ASSERT_EQ(known.roles.size(), 1u);
    EXPECT_EQ(known.roles[0], QuotedNameRole::kConstraint);
    EXPECT_EQ(rewrite_shard_names("new row for relation \"payments_102009\" violates check "
                                  "constraint \"payments_102009\"",
                                  resolve, &known),
              "new row for relation \"payments\" violates check constraint \"payments_102009\"");
    // unknown shard ids and names without a suffix stay as they are
    EXPECT_EQ(rewrite_shard_names("relation \"x_5\" and \"y\" and \"\"", resolve, &known),
              "relation \"x_5\" and \"y\" and \"\"");
    EXPECT_EQ(rewrite_shard_names("written to shard \"payments_102009\"", resolve, &known),
              "written to shard \"payments_102009\"");
    EXPECT_EQ(rewrite_shard_names("unbalanced \"payments_102009", resolve, &known),
              "unbalanced \"payments_102009");
}

TEST(ShardNames, LeavesRowValuesAlone)
{
    Known known;
    EXPECT_EQ(rewrite_shard_names("Key (note)=(\"payments_102009\") is not present in table "
                                  "\"payments_102009\".",
                                  resolve, &known),
              "Key (note)=(\"payments_102009\") is not present in table \"payments\".");
    EXPECT_EQ(
        rewrite_shard_names("Failing row contains (1, \"payments_102009\").", resolve, &known),
        "Failing row contains (1, \"payments_102009\").");
    ASSERT_EQ(known.asked.size(), 1u);
}
