// The session's cache of plans for statements sent without parameters (the simple protocol,
// psql, drivers that inline values): a single-table statement routed by its constants is planned
// once per shape, with its constants as parameters, as a prepared statement would be; later
// statements of the same shape reuse that plan with their own constants.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/params.h"
#include "nodes/parsenodes.h"
#include "nodes/plannodes.h"
}

namespace tessera::planner {

// Tessera's planning of a query on distributed tables (planner_hook.cpp).
using DistributedPlanner = PlannedStmt *(*)(Query *query, const char *query_string,
                                            int cursor_options, ParamListInfo bound_params);

// The plan of `query` from the cache (planned by `plan` on a miss), or nullptr when the
// statement is not one the cache takes: the caller then plans it as usual.
PlannedStmt *plan_with_statement_cache(Query *query, const char *query_string, int cursor_options,
                                       ParamListInfo bound_params, DistributedPlanner plan);

// EXPLAIN shows the plan of the statement's own constants: no cached plans while one runs.
void enter_explain();
void leave_explain();

// Registers the invalidation callbacks and the executor hook that hands a cached plan its
// constants.
void install_statement_cache();

} // namespace tessera::planner
