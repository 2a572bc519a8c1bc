// Statements that change the partitions of distributed partitioned tables: CREATE TABLE ...
// PARTITION OF, ALTER TABLE ... ATTACH PARTITION and DETACH PARTITION. The utility hook calls
// prepare_partition_command before the statement runs locally (it refuses what cannot be done)
// and finish_partition_command after it, which makes the same change on the shards in the
// coordinated transaction.
//
// PostgreSQL-side functions: palloc'd state, ereport(ERROR) on refusal or remote failure.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/parsenodes.h"
}

namespace tessera::commands {

// What a partition statement must do once it ran locally.
struct PartitionCommand;

// True if `stmt` is ALTER TABLE ... ATTACH / DETACH PARTITION (DDL propagation leaves it to
// this file).
bool is_partition_alter_table(AlterTableStmt *stmt);

// Checks `parsetree` before it runs; returns the state finish_partition_command needs when it
// changes the partitions of a distributed table, else nullptr.
PartitionCommand *prepare_partition_command(Node *parsetree);

// After the statement ran locally: distributes a new partition (its shards attached to the
// parent's), or attaches / detaches existing partition shards.
void finish_partition_command(PartitionCommand *command);

// After ALTER TABLE ... ADD PRIMARY KEY / UNIQUE on distributed partitioned table `relid` reached
// its shards (each worker then made the partitions' indexes with names of its own): renames
// those indexes of the constraints `constraint_oids` on the partitions' shards to the names
// the catalogs give them, as for new shards, so later DDL finds them.
void name_partition_shard_indexes(Oid relid, const Oid *constraint_oids, int count);

} // namespace tessera::commands
