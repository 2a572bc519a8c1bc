// Equal division of the int32 hash space into shard ranges.
#include "tessera/core/hash_ranges.h"

#include "tessera/core/error.h"

#include <limits>

namespace tessera::core {

namespace {

constexpr int64_t kHashSpace = int64_t{1} << 32;
constexpr int64_t kHashMin = std::numeric_limits<int32_t>::min();

// Width of every range but possibly the last.
int64_t range_width(int shard_count)
{
    return kHashSpace / shard_count;
}

void check_shard_count(int shard_count)
{
    if (shard_count < 1 || shard_count > 64000)
        throw Error("shard_count must be between 1 and 64000", sqlstate::kInvalidParameterValue);
}

} // namespace

std::vector<HashRange> split_hash_space(int shard_count)
{
    check_shard_count(shard_count);
    const int64_t width = range_width(shard_count);
    std::vector<HashRange> ranges;
    ranges.reserve(shard_count);
    for (int i = 0; i < shard_count; i++) {
        int64_t min = kHashMin + width * i;
        int64_t max =
            (i == shard_count - 1) ? std::numeric_limits<int32_t>::max() : min + width - 1;
        ranges.push_back({static_cast<int32_t>(min), static_cast<int32_t>(max)});
    }
    return ranges;
}

int shard_index_for_hash(int32_t hash, int shard_count)
{
    check_shard_count(shard_count);
    int64_t index = (static_cast<int64_t>(hash) - kHashMin) / range_width(shard_count);
    return index >= shard_count ? shard_count - 1 : static_cast<int>(index);
}

} // namespace tessera::core
