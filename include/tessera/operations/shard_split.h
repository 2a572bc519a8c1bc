// Shard splits: the work behind citus_split_shard_by_split_points and isolate_tenant_to_new_shard.
//
// A split replaces one shard group (shard i of every table of a colocation group) by several,
// each holding a contiguous part of the old hash range, so the tables of the group keep equal
// shard layouts (colocated joins and foreign keys stay shard-local). PostgreSQL-side functions:
// palloc'd results, ereport(ERROR) on failure.
#pragma once

#include "tessera/pg/pg_includes.h"

namespace tessera::operations {

// Splits the shard group of shard `shard_id` at hash values `points` (point_count of them, each
// ending one new shard; increasing, inside the shard's range) within the current coordinated
// transaction: locks the group's tables against writes, creates the new shards on the node groups
// `group_ids` (point_count + 1 of them, in range order; nullptr: all on the node of the old shard
// group), copies each its rows from the old shard, checks the row counts, replaces the old shards
// by the new ones in pg_dist_shard and pg_dist_placement, adds the foreign keys to the new shards
// and drops the old ones. Everything commits or rolls back with the local transaction, so a
// failure leaves the old shards and the catalogs as they were. Returns the new shard ids of the
// table of `shard_id`, in range order. The caller checks permissions and node groups.
int64 *split_shard_group(int64 shard_id, const int32 *points, int point_count,
                         const int32 *group_ids);

} // namespace tessera::operations
