// Creating shard tables on the workers and filling them with a table's existing rows.
//
// All remote work runs on connections that joined the coordinated transaction, so it commits or
// rolls back with the local transaction. PostgreSQL-side functions (ereport(ERROR) on failure).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "access/attnum.h"
}

namespace tessera::executor {
struct NodeConnection;
}

namespace tessera::operations {

// A shard about to be created: its id, hash range and the groups that will hold a placement.
struct NewShard {
    int64 shard_id;
    bool has_range;
    int32 min_value;
    int32 max_value;
    int placement_count;
    int32 *group_ids;
};

// Creates the shards of `relid` on their workers (the table, constraints and indexes) and, when
// `copy_rows`, copies the table's rows into them: each row to the shard whose hash range holds
// the hash of column `dist_column`, or, for reference tables (dist_column InvalidAttrNumber), to
// every placement of the single shard. The hash is `hash_function` called with `collation`.
// `shards` are sorted by hash range and cover the hash space evenly (split_hash_space).
void create_shards(Oid relid, const NewShard *shards, int shard_count, AttrNumber dist_column,
                   FmgrInfo *hash_function, Oid collation, bool copy_rows);

// Checks that every type used by a column of `relid` that is not built into PostgreSQL exists on
// the nodes of `group_ids`; raises a clear ERROR naming the type and node otherwise.
void check_column_types_on_groups(Oid relid, const int32 *group_ids, int group_count);

// Creates a placement of reference table shard `shard_id` of `relid` on the node of `group_id`,
// copying its rows from the existing placement on the node of `source_group_id`.
// Foreign keys are not added: call add_reference_placement_foreign_keys once every placement the
// keys reference exists on that node.
void copy_reference_placement(Oid relid, int64 shard_id, int32 source_group_id, int32 group_id);

// Adds the foreign keys of reference table `relid` to its placement of shard `shard_id` on the
// node of `group_id`, referencing the placements of the referenced tables on that node.
void add_reference_placement_foreign_keys(Oid relid, int64 shard_id, int32 group_id);

// Creates shard `shard_id` of `relid` (table, constraints and indexes, no foreign keys) on the node
// of `group_id` and fills it with the rows of shard `source_shard_id` on the node of
// `source_group_id` that match SQL condition `filter` (on the source shard's columns): the rows
// of one new shard of a split, whose hash range is [min_value, max_value] (the range guard of
// a table with BEFORE row triggers checks it). Runs on the nodes' coordinated-transaction
// connections.
void create_split_shard(Oid relid, int64 source_shard_id, int32 source_group_id, int64 shard_id,
                        int32 group_id, const char *filter, int32 min_value, int32 max_value);

// This backend's connection to the primary node of `group_id`, joined to the coordinated
// transaction (the one that sees the transaction's shard tables on that node).
executor::NodeConnection *transaction_connection(int32 group_id);

// The number of rows of shard table `shard_name` (qualified) as `connection` sees it (in its
// coordinated transaction), -1 if the answer is not one row: moves and splits compare it
// before and after copying.
int64 remote_row_count(executor::NodeConnection *connection, const char *shard_name);

} // namespace tessera::operations
