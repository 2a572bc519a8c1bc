// Splitting aggregates between workers and coordinator: workers compute partial results per
// group, the coordinator combines them. PostgreSQL-side functions (palloc, ereport).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/parsenodes.h"
#include "parser/parse_node.h"
}

namespace tessera::planner {

// The state of one split: the worker query's target list as it grows, the group keys (the first
// worker columns), and whether something could not be split.
struct AggregateSplit {
    Query *query;
    List *worker_tlist; // TargetEntry list of the worker query
    List *group_exprs;  // Expr per group key, in worker column order (first columns)
    bool failed;
    ParseState *pstate;
    // Arguments of DISTINCT aggregates, added to the worker's grouping so that each worker
    // returns their distinct values: the worker columns (Var) and the extra group clauses.
    List *distinct_exprs;
    List *distinct_columns;
    List *extra_groups;
    Index next_group_ref;
};

// Adds `expr` as a worker output column; returns a Var of the coordinator query reading it.
Var *add_worker_column(AggregateSplit *split, Expr *expr, const char *name);

// Rewrites a coordinator expression: group keys and aggregates read worker columns (adding the
// partial aggregates to the worker query). Sets split->failed for what cannot be split.
Node *combine_mutator(Node *node, AggregateSplit *split);

} // namespace tessera::planner
