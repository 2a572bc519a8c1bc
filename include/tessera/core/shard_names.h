// Shard names in the texts of errors and notices that workers raise: finding the quoted names
// that may be a shard's ("<name>_<shardid>") so that they can be read back as the coordinator's.
#pragma once

#include <cstdint>
#include <string>

namespace tessera::core {

// What a quoted name in a message stands for, as far as the text tells.
enum class QuotedNameRole {
    kRelation,   // a relation or an index: `relation "x"`, `table "x"`, `index "x"`
    kConstraint, // right after the word "constraint": `constraint "x"`
};

// Returns the name that replaces `name` (a quoted name of the text whose shard id suffix is
// `shard_id`, in role `role`), or nullptr to keep it. Must not throw.
using ShardNameResolver = const char *(*)(void *context, const char *name, int64_t shard_id,
                                          QuotedNameRole role);

// True if `name` ends in "_<digits>" after a non-empty prefix, the digits a positive int64
// without leading zeros (the form of shard ids in shard names); sets *shard_id to it.
bool parse_shard_id_suffix(const std::string &name, int64_t *shard_id);

// `text` with every double-quoted name that has a shard id suffix replaced by what `resolve`
// answers for it, except right after the word "shard" (Tessera's messages that name a shard). The
// values a DETAIL reports ("Key (a)=(...)", "Failing row contains (...)") are user data and never
// rewritten: of such a text only what follows the last ')' is looked at.
std::string rewrite_shard_names(const std::string &text, ShardNameResolver resolve, void *context);

} // namespace tessera::core
