// Extensions on the workers: CREATE / ALTER / DROP EXTENSION reach every worker, and a
// distributed table's new index or column first gets the extensions it needs on its nodes
// (the work on the nodes: operations/worker_extensions.h).
// PostgreSQL-side (ereport(ERROR) on failure).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/nodes.h"
#include "nodes/plannodes.h"
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

// After ALTER EXTENSION ... ADD / DROP (membership) ran locally: every backend's cache of
// extension members is invalidated, and for an extension Tessera propagates the statement runs
// on every worker in the coordinated transaction (refused while a worker is disabled).
void propagate_extension_membership(PlannedStmt *pstmt, const char *query_string);

// After CREATE INDEX or ALTER TABLE on a distributed or reference table ran locally, before
// the shards change: the extensions the table now needs (an operator class, a column type, a
// default's function) are created on the nodes holding its placements.
void ensure_statement_extensions(Node *parsetree);

} // namespace tessera::commands
