// Extensions on the workers: CREATE / ALTER / DROP EXTENSION reach every worker, and an
// extension that a distributed object needs is created on a worker before the object is.
// PostgreSQL-side (ereport(ERROR) on failure).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/nodes.h"
}

namespace tessera::commands {

// Before DROP EXTENSION runs locally: refuses (with CASCADE) to drop an extension that a
// distributed or reference table depends on, since the coordinator alone would lose the
// table's columns or indexes. Returns the worker command to run afterwards, or nullptr.
char *prepare_extension_propagation(Node *parsetree);

// After CREATE EXTENSION, ALTER EXTENSION ... UPDATE, ALTER EXTENSION ... SET SCHEMA or DROP
// EXTENSION ran locally: the same on every active worker, in the coordinated transaction.
// `prepared` is what prepare_extension_propagation returned.
void finish_extension_propagation(Node *parsetree, char *prepared);

// After CREATE INDEX or ALTER TABLE on a distributed or reference table ran locally, before
// the shards change: the extensions the table now needs (an operator class, a column type, a
// default's function) are created on the nodes holding its placements.
void ensure_statement_extensions(Node *parsetree);

// Creates, on the nodes of `group_ids` (the coordinator's group skipped), the extensions the
// objects of relation `relid` need (those its columns, indexes, constraints and defaults use,
// directly or through types and functions), with the extensions they require, in the
// coordinator's schemas and versions. Raises, before creating anything, naming the node and
// the extension, if a node's installation lacks one.
void ensure_relation_extensions_on_groups(Oid relid, const int32 *group_ids, int group_count);

// The commands that create, on a worker that lacks them, the extensions function `func` needs
// (its argument and result types, its language): for distributing the function, in the
// coordinated transaction. Empty if it needs none. Checks the workers' installations first.
char *function_extension_commands(Oid func);

// Creates every extension of the coordinator (but tessera and plpgsql) on a node being added,
// in the coordinated transaction, before the reference tables and functions are copied there.
void copy_extensions_to_node(const char *node_name, int node_port);

} // namespace tessera::commands
