// COPY and TRUNCATE on distributed and reference tables, called from the utility hook.
// PostgreSQL-side functions (palloc, ereport).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/plannodes.h"
#include "tcop/cmdtag.h"
#include "tcop/utility.h"
}

namespace tessera::commands {

// COPY with a distributed or reference table:
//   - COPY table FROM ...: rows are parsed on the coordinator and streamed into the shards; the
//     statement is done and the function returns true (the row count is in `qc`);
//   - COPY table TO ...: *replacement receives the same COPY over a query reading the table
//     (which the distributed planner runs), and the function returns false.
// Returns false and leaves *replacement nullptr for every other statement.
bool process_distributed_copy(PlannedStmt *pstmt, const char *query_string,
                              ProcessUtilityContext context, QueryEnvironment *query_env,
                              QueryCompletion *qc, PlannedStmt **replacement);

// After the local TRUNCATE ran: truncates the shards of the distributed and reference tables it
// named, on every placement, in the coordinated transaction.
void truncate_distributed_tables(Node *parsetree);

} // namespace tessera::commands
