// Range arithmetic of shard splits (see shard_split.h).
#include "tessera/core/shard_split.h"

#include "tessera/core/error.h"

#include <cerrno>
#include <cstdlib>
#include <limits>

namespace tessera::core {

int32_t parse_split_point(const std::string &text)
{
    size_t begin = text.find_first_not_of(" \t\n");
    size_t end = text.find_last_not_of(" \t\n");
    std::string trimmed = begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
    // strtoll accepts leading blanks and a sign; require a digit right after the optional sign.
    size_t digits = (!trimmed.empty() && (trimmed[0] == '-' || trimmed[0] == '+')) ? 1 : 0;
    if (trimmed.size() <= digits ||
        trimmed.find_first_not_of("0123456789", digits) != std::string::npos)
        throw Error("invalid split point \"" + text + "\"", sqlstate::kInvalidParameterValue,
                    "Split points are hash values: integers between -2147483648 and 2147483647.");
    errno = 0;
    long long value = std::strtoll(trimmed.c_str(), nullptr, 10);
    if (errno == ERANGE || value < std::numeric_limits<int32_t>::min() ||
        value > std::numeric_limits<int32_t>::max())
        throw Error("split point \"" + text + "\" is out of range",
                    sqlstate::kInvalidParameterValue,
                    "Split points are hash values: integers between -2147483648 and 2147483647.");
    return static_cast<int32_t>(value);
}

std::vector<HashRange> split_range(HashRange range, const std::vector<int32_t> &points)
{
    if (range.min > range.max)
        throw Error("invalid shard range [" + std::to_string(range.min) + ", " +
                        std::to_string(range.max) + "]",
                    sqlstate::kInternalError);
    if (points.empty())
        throw Error("at least one split point is needed", sqlstate::kInvalidParameterValue);
    std::vector<HashRange> ranges;
    ranges.reserve(points.size() + 1);
    int64_t start = range.min;
    for (size_t i = 0; i < points.size(); i++) {
        int32_t point = points[i];
        if (point < range.min || point >= range.max)
            throw Error("split point " + std::to_string(point) + " is outside the shard's range",
                        sqlstate::kInvalidParameterValue,
                        "The shard holds hash values " + std::to_string(range.min) + " to " +
                            std::to_string(range.max) +
                            "; a split point p ends a new shard at p, so it must be at least " +
                            std::to_string(range.min) + " and less than " +
                            std::to_string(range.max) + ".");
        if (i > 0 && point <= points[i - 1])
            throw Error("split points must be in strictly increasing order",
                        sqlstate::kInvalidParameterValue,
                        "Split point " + std::to_string(point) + " follows " +
                            std::to_string(points[i - 1]) + ".");
        ranges.push_back({static_cast<int32_t>(start), point});
        start = static_cast<int64_t>(point) + 1;
    }
    ranges.push_back({static_cast<int32_t>(start), range.max});
    return ranges;
}

void check_split_node_count(size_t point_count, size_t node_count)
{
    if (node_count != point_count + 1)
        throw Error("the number of nodes must be one more than the number of split points",
                    sqlstate::kInvalidParameterValue,
                    std::to_string(point_count) + " split points make " +
                        std::to_string(point_count + 1) + " shards, but " +
                        std::to_string(node_count) + " nodes were given.");
}

std::vector<int32_t> tenant_split_points(HashRange range, int32_t hash, int *tenant_index)
{
    if (hash < range.min || hash > range.max)
        throw Error("hash value " + std::to_string(hash) + " is outside the shard's range",
                    sqlstate::kInternalError);
    std::vector<int32_t> points;
    *tenant_index = 0;
    if (hash > range.min) {
        points.push_back(hash - 1);
        *tenant_index = 1;
    }
    if (hash < range.max)
        points.push_back(hash);
    return points;
}

} // namespace tessera::core
