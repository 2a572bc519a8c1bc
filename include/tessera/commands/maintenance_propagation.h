// VACUUM, ANALYZE, REINDEX and CLUSTER of distributed and reference tables: on their shards too.
// PostgreSQL-side (ereport(ERROR) on failure).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/nodes.h"
}

namespace tessera::commands {

// After VACUUM, ANALYZE, REINDEX TABLE / INDEX or CLUSTER ran locally on the (empty) coordinator
// tables it names: the same command on every placement of the shards of the distributed and
// reference tables among them. VACUUM and REINDEX CONCURRENTLY, which cannot run in a
// transaction block, run on their own connections, one command per placement, the nodes in
// parallel; the others run in the coordinated transaction. Statements that name no table
// (database-wide VACUUM, REINDEX DATABASE) stay local. Does nothing for other statements.
void propagate_maintenance_statement(Node *parsetree);

} // namespace tessera::commands
