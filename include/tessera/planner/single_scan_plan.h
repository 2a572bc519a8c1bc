// A PlannedStmt that is one custom scan returning a query's visible columns, as router queries
// and writes on distributed tables are planned.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/parsenodes.h"
#include "nodes/plannodes.h"
}

namespace tessera::planner {

// Every range-table entry of every level of `query`, its top level first (so those indexes stay
// valid): for permission checks, locks and EXPLAIN of a single-scan plan.
List *flatten_range_table(Query *query);

// Wraps `scan` into a PlannedStmt for `query` whose result columns are the non-junk entries of
// `output` (the target list, or RETURNING for writes). The plan depends on every relation the
// query reads, so changes to them invalidate it.
PlannedStmt *make_single_scan_plan(Query *query, CustomScan *scan, List *output);

} // namespace tessera::planner
