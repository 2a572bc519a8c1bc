// Steps shared by create_distributed_table.cpp and create_reference_table.cpp: planning new
// shards, recording them in the catalogs and moving the local rows into them. Internal to
// src/commands.
#pragma once

#include "tessera/metadata/distributed_table.h"
#include "tessera/operations/shard_creation.h"
#include "tessera/pg/pg_includes.h"

extern "C" {
#include "fmgr.h"
#include "nodes/pg_list.h"
#include "nodes/primnodes.h"
}

namespace tessera::commands {

// Placement group lists of `shard_count` new shards (with hash ranges when `hash_ranges`): those
// of `colocated`'s shards when given, else round-robin over `nodes`, or on every node of `nodes`
// (a reference table's copies) with `every_node`.
operations::NewShard *plan_shards(int shard_count, bool hash_ranges, List *nodes,
                                  const metadata::DistributedTable *colocated, bool every_node);

// Records the new table in pg_dist_partition, pg_dist_shard and pg_dist_placement.
void write_metadata(Oid relid, char method, char repmodel, int32 colocation_id, Var *dist_var,
                    const operations::NewShard *shards, int shard_count);

// Creates the shards on their nodes and, unless `copy_rows` is false, copies every row of the
// local table into them (routed by `dist_column`'s hash with `hash_function` and `collation`
// when given). The copy sees every row the locked table holds, not just the statement
// snapshot's (see the definition).
void copy_rows_into_new_shards(Oid relid, operations::NewShard *shards, int shard_count,
                               AttrNumber dist_column, FmgrInfo *hash_function, Oid collation,
                               bool copy_rows = true);

// Empties the local table: its rows now live in the shards.
void truncate_local_table(Oid relid);

// Raises an ERROR unless column `column` of table `relname` (of `type` and `collation`) can be
// colocated with table `other`, whose distribution column has type `other_type` and collation
// `other_collation`: equal values must hash alike. A collation mismatch is named as such.
void check_distribution_types_match(const char *relname, const char *column, Oid type,
                                    Oid collation, const char *other, Oid other_type,
                                    Oid other_collation);

} // namespace tessera::commands
