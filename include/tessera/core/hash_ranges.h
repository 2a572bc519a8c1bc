// The 32-bit hash space cut into equal ranges, one per shard.
#pragma once

#include <cstdint>
#include <vector>

namespace tessera::core {

// The inclusive hash range [min, max] owned by one shard.
struct HashRange {
    int32_t min;
    int32_t max;
};

// Cuts the int32 hash space into `shard_count` contiguous, equal ranges (the last one absorbs
// the remainder). shard_count must be in 1..64000.
std::vector<HashRange> split_hash_space(int shard_count);

// Index of the range holding `hash` among `shard_count` ranges made by split_hash_space.
int shard_index_for_hash(int32_t hash, int shard_count);

} // namespace tessera::core
