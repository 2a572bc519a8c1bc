// Progress of the shard group moves running in this server's backends, for
// get_rebalance_progress(): each move (citus_move_shard_placement, rebalance_table_shards,
// a background rebalance task) describes itself in a shared-memory slot that other sessions
// read. PostgreSQL-side functions: palloc'd results, ereport(ERROR) on failure.
#pragma once

#include "tessera/pg/pg_includes.h"

namespace tessera::executor {
struct NodeConnection;
}
namespace tessera::metadata {
struct WorkerNode;
}

namespace tessera::operations {

struct ColocatedShards;

// Reserves the shared slots (called from _PG_init while preloading).
void install_move_progress();

// Publishes the start of this backend's move of shard group `shard_index` of `shards` from
// `source_node` to `target_node` (the shard sizes on the source are read now over `source`, the
// move's connection there, as the sizes the move started with). The slot is freed when the
// transaction ends. No-op without the preload's shared memory or with every slot taken.
void move_progress_begin(const ColocatedShards *shards, int shard_index,
                         const metadata::WorkerNode *source_node,
                         const metadata::WorkerNode *target_node, executor::NodeConnection *source);

// Table `t` of the group is about to be copied: the tables before it are copied.
void move_progress_copying(int t);

// Called once shard table `shard_name` exists on `target` in the move's transaction and before
// its rows arrive: records the data files of the uncommitted table so that other sessions can
// watch them grow. No-op unless this backend publishes a move.
void move_progress_note_target(executor::NodeConnection *target, const char *shard_name);

// The table being copied is complete on `target`: records its final size there.
void move_progress_copied(executor::NodeConnection *target, const char *shard_name);

// Every table is copied; `status` names the step the move is in now (a string constant).
void move_progress_status(const char *status);

} // namespace tessera::operations
