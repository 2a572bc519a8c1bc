// Moving shard groups between workers: the work behind citus_move_shard_placement and
// rebalance_table_shards.
//
// A shard group is shard number i of every table of a colocation group; they always live on the
// same node (so joins and foreign keys between them stay local) and therefore move together.
// PostgreSQL-side functions: palloc'd results, ereport(ERROR) on failure.
#pragma once

#include "tessera/pg/pg_includes.h"

namespace tessera::executor {
struct NodeConnection;
}

namespace tessera::operations {

// The shards of one colocation group: shard_ids[t][i] is shard i (in hash range order) of table
// relids[t] (ascending oid), group_of_index[i] the node group holding shard group i.
struct ColocatedShards {
    int32 colocation_id;
    int table_count;
    Oid *relids;
    int shard_count;
    int64 **shard_ids;
    int32 *group_of_index;
};

// Reads the hash-distributed tables of colocation group `colocation_id` and their shards from the
// catalogs (not the cache). With `lock_for_move`, first locks the tables on the coordinator in
// EXCLUSIVE mode (writes wait until the transaction ends, reads go on), in oid order, reading
// the group's members again after each round of locks until no table joined it meanwhile.
// Raises an ERROR if the tables disagree on shard count or placement.
ColocatedShards *read_colocated_shards(int32 colocation_id, bool lock_for_move);

// Stops the source shards from changing before they are copied (a move or a split): refuses
// clearly if a prepared transaction still holds one of them, then locks them in EXCLUSIVE mode
// on `source`, in its coordinated transaction. `names`: the shard names as a list of SQL
// literals, `tables`: the same as a list of table names.
void lock_source_shards(executor::NodeConnection *source, const char *names, const char *tables);

// The shards of shard group `shard_index` (one per table of `shards`) as SQL: string literals
// of their qualified names, and the names themselves, both comma-separated.
struct ShardGroupNames {
    char *literals;
    char *tables;
};
ShardGroupNames shard_group_names(const ColocatedShards *shards, int shard_index);

// Moves shard group `shard_index` of `shards` from the node of `source_group_id` to the node of
// `target_group_id` within the current (coordinated) transaction (`shards` read with
// lock_for_move, so writes are blocked until the transaction ends): creates the shard tables on the
// target, copies their rows there through the coordinator and checks the row counts, adds their
// foreign keys, points pg_dist_placement at the target and drops the source shards. Everything on
// the workers commits or rolls back with the local transaction. The caller checks permissions and
// nodes.
void move_shard_group(ColocatedShards *shards, int shard_index, int32 source_group_id,
                      int32 target_group_id);

// One move of a rebalance plan: the shard group of shard `shard_id` (a shard of the colocation
// group's first table) from node group `source_group_id` to `target_group_id`.
struct PlannedMove {
    int64 shard_id;
    int32 source_group_id;
    int32 target_group_id;
};

// The moves rebalance_table_shards would make for every colocation group with rebalance
// strategy `strategy` (nullptr: the default) and default options (the strategy's threshold, no
// move limit, nothing excluded), in order: palloc'd, *move_count of them.
PlannedMove *plan_rebalance_moves(bool drain_only, const char *strategy, int *move_count);

// Raises unless `mode` is a shard_transfer_mode the moves accept ('auto', 'block_writes',
// 'force_logical').
void check_shard_transfer_mode(const char *mode);

// The rebalance strategy that argument `argno` of the call (a rebalance_strategy name, NULL for
// the default) names, as its name in pg_dist_rebalance_strategy; raises when there is none.
const char *rebalance_strategy_argument(FunctionCallInfo fcinfo, int argno);

} // namespace tessera::operations
