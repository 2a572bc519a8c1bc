// Changes to domains on the workers. PostgreSQL-side (ereport(ERROR) on failure).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/plannodes.h"
}

namespace tessera::commands {

// After ALTER DOMAIN ran locally: the same statement on every active worker that has the domain,
// in the coordinated transaction.
void propagate_domain_statement(PlannedStmt *pstmt, const char *query_string);

} // namespace tessera::commands
