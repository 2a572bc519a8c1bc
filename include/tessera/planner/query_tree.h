// Small helpers over analysed query trees shared by the planners.
// PostgreSQL-side functions (palloc, ereport).
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/params.h"
#include "nodes/parsenodes.h"
}

namespace tessera::planner {

// `expr` without binary-compatible relabelling on top.
Expr *strip_relabel(Expr *expr);

// Appends the AND-ed conjuncts of `qual` (an expression or an implicit-AND List) to `list`.
List *add_conjuncts(List *list, Node *qual);

// Appends to `quals` the conditions under join tree `node` that restrict every row of their
// inputs: WHERE clauses and inner-join conditions (not outer-join ones).
List *restricting_quals(Node *node, List *quals);

// A copy of `query` with every external parameter replaced by a constant holding its value in
// `params` (left alone when `params` is nullptr).
Query *bind_params(Query *query, ParamListInfo params);

} // namespace tessera::planner
