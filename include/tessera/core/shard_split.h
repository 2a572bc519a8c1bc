// Splitting one shard's hash range into several: the range arithmetic and input checks behind
// citus_split_shard_by_split_points and isolate_tenant_to_new_shard.
#pragma once

#include "tessera/core/hash_ranges.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tessera::core {

// Parses one split point given as text (a decimal int32 hash value, surrounding blanks
// allowed). Throws tessera::Error for anything else.
int32_t parse_split_point(const std::string &text);

// Cuts `range` at `points`: a point p ends one range at p, the next starts at p + 1. Every point
// must lie in [range.min, range.max - 1] and the points must increase strictly, so that every
// resulting range is non-empty; throws tessera::Error otherwise. Returns points.size() + 1
// contiguous ranges covering `range` exactly.
std::vector<HashRange> split_range(HashRange range, const std::vector<int32_t> &points);

// Throws tessera::Error unless a split at `point_count` points (giving point_count + 1 shards)
// has exactly one node for each resulting shard (`node_count`).
void check_split_node_count(size_t point_count, size_t node_count);

// The split points that give hash value `hash` (inside `range`) a range of its own: `hash - 1`
// unless the range starts at `hash`, and `hash` unless the range ends there. Empty when `range`
// holds only `hash` already. `*tenant_index` is set to the index, among the ranges split_range
// makes from these points, of the range [hash, hash].
std::vector<int32_t> tenant_split_points(HashRange range, int32_t hash, int *tenant_index);

} // namespace tessera::core
