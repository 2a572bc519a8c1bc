// Reading and writing the distributed-table catalogs (pg_dist_partition, pg_dist_shard,
// pg_dist_placement, pg_dist_colocation) directly, without going through the metadata cache.
//
// Writers use direct catalog tuple access (no SQL, no permission checks: callers check
// permissions first) and invalidate the logical table's relcache entry so every backend's
// metadata cache sees the change when it commits. Readers work even when the logical table no
// longer exists (as in the DROP trigger). PostgreSQL-side functions: palloc'd results,
// ereport(ERROR) on failure.
#pragma once

#include "tessera/metadata/distributed_table.h"
#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/pg_list.h"
}

namespace tessera::metadata {

// One row of pg_dist_partition.
struct PartitionRow {
    Oid relid;
    char partition_method;
    char *partition_key; // nodeToString of the distribution column Var, or nullptr
    int32 colocation_id;
    char replication_model;
};

// One row of pg_dist_colocation.
struct ColocationRow {
    int32 colocation_id;
    int32 shard_count;
    int32 replication_factor;
    Oid distribution_type;
    Oid distribution_collation;
};

// Oids of the catalog tables (InvalidOid when the extension is not present).
Oid dist_partition_relid();

// Next values of the id sequences.
int64 next_shard_id();
int64 next_placement_id();
int32 next_colocation_id();

// The pg_dist_partition row of `relid`, or nullptr.
PartitionRow *read_partition_row(Oid relid);

// Every pg_dist_partition row (a List of PartitionRow*), ordered by relid.
List *read_all_partition_rows();

// The shards of `relid` with their placements (a List of ShardInterval*), ordered by shard id.
List *read_table_shards(Oid relid);

// Logical table of shard `shard_id`, or InvalidOid.
Oid relid_of_shard(int64 shard_id);

// Tables of colocation group `colocation_id` (a List of Oid), ordered by oid.
List *tables_in_colocation_group(int32 colocation_id);

// The pg_dist_colocation row `colocation_id`, or nullptr.
ColocationRow *read_colocation_row(int32 colocation_id);

// The lowest colocation group with exactly these properties, or 0 if there is none.
int32 find_colocation_group(int32 shard_count, int32 replication_factor, Oid distribution_type,
                            Oid distribution_collation);

void insert_colocation_row(const ColocationRow *row);
void delete_colocation_row(int32 colocation_id);
// Sets the shardcount of colocation group `colocation_id` (after a shard split changed it).
void update_colocation_shard_count(int32 colocation_id, int32 shard_count);

void insert_partition_row(const PartitionRow *row);
void insert_shard_row(Oid relid, int64 shard_id, char storage, const char *min_value,
                      const char *max_value);
void insert_placement_row(const ShardPlacement *placement);

// Moves the placement of `shard_id` on group `from_group_id` to group `to_group_id` (a shard
// move) and invalidates the logical table's metadata. Returns false if there was no such
// placement.
bool update_placement_group(int64 shard_id, int32 from_group_id, int32 to_group_id);

// Deletes the pg_dist_shard row of `shard_id` and its pg_dist_placement rows, and invalidates the
// logical table's metadata (a shard split replacing the shard).
void delete_shard_metadata(int64 shard_id);

// Sets pg_dist_partition.colocationid of `relid` to `colocation_id` and invalidates the table's
// metadata; the group it leaves is deleted if no table is left in it. Metadata only: callers
// check that the shards of `relid` line up with those of the group (colocation_functions.cpp).
void update_partition_colocation(Oid relid, int32 colocation_id);

// Deletes the pg_dist_partition, pg_dist_shard and pg_dist_placement rows of `relid`, and its
// colocation group if no other table is left in it.
void delete_table_metadata(Oid relid);

// Invalidates the metadata cache entry of `relid` in every backend (at commit; in this backend
// at the next command). A no-op if the relation no longer exists.
void invalidate_table_metadata(Oid relid);

} // namespace tessera::metadata
