// Foreign keys of distributed and reference tables: which ones can be enforced by constraints
// between shards on the workers, and the shard DDL that creates them.
//
// A foreign key is enforced on the workers when each shard finds the rows it references on its
// own node: distributed -> distributed in the same colocation group with the distribution
// columns of both sides at the same key position (shard i references shard i), distributed or
// reference -> reference (every worker holds the reference table), and self-references (of a
// distributed table: through its distribution column).
//
// PostgreSQL-side functions: palloc'd results, ereport(ERROR) on failure.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "access/attnum.h"
#include "nodes/bitmapset.h"
#include "nodes/pg_list.h"
}

namespace tessera::operations {

// Raises a clear ERROR unless every foreign key of `relid` (about to become distributed by
// `dist_column` in colocation group `colocation_id`, 0 for a new group; or a reference table when
// `dist_column` is InvalidAttrNumber) can be enforced between shards. Returns true if one of them
// references a reference table.
bool check_outgoing_foreign_keys(Oid relid, AttrNumber dist_column, int32 colocation_id,
                                 bool single_shard = false);

// The same checks for the one foreign key `constraint_oid` that ALTER TABLE ... ADD FOREIGN KEY
// has just added (locally) to `relid`, a distributed or reference table already. Returns true
// if it references a reference table.
bool check_added_foreign_key(Oid relid, Oid constraint_oid);

// A hash-distributed table that a foreign key of `relid` references through `dist_column` and
// the referenced table's distribution column (the colocation the key needs), or InvalidOid.
Oid foreign_key_colocation_target(Oid relid, AttrNumber dist_column);

// True if a foreign key of `relid` references a reference table (other than `relid` itself).
bool references_reference_table(Oid relid);

// True if a table other than `relid` has a foreign key referencing `relid`.
bool referenced_by_other_tables(Oid relid);

// Oids (a List) of the distributed and reference tables other than `relid` with a foreign key
// referencing `relid`.
List *referencing_distributed_tables(Oid relid);

// Raises a clear ERROR (starting with `failure`) if a foreign key of `relid`, about to become a
// local table, references a distributed or reference table other than `relid`: the key could
// only be kept by refusing writes to the referenced table (planner/local_key_writes.h).
void check_keys_enforceable_when_local(Oid relid, const char *failure);

// Raises a clear ERROR if a foreign key of local table `relid` (or of one of its partitions)
// that is not among `known_keys` (pg_constraint Oids, the keys before ALTER TABLE ran)
// references a distributed or reference table.
void check_new_local_foreign_keys(Oid relid, List *known_keys);

// Raises a clear ERROR if deleting rows of distributed or reference table `relid` (`deleting`)
// or updating its columns `updated` (attribute numbers; nullptr: none) could break the foreign
// key of a local table that references it, directly or through the cascading actions of
// distributed tables' keys: the coordinator's table holds none of the rows, so PostgreSQL's
// checks of such a key never run.
void check_write_keeps_local_keys(Oid relid, bool deleting, Bitmapset *updated);

// The pg_constraint Oids of the foreign keys of `relid` and of its partitions, at any depth.
List *foreign_key_oids_of_tree(Oid relid);

// Oids (a List) of the tables whose rows the foreign key actions (ON DELETE / ON UPDATE CASCADE,
// SET NULL, SET DEFAULT) of the tables referencing `relid` change when rows of `relid` are deleted
// (`deleting`) or updated, transitively: the tables such a statement writes besides `relid`. An
// update assigns the columns `columns` (attribute numbers; nullptr: any column).
List *foreign_key_action_tables(Oid relid, bool deleting, Bitmapset *columns);

// Oids (a List) of the tables other than `relid` that `relid` references with a foreign key.
List *referenced_tables(Oid relid);

// The commands (a List of char*) that add the foreign keys of `relid` to its shard `shard_id`,
// which is shard number `shard_index` of the table: each references the shard of the referenced
// table on the same node. The referenced tables must be distributed already (or be `relid`).
// With `only_key`, just the command of that foreign key (a pg_constraint oid).
List *shard_foreign_key_commands(Oid relid, int64 shard_id, int shard_index,
                                 Oid only_key = InvalidOid);

} // namespace tessera::operations
