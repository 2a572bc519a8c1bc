// Objects a shard table needs on a worker before it can be created there: its schema and the
// user-defined types of its columns. PostgreSQL-side functions (ereport(ERROR) on failure).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/pg_list.h"
}

namespace tessera::operations {

// Creates, on the nodes of `group_ids`, what shards of `relid` need and a node may lack: the
// table's schema (with the coordinator's owner and privileges) and the enum, domain and
// composite types its columns use, directly or through arrays, domains and composite types (as
// the coordinator defines them, in their schemas), and the user-defined collations of its
// columns; raises if a node has such an enum with other
// labels (an existing domain or composite type is left as it is). Runs outside the coordinated
// transaction, so every connection to the node sees them at once; what a distribution that then
// fails created stays there, unused. Then checks that every other user-defined column type exists
// there (check_column_types_on_groups).
void ensure_table_objects_on_groups(Oid relid, const int32 *group_ids, int group_count);

// The same on every node that holds a placement of distributed or reference table `relid`: for
// columns that ALTER TABLE added or changed the type of.
void ensure_table_objects_on_placements(Oid relid);

// Commands (each followed by ";\n") that create on a node, where missing, the enum, domain and
// composite types `types` (a List of type Oid) use, directly or through arrays, domains and
// composite types, with their schemas and the user-defined collations of the domains: what a
// function taking or returning them needs there. Empty for built-in types.
char *ensure_types_commands(List *types);

// A command that creates schema `namespace_oid` on a node if it is missing there, owned by the
// coordinator schema's owner and with its privileges, tolerating a concurrent creation.
char *ensure_schema_command(Oid namespace_oid);

} // namespace tessera::operations
