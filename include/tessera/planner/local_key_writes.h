// Writes to distributed and reference tables that local tables reference with a foreign key.
// Such a key can exist while the local table waits to be distributed (CREATE TABLE ... REFERENCES
// a reference table, then create_distributed_table(); or the referenced table distributed first),
// or from an older version. The coordinator's copy of the referenced table holds no rows, so
// PostgreSQL's checks of the key never see deletes and updates of the referenced rows: those are
// refused instead (inserts into the local table are checked as usual, through the planner).
//
// PostgreSQL-side functions: ereport(ERROR) on refusal.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/parsenodes.h"
}

namespace tessera::planner {

// Raises a clear ERROR if `query` (at any level: WITH, MERGE actions, ON CONFLICT DO UPDATE)
// deletes rows of a distributed or reference table, or updates its referenced columns, that a
// local table's foreign key references.
void error_if_write_breaks_local_keys(Query *query);

} // namespace tessera::planner
