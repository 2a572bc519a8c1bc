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

// At the switch of a move or split: takes ACCESS EXCLUSIVE on each of the `count` tables
// `relids` only where it is free now (waiting could deadlock with a transaction that read a
// table and waits for the caller's lock to write). True if every lock was taken: no transaction
// can still read the source shards, which may then be dropped at once.
bool lock_tables_if_free(const Oid *relids, int count);

// Records the `count` shard tables `names` (schema-qualified, quoted) on node group `group_id`
// for a deferred drop, as one operation, in the current transaction (so only a committed move
// leaves records).
void record_orphaned_shards(char *const *names, int count, int32 group_id);

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
