// The rewrites deparse.cpp applies to a copy of a shard query before ruleutils prints it
// (deparse_rewrites.cpp). Internal to the planner.
#pragma once

#include "tessera/pg/pg_includes.h"

extern "C" {
#include "nodes/parsenodes.h"
}

namespace tessera::planner {

// Rewrites `query` (a copy, changed in place) so that ruleutils prints SQL a worker reads back
// as the same query: UPDATE / ON CONFLICT DO UPDATE SET lists split into one entry per
// assignment and in multiple-assignment order, output columns that would shadow a bare-printed
// column renamed, and an explicit alias on every relation (shard names replace table names).
void rewrite_for_printing(Query *query);

// `expr` (changed in place) with the row comparisons whose columns compare with operators of
// different schemas spelled column by column, as ruleutils would print them wrong otherwise.
Node *expand_row_compares(Node *expr);

} // namespace tessera::planner
