// Distributed partitioned tables: a hash-distributed partitioned table and each of its
// partitions are distributed tables of one colocation group; on a worker, shard i of the
// partitioned table is itself a partitioned table whose partitions are the partitions' shards i.
//
// PostgreSQL-side functions: palloc'd results, ereport(ERROR) on failure.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "access/attnum.h"
#include "nodes/pg_list.h"
}

namespace tessera::operations {

// Raises a clear ERROR if partitioned table or partition `relid` has what distributed partitioned
// tables do not support: foreign keys, to or from it.
void check_partition_definition(Oid relid, AttrNumber dist_column);

// Raises a clear ERROR if a foreign key of `relid` references a partitioned table or a
// partition (not supported for distributed tables).
void check_foreign_keys_to_partitioned(Oid relid);

// Raises a clear ERROR if ALTER TABLE ... ADD FOREIGN KEY on distributed table `relid`
// referencing `referenced` (InvalidOid if unknown) involves a partitioned table or a partition.
void check_new_foreign_key(Oid relid, Oid referenced);

// The partitioned table of partition `relid` if that table is distributed; else InvalidOid.
Oid distributed_partition_parent(Oid relid);

// True if `relid` is a partitioned table (relkind 'p').
bool is_partitioned_table(Oid relid);

// The commands that attach shard `shard_index` of distributed partition `relid` (shard id
// `shard_id`) to the shard of the same index of its distributed partitioned table: NIL when
// `relid` is not such a partition.
List *shard_attach_commands(Oid relid, int shard_index, int64 shard_id);

} // namespace tessera::operations
