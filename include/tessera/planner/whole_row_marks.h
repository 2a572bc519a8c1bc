// Distributed tables read by statements whose plan marks the rows of every table it reads
// (see whole_row_marks.cpp). PostgreSQL-side functions (palloc, ereport).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/parsenodes.h"
}

namespace tessera::planner {

// True if PostgreSQL's plan of `query` marks the rows of the tables it reads besides its target:
// UPDATE, DELETE and MERGE, and SELECT ... FOR UPDATE / SHARE, at any level (a data-modifying
// WITH query, a locking subquery).
bool marks_rows_of_other_tables(Query *query);

// A copy of `query` in which every distributed or reference table the coordinator's plan reads
// (not a write's target, not locked by the query, at the levels planned within one that marks
// rows: their subqueries, sublinks and WITH queries) is read through a subquery, so that its
// rows are marked by their whole value rather than by a ctid.
// Tables whose whole-row or system columns the query uses are left as they are.
Query *distributed_tables_read_whole(Query *query);

} // namespace tessera::planner
