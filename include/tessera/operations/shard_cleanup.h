// Deferred drops of shard tables a move left behind (pg_dist_cleanup): a move whose tables are
// still locked by other transactions at its switch (they may still read the source shards)
// records the source shards instead of dropping them; they are dropped once the transactions that
// held a lock on their table then (the only ones that may still read them) have ended.
// PostgreSQL-style code.
#pragma once

#include "tessera/pg/pg_includes.h"

namespace tessera::metadata {
struct WorkerNode;
}

namespace tessera::operations {

// A new operation id (pg_dist_operationid_seq) for the records of one move.
int64 next_cleanup_operation_id();

// Records shard table `qualified_name` (schema-qualified, quoted) on node group `group_id` for a
// deferred drop, in the current transaction (so only a committed move leaves a record).
void record_orphaned_shard(int64 operation_id, const char *qualified_name, int32 group_id);

// Drops the recorded shards once the transactions that hold a lock on their tables now have
// ended: waits for them with `wait`, else up to 2 s per table, skipping a shard whose table's
// lockers still run then. Runs in the caller's transaction (the drops commit with it). Returns
// the number dropped.
int cleanup_orphaned_shards(bool wait);

// Before a move creates shard tables `names` (an array of `count` qualified names) on node group
// `group_id`: drops those of them still waiting there for a deferred drop, in the caller's
// transaction, or raises an ERROR when a transaction that may still read them has not ended
// within 5 s (the caller holds the table's EXCLUSIVE lock, so it cannot wait longer safely).
void clear_pending_drops(int32 group_id, char *const *names, int count);

// Before worker `node` leaves the cluster: drops the shard tables waiting there for a deferred
// drop, in the caller's transaction (raises an ERROR when a transaction that may read one has
// not ended within 5 s), or, when the node cannot be reached, forgets them with a WARNING.
void drop_orphans_of_removed_node(const metadata::WorkerNode *node);

} // namespace tessera::operations
